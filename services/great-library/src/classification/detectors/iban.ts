import { mod97 } from '../checksums';
import { stars } from '../masking';
import type { Detector } from './detector';

/** Country code, check digits, then the BBAN in groups of four (spaces optional). */
const IBAN = /(?<![\w-])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![\w-])/g;

/** IBAN length per country (SWIFT IBAN registry), for the countries customers bank in most. */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AT: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IS: 26,
  IT: 27,
  KW: 30,
  KZ: 20,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  QA: 29,
  RO: 24,
  SA: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  TR: 26,
  UA: 29,
};

function isValidIban(match: string): boolean {
  const compact = match.replace(/ /g, '');
  if (IBAN_LENGTHS[compact.slice(0, 2)] !== compact.length) return false;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

/** `GB****************6819`: the country and the last four characters. */
function maskIban(match: string): string {
  const compact = match.replace(/ /g, '');
  return `${compact.slice(0, 2)}${stars(compact.length - 6)}${compact.slice(-4)}`;
}

export const ibanDetector: Detector = {
  category: 'iban',
  pattern: IBAN,
  validate: isValidIban,
  mask: maskIban,
};
