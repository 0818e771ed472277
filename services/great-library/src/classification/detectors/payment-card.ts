import { passesLuhn } from '../checksums';
import { digitsOf } from '../masking';
import type { Detector } from './detector';

/** 13–19 digits, optionally in groups apart by one kind of space or dash, not inside a longer run. */
const CARD = /(?<![\w+.-]|\d[ -])\d(?:[ -]?\d){12,18}(?![ -]?\d|[\w])/g;

interface Network {
  readonly prefixes: readonly (readonly [number, number])[];
  readonly lengths: readonly number[];
}

/** Issuer identification ranges (on the first 2–6 digits) and lengths per network. */
const NETWORKS: readonly Network[] = [
  { prefixes: [[4, 4]], lengths: [13, 16, 19] }, // Visa
  {
    prefixes: [
      [51, 55],
      [2221, 2720],
    ],
    lengths: [16],
  }, // Mastercard
  {
    prefixes: [
      [34, 34],
      [37, 37],
    ],
    lengths: [15],
  }, // American Express
  {
    prefixes: [
      [6011, 6011],
      [644, 649],
      [65, 65],
      [622126, 622925],
    ],
    lengths: [16, 17, 18, 19],
  }, // Discover
  { prefixes: [[3528, 3589]], lengths: [16, 17, 18, 19] }, // JCB
  {
    prefixes: [
      [300, 305],
      [36, 36],
      [38, 39],
    ],
    lengths: [14, 15, 16, 17, 18, 19],
  }, // Diners Club
  { prefixes: [[62, 62]], lengths: [16, 17, 18, 19] }, // UnionPay
  {
    prefixes: [
      [5018, 5018],
      [5020, 5020],
      [5038, 5038],
      [6304, 6304],
      [6759, 6759],
      [6761, 6763],
    ],
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
  }, // Maestro
];

function hasKnownIssuer(digits: string): boolean {
  return NETWORKS.some(
    (network) =>
      network.lengths.includes(digits.length) &&
      network.prefixes.some(([low, high]) => {
        const prefix = Number(digits.slice(0, String(low).length));
        return prefix >= low && prefix <= high;
      }),
  );
}

/**
 * Groups as cards are printed: fours ending in a group of three or four (4-4-4-1 for 13
 * digits), or Amex/Diners 4-6-5 and 4-6-4. Other layouts are account numbers, such as the
 * tail of an IBAN.
 */
function hasCardGrouping(match: string): boolean {
  const separators = match.match(/[ -]/g);
  if (!separators) return true;
  if (separators.some((s) => s !== separators[0])) return false;
  const groups = match.split(separators[0] ?? ' ').map((group) => group.length);
  if (groups.length === 3 && groups[0] === 4 && groups[1] === 6) return true;
  const last = groups[groups.length - 1] ?? 0;
  const digits = groups.reduce((sum, length) => sum + length, 0);
  return (
    groups.slice(0, -1).every((length) => length === 4) &&
    (last === 3 || last === 4 || (last === 1 && digits === 13))
  );
}

export const paymentCardDetector: Detector = {
  category: 'payment_card',
  pattern: CARD,
  validate(match) {
    const digits = match.replace(/[ -]/g, '');
    return hasCardGrouping(match) && hasKnownIssuer(digits) && passesLuhn(digits);
  },
  /** `**** **** **** 4242`. */
  mask: (match) => `**** **** **** ${digitsOf(match).slice(-4)}`,
};
