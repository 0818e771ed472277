/**
 * A contextual novelty score, in the spirit of the Contextual Anomaly Detector (CAD OSE): values
 * fall into a few buckets of two grids offset by half a bucket, the last few buckets of each grid
 * form contexts, and the score is the share of (context → bucket) transitions never seen before.
 * The grid is fixed from the first points' range (beyond it buckets simply run on), so contexts
 * keep their meaning; the memory keeps the most recently used transitions only.
 */
export interface ContextState {
  /** The range of the first points (null before any), then the bucket width (0 until fixed); `min` is the grid's origin. */
  min: number | null;
  max: number | null;
  width: number;
  /** The last buckets of each grid, newest last. */
  history: number[][];
  /** Seen transitions, least recently used first (an older state holds [key, times] pairs). */
  seen: SeenTransitions | [string, number][];
}

/** Transitions as one `|`-joined string of keys and their counts: compact JSON, nothing to escape. */
export interface SeenTransitions {
  keys: string;
  counts: number[];
}

export interface ContextConfig {
  /** Buckets across the range of the first points. */
  buckets: number;
  /** Contexts of 1 … `orders` previous buckets. */
  orders: number;
  /** The most transitions kept. */
  capacity: number;
}

const GRIDS = 2;

export function emptyContext(): ContextState {
  return {
    min: null,
    max: null,
    width: 0,
    history: Array.from({ length: GRIDS }, () => []),
    seen: { keys: '', counts: [] },
  };
}

/** The bookkeeping of a context state, with its transitions in a Map for speed. */
export class ContextMemory {
  private readonly seen: Map<string, number>;

  constructor(
    private readonly state: ContextState,
    private readonly config: ContextConfig,
  ) {
    this.seen = Array.isArray(state.seen) ? new Map(state.seen) : unpack(state.seen);
    state.seen = { keys: '', counts: [] };
  }

  /** Learns the range while the grid is not yet fixed. */
  observeRange(value: number): void {
    this.state.min = Math.min(this.state.min ?? value, value);
    this.state.max = Math.max(this.state.max ?? value, value);
  }

  /** Fixes the grid from the range seen so far. */
  fixGrid(): void {
    const s = this.state;
    if (s.width > 0) return;
    s.min ??= 0;
    s.max ??= 0;
    const range = s.max - s.min;
    s.width = range > 0 ? range / this.config.buckets : 1e-9 + 1e-3 * Math.abs(s.max);
  }

  /** The share of this value's transitions never seen before (0 before the grid is fixed), then learns them. */
  novelty(value: number, phase: number | null = null): number {
    const s = this.state;
    if (!(s.width > 0) || s.min === null) return 0;
    let novel = 0;
    let total = 0;
    for (let g = 0; g < GRIDS; g++) {
      const bucket = Math.floor((value - s.min) / s.width + g / GRIDS);
      const history = s.history[g] ?? [];
      let key = `${g}`;
      for (let k = 1; k <= this.config.orders && k <= history.length; k++) {
        key += `,${history[history.length - k]}`;
        const transition = `${key}>${bucket}`;
        const count = this.seen.get(transition) ?? 0;
        total += 1;
        if (count === 0) novel += 1;
        this.remember(transition, count);
      }
      if (phase !== null) {
        const transition = `${g}@${phase}>${bucket}`;
        const count = this.seen.get(transition) ?? 0;
        total += 1;
        if (count === 0) novel += 1;
        this.remember(transition, count);
      }
      history.push(bucket);
      if (history.length > this.config.orders) history.shift();
      s.history[g] = history;
    }
    return total === 0 ? 0 : novel / total;
  }

  /** Counts a transition as the most recently used, forgetting the least recently used beyond capacity. */
  private remember(transition: string, count: number): void {
    this.seen.delete(transition);
    this.seen.set(transition, count + 1);
    if (this.seen.size > this.config.capacity) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  /** The state as plain JSON, transitions included; it shares its arrays with the live state. */
  persist(): ContextState {
    return {
      ...this.state,
      seen: { keys: [...this.seen.keys()].join('|'), counts: [...this.seen.values()] },
    };
  }
}

function unpack({ keys, counts }: SeenTransitions): Map<string, number> {
  const seen = new Map<string, number>();
  if (keys) keys.split('|').forEach((key, i) => seen.set(key, counts[i] ?? 1));
  return seen;
}
