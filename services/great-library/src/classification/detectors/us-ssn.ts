import type { Detector } from './detector';

/**
 * AAA-GG-SSSS with dashes, or with spaces when no digit group stands right before or after
 * (a run of space-separated digits is a card or an account number, not an SSN).
 */
const US_SSN =
  /(?<![\w+.-])(?:\d{3}-\d{2}-\d{4}(?![\w+-]|\.\d)|(?<!\d )\d{3} \d{2} \d{4}(?![\w+-]| \d|\.\d))/g;

function isValidSsn(match: string): boolean {
  const area = Number(match.slice(0, 3));
  const group = match.slice(4, 6);
  const serial = match.slice(7, 11);
  return area !== 0 && area !== 666 && area < 900 && group !== '00' && serial !== '0000';
}

export const usSsnDetector: Detector = {
  category: 'us_ssn',
  pattern: US_SSN,
  validate: isValidSsn,
  /** `***-**-6789`. */
  mask: (match) => `***-**-${match.slice(-4)}`,
};
