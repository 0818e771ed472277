import type { Detector } from './detector';

const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])/g;

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
  validate: isValidEmail,
  mask: maskEmail,
};
