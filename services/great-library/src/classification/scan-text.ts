import type { Classification } from './classification';
import { MAX_EXAMPLES } from './classification';
import type { Detector } from './detectors';

function allMatches(pattern: RegExp, text: string): string[] {
  const found: string[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    found.push(match[0]);
  }
  return found;
}

/** Counts and masked examples of every validated match of each detector in `text`. */
export function scanText(
  text: string,
  detectors: readonly Detector[],
): Pick<Classification, 'counts' | 'examples'> {
  const counts: Classification['counts'] = {};
  const examples: Classification['examples'] = {};
  for (const detector of detectors) {
    let found = 0;
    let masked: string[] | undefined;
    for (const value of detector.matches
      ? detector.matches(text)
      : allMatches(detector.pattern, text)) {
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
