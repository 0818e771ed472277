import type { Detector } from './detector';

/** Two letters, six digits (optionally in pairs apart by spaces), a suffix A–D. */
const UK_NINO = /(?<![\w-])[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w-])/g;

const NOT_FIRST = new Set('DFIQUV');
const NOT_SECOND = new Set('DFIOQUV');
/** Prefixes HMRC never allocates (administrative and temporary numbers). */
const NOT_ALLOCATED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

function isValidNino(match: string): boolean {
  const first = match.charAt(0);
  const second = match.charAt(1);
  return !NOT_FIRST.has(first) && !NOT_SECOND.has(second) && !NOT_ALLOCATED.has(first + second);
}

export const ukNinoDetector: Detector = {
  category: 'uk_nino',
  pattern: UK_NINO,
  validate: isValidNino,
  /** `AB******C`: the prefix and the suffix letter. */
  mask: (match) => `${match.slice(0, 2)}******${match.slice(-1)}`,
};
