import type { Category } from './categories';

/** Why content was not scanned. */
export type SkipReason = 'binary' | 'unreadable_gzip';

/** What a scan found: counts and masked examples only, never a matched value. */
export interface Classification {
  readonly counts: Partial<Record<Category, number>>;
  /** Masked, at most `MAX_EXAMPLES` distinct ones per category. */
  readonly examples: Partial<Record<Category, string[]>>;
  /** Bytes of (decompressed) content scanned. */
  readonly scannedBytes: number;
  readonly skipped?: SkipReason;
}

export const MAX_EXAMPLES = 3;
