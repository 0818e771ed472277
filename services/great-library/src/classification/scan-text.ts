import type { Classification } from './classification';
import { MAX_EXAMPLES } from './classification';
import type { Detector } from './detectors';

/** Counts and masked examples of every validated match of each detector in `text`. */
export function scanText(
  text: string,
  detectors: readonly Detector[],
): Pick<Classification, 'counts' | 'examples'> {
  const counts: Classification['counts'] = {};
  const examples: Classification['examples'] = {};
  for (const detector of detectors) {
    const { pattern } = detector;
    pattern.lastIndex = 0;
    let found = 0;
    let masked: string[] | undefined;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const value = match[0];
      if (!detector.validate(value)) continue;
      found += 1;
      if (!masked) masked = [];
      if (masked.length < MAX_EXAMPLES) {
        const example = detector.mask(value);
        if (!masked.includes(example)) masked.push(example);
      }
    }
    if (found > 0) {
      counts[detector.category] = found;
      examples[detector.category] = masked;
    }
  }
  return { counts, examples };
}
