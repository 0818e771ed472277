import { passesElevenProof } from '../checksums';
import type { Detector } from './detector';

/** Nine digits standing alone (not part of a longer number, a decimal or a code). */
const NL_BSN = /(?<![\w+./-])\d{9}(?![\w+/-]|\.\d)/g;

export const nlBsnDetector: Detector = {
  category: 'nl_bsn',
  pattern: NL_BSN,
  validate: passesElevenProof,
  /** `******782`. */
  mask: (match) => `******${match.slice(-3)}`,
};
