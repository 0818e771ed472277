import type { ContextConfig, ContextState } from './context';
import { ContextMemory, emptyContext } from './context';
import type { CycleState } from './cycle';
import { emptyCycle, expectedInCycle, observeTime, rememberValue } from './cycle';
import type { EwStats } from './ew-stats';
import { deviation, emptyStats, learn } from './ew-stats';

/** One configuration for every series. */
export interface DetectorConfig {
  /** Points scored 0 while the statistics and records are first learned. */
  warmUp: number;
  /** Weight of a new point in the scale of the values (the floor on deviations). */
  scaleAlpha: number;
  /** Weight of a new point in the variance of steps and of seasonal residuals. */
  residualAlpha: number;
  /** Weight of a new point in the smoothed value (about the last 1/alpha points). */
  smoothAlpha: number;
  /** Weight of a new smoothed value in its long-run mean and variance. */
  smoothLevelAlpha: number;
  /** Weight of a new cycle's value at its moment of the cycle's profile. */
  profileAlpha: number;
  /** The longest cycle kept, in points. */
  maxPeriod: number;
  /** A feature's record halves every `cyclesHalfLife` cycles, and at least every `minHalfLife` points. */
  cyclesHalfLife: number;
  minHalfLife: number;
  /** Records below this many standard deviations count as this many. */
  minRecord: number;
  /** A score is reported in full only when no higher one came in this many points before it. */
  quiet: number;
  /** What any other score is multiplied by. */
  damp: number;
  /**
   * How much an earlier high of the quiet period counts down with its age: a high `quiet` points
   * back counts as (1 − fade) of itself, so a clearly higher score is not held back by an old one.
   */
  fade: number;
  /** Points whose range fixes the grid of the contextual novelty (see `context.ts`). */
  contextGridPoints: number;
  /** Buckets across that range; contexts of up to `contextOrders` previous buckets. */
  contextBuckets: number;
  contextOrders: number;
  /** Moments of the cycle, each a context of its own for the bucket there; 0: none. */
  contextPhases: number;
  /** The most transitions remembered. */
  contextCapacity: number;
  /** The score is 1 − (1 − deviation score) × (1 − contextWeight × novelty^noveltyPower). */
  contextWeight: number;
  noveltyPower: number;
}

export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = {
  warmUp: 200,
  scaleAlpha: 0.01,
  residualAlpha: 0.01,
  smoothAlpha: 0.1,
  smoothLevelAlpha: 0.002,
  profileAlpha: 0.3,
  maxPeriod: 400,
  cyclesHalfLife: 0.75,
  minHalfLife: 100,
  minRecord: 1,
  quiet: 400,
  damp: 0.5,
  fade: 0.07,
  contextGridPoints: 300,
  contextBuckets: 8,
  contextOrders: 3,
  contextPhases: 4,
  contextCapacity: 4000,
  contextWeight: 0.8,
  noveltyPower: 2,
};

const STATE_VERSION = 4;
const QUIET_BLOCKS = 10;
const FEATURES = 3;

/** Plain JSON, bounded by the cycle length: what a detector persists between points. */
export interface DetectorState {
  version: typeof STATE_VERSION;
  count: number;
  previous: number | null;
  /** The previous point's distance from the cycle's profile, once the profile is known. */
  previousResidual: number | null;
  cycle: CycleState;
  scale: EwStats;
  step: EwStats;
  seasonal: EwStats;
  smooth: EwStats;
  smoothLevel: EwStats;
  /** Per feature (step, seasonal residual, smoothed level), a decaying maximum of its deviations. */
  records: number[];
  /** The highest score of the current block of the quiet period, its length so far, and the highs of the blocks before. */
  blockHigh: number;
  blockAge: number;
  blockHighs: number[];
  context: ContextState;
}

function initialState(): DetectorState {
  return {
    version: STATE_VERSION,
    count: 0,
    previous: null,
    previousResidual: null,
    cycle: emptyCycle(),
    scale: emptyStats(),
    step: emptyStats(),
    seasonal: emptyStats(),
    smooth: emptyStats(),
    smoothLevel: emptyStats(),
    records: new Array<number>(FEATURES).fill(0),
    blockHigh: 0,
    blockAge: 0,
    blockHighs: [],
    context: emptyContext(),
  };
}

/**
 * The highest score of the quiet period: the current block's in full, each earlier block's (oldest
 * first) less `fade` × its age in quiet periods, so an old high holds back only a lower score.
 */
export function fadedHigh(current: number, earlier: readonly number[], fade: number): number {
  const blocks = earlier.length;
  return Math.max(
    current,
    ...earlier.map((high, i) => high * (1 - (fade * (blocks - i)) / QUIET_BLOCKS)),
  );
}

/**
 * Either score can raise an alarm alone and together they raise it further; the novelty counts
 * as novelty^power, so a point counts as new mainly when nearly all its transitions are.
 */
export function combineScores(
  deviation: number,
  novelty: number,
  weight: number,
  power: number,
): number {
  return 1 - (1 - deviation) * (1 - weight * Math.pow(novelty, power));
}

/**
 * A streaming anomaly detector for one series. Each point is scored in [0, 1] from the points
 * before it only, then learned. Three deviations — of the step from the previous point (less the
 * step the cycle expects), from the cycle's profile, of the smoothed value from its long-run
 * level — are each measured
 * against that feature's own decaying record, so a high score means "further off than anything
 * seen lately", in either direction and on any scale. Only the first and rising scores of an
 * episode are reported in full: NAB counts the earliest detection in a window and charges the rest.
 */
export class StreamingDetector {
  private state: DetectorState;
  private context: ContextMemory;

