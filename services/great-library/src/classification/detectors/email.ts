import type { Detector } from './detector';

const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])/g;

const EMAIL_AT = new RegExp(EMAIL.source, 'y');

/** Letters, digits and `._%+-`: the local part's characters, and what may not precede it. */
function isLocalCharacter(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 46 || // .
    code === 95 || // _
    code === 37 || // %
    code === 43 || // +
    code === 45 // -
  );
}

/**
 * The matches of EMAIL without trying it at every position: a match starts where the run of
 * local-part characters before an `@` starts (the look-behind allows no other start), so
 * only those starts are tried, and none inside the previous match.
 */
function emailMatches(text: string): string[] {
  const found: string[] = [];
  let previousEnd = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && isLocalCharacter(text.charCodeAt(start - 1))) start -= 1;
    if (start === at || at - start > 64 || start < previousEnd) continue;
    EMAIL_AT.lastIndex = start;
    const match = EMAIL_AT.exec(text);
    if (match) {
      found.push(match[0]);
      previousEnd = EMAIL_AT.lastIndex;
    }
  }
  return found;
}

function isValidEmail(match: string): boolean {
  const at = match.lastIndexOf('@');
  const local = match.slice(0, at);
  const domain = match.slice(at + 1);
  if (match.length > 254) return false;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  return domain.split('.').every((label) => !label.startsWith('-') && !label.endsWith('-'));
}

/** `j***@e***.com`: the first letter of the local part and of the domain, and the TLD. */
function maskEmail(match: string): string {
  const at = match.lastIndexOf('@');
  const domain = match.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = domain.slice(dot + 1);
  const shownTld = tld.length > 3 ? `${tld.slice(0, 3)}*` : tld;
  return `${match[0] ?? ''}***@${domain[0] ?? ''}***.${shownTld}`;
}

export const emailDetector: Detector = {
  category: 'email',
  pattern: EMAIL,
  matches: emailMatches,
  validate: isValidEmail,
  mask: maskEmail,
};
