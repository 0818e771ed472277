import type { SeriesDetector } from '../anomalies/series-detector';

/** A series' live detector and the state it had when last saved. */
export interface CachedDetector {
  detector: SeriesDetector;
  /** last_at (ms) and points of the saved row: the detector is current only while they match. */
  lastAt: number;
  points: number;
}

export interface CacheEntry extends CachedDetector {
  bytes: number;
}

/**
 * The detectors of recently scored series, least recently used first, up to a budget of
 * serialised bytes. A detector restored from its JSON costs far more than scoring a batch, so
 * the partition's owner keeps its series' detectors; the saved row stays the truth (a rolled
 * back batch or another replica's leaves the row different, and the row wins).
 */
export class DetectorCache {
  private readonly entries = new Map<string, CacheEntry>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  /** What the cache holds of a series, for the loader to check against the row. */
  peek(key: string): CachedDetector | undefined {
    return this.entries.get(key);
  }

  /** The entry, taken out: the caller scores with its detector and puts it back once saved. */
  take(key: string): CacheEntry | undefined {
    const entry = this.entries.get(key);
    if (entry) this.forget(key);
    return entry;
  }

  put(key: string, cached: CachedDetector, bytes: number): void {
    this.forget(key);
    if (bytes > this.budgetBytes) return;
    this.entries.set(key, { ...cached, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
