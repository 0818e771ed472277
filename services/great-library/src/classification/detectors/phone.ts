import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

import { digitsOf, stars } from '../masking';
import type { Detector } from './detector';

/**
 * International numbers (`+` and the country code, groups apart by space, dot or dash) and,
 * for the default region, national forms: `(212) 555-0123`, `212-555-0123`, `020 7946 0958`.
 * Not after a digit and a space, so the tail of a card or an IBAN is not a number.
 */
const PHONE =
  /(?<![\w+.-]|\d )(?:\+[1-9]\d*(?:[ .-](?:\(\d+\)\d*|\d+)|\(\d+\)\d*)*|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4}|0\d{1,4}(?:[ -]\d{2,8}){1,3})(?![\w+-]|\.\d)/g;

const MIN_DIGITS = 8;
const MAX_DIGITS = 15;

/** `+*********23`: the plus sign, if any, and the last two digits. */
function maskPhone(match: string): string {
  const digits = digitsOf(match);
  return `${match.startsWith('+') ? '+' : ''}${stars(digits.length - 2)}${digits.slice(-2)}`;
}

/** A phone detector that reads national forms as numbers of `defaultRegion`. */
export function phoneDetector(defaultRegion: CountryCode): Detector {
  return {
    category: 'phone',
    pattern: PHONE,
    validate(match) {
      let digits = 0;
      for (let i = 0; i < match.length; i += 1) {
        const code = match.charCodeAt(i);
        if (code >= 48 && code <= 57) digits += 1;
      }
      if (digits < MIN_DIGITS || digits > MAX_DIGITS) return false;
      return parsePhoneNumberFromString(match, defaultRegion)?.isValid() ?? false;
    },
    mask: maskPhone,
  };
}
