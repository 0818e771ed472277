import type { Category } from '../categories';

/** Finds one category of sensitive value in text. */
export interface Detector {
  readonly category: Category;
  /** Global; also what the bare scan runs. Callers reset `lastIndex` before scanning. */
  readonly pattern: RegExp;
  /** Exactly the matches of `pattern`, found faster; absent where the pattern is fast enough. */
  readonly matches?: (text: string) => string[];
  /** Whether a match of `pattern` is a real value of the category, not a look-alike. */
  validate(match: string): boolean;
  /** A form fit for reports: never the value, never more than 4 of its characters in a row. */
  mask(match: string): string;
}
