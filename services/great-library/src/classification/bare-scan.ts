import type { Category } from './categories';
import { ALL_DETECTORS } from './detector-set';

/**
 * The detectors' patterns with no validation, masking or decoding: the floor a classifier's
 * throughput is measured against. Counts raw matches per category.
 */
export function bareScan(text: string): Partial<Record<Category, number>> {
  const counts: Partial<Record<Category, number>> = {};
  for (const { category, pattern } of ALL_DETECTORS) {
    pattern.lastIndex = 0;
    let found = 0;
    while (pattern.exec(text) !== null) found += 1;
    if (found > 0) counts[category] = found;
  }
  return counts;
}