  constructor(
    private readonly config: DetectorConfig = DEFAULT_DETECTOR_CONFIG,
    state?: DetectorState,
  ) {
    this.state = initialState();
    this.context = new ContextMemory(this.state.context, this.contextConfig());
    if (state) this.restore(state);
  }

  private contextConfig(): ContextConfig {
    const c = this.config;
    return {
      buckets: c.contextBuckets,
      orders: c.contextOrders,
      capacity: c.contextCapacity,
    };
  }

  score(timestampMs: number, value: number): number {
    const s = this.state;
    observeTime(s.cycle, timestampMs, this.config.maxPeriod);
    const features = this.deviations(value);
    const surprise = this.surprise(features);
    const novelty = this.novelty(value);
    this.learn(value);
    s.count += 1;
    return this.report(this.combine(surprise / (1 + surprise), novelty));
  }

  /** A copy of the state, apart from the detector. */
  snapshot(): DetectorState {
    return structuredClone(this.persisted());
  }

  /** The state as JSON text, written without copying it first. */
  serialize(): string {
    return JSON.stringify(this.persisted());
  }

  /**
   * Continues from a snapshot, which the detector takes over (the caller lets go of it); one
   * from an older version of the detector starts afresh.
   */
  restore(state: DetectorState): void {
    this.state = state.version === STATE_VERSION ? state : initialState();
    this.context = new ContextMemory(this.state.context, this.contextConfig());
  }

  private persisted(): DetectorState {
    return { ...this.state, context: this.context.persist() };
  }

  /** The contextual novelty of the value, learned from the points after the grid's first ones. */
  private novelty(value: number): number {
    const s = this.state;
    if (s.count < this.config.contextGridPoints) {
      this.context.observeRange(value);
      return 0;
    }
    this.context.fixGrid();
    return this.context.novelty(value, this.phase());
  }

  /** The bin of the cycle's moment of this point, once the cycle is known. */
  private phase(): number | null {
    const { cycle } = this.state;
    const bins = this.config.contextPhases;
    if (bins === 0 || cycle.period === 0) return null;
    const at = cycle.values.length < cycle.period ? cycle.values.length : cycle.at;
    return Math.floor((at / cycle.period) * bins);
  }

  /** Either score alone can raise an alarm; together they raise it further. */
  private combine(deviation: number, novelty: number): number {
    if (this.state.count <= this.config.warmUp) return deviation;
    const { contextWeight, noveltyPower } = this.config;
    return combineScores(deviation, novelty, contextWeight, noveltyPower);
  }

  private deviations(value: number): number[] {
    const s = this.state;
    const floor = 1e-9 + 1e-3 * Math.abs(s.scale.mean);
    const expected = expectedInCycle(s.cycle);
    const seasonal = expected === null ? 0 : deviation(s.seasonal, value - expected, floor);
    const change = this.change(value, expected);
    const step = change === null ? 0 : deviation(s.step, change, floor);
    const smooth =
      s.smooth.count === 0
        ? value
        : s.smooth.mean + this.config.smoothAlpha * (value - s.smooth.mean);
    const level = s.smoothLevel.count < 2 ? 0 : deviation(s.smoothLevel, smooth, floor);
    return [step, seasonal, level];
  }

  /** The largest ratio of a feature to its record, then each record learns its feature. */
  private surprise(features: readonly number[]): number {
    const s = this.state;
    let surprise = 0;
    if (s.count >= this.config.warmUp) {
      features.forEach((z, i) => {
        surprise = Math.max(surprise, z / Math.max(s.records[i] ?? 0, this.config.minRecord));
      });
    }
    const halfLife = Math.max(this.config.minHalfLife, this.config.cyclesHalfLife * s.cycle.period);
    const decay = Math.pow(0.5, 1 / halfLife);
    features.forEach((z, i) => {
      s.records[i] = Math.max((s.records[i] ?? 0) * decay, z);
    });
    return surprise;
  }

  private learn(value: number): void {
    const s = this.state;
    const { scaleAlpha, residualAlpha, smoothAlpha, smoothLevelAlpha } = this.config;
    learn(s.scale, Math.abs(value), scaleAlpha);
    const expected = expectedInCycle(s.cycle);
    const change = this.change(value, expected);
    if (change !== null) learn(s.step, change, residualAlpha);
    if (expected !== null) learn(s.seasonal, value - expected, residualAlpha);
    learn(s.smooth, value, smoothAlpha);
    learn(s.smoothLevel, s.smooth.mean, smoothLevelAlpha);
    rememberValue(s.cycle, value, this.config.profileAlpha);
    s.previous = value;
    s.previousResidual = expected === null ? null : value - expected;
  }

  /**
   * The step from the previous point, less the step the cycle expects here once it is known, so
   * a daily jump is not news every day.
   */
  private change(value: number, expected: number | null): number | null {
    const s = this.state;
    if (s.previous === null) return null;
    if (expected === null || s.previousResidual === null) return value - s.previous;
    return value - expected - s.previousResidual;
  }

  /**
   * A score in full when it is the highest of the last `quiet` points (kept as the maxima of ten
   * blocks, each counting down by `fade` with its age), else damped: the first detection of an
   * episode counts, the repeats do not.
   */
  private report(score: number): number {
    const s = this.state;
    const recentHigh = fadedHigh(s.blockHigh, s.blockHighs, this.config.fade);
    s.blockHigh = Math.max(s.blockHigh, score);
    s.blockAge += 1;
    if (s.blockAge >= Math.ceil(this.config.quiet / QUIET_BLOCKS)) {
      s.blockHighs.push(s.blockHigh);
      if (s.blockHighs.length > QUIET_BLOCKS) s.blockHighs.shift();
      s.blockHigh = 0;
      s.blockAge = 0;
    }
    return score > recentHigh ? score : score * this.config.damp;
  }
}
