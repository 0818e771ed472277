import { isIPv4, isIPv6 } from 'node:net';

import { findNumbers } from 'libphonenumber-js/max';

export type RedactedKind =
  | 'private_key'
  | 'jwt'
  | 'bearer_token'
  | 'url_password'
  | 'password'
  | 'aws_access_key'
  | 'aws_secret_key'
  | 'email'
  | 'ip'
  | 'phone';

interface Rule {
  kind: RedactedKind;
  pattern: RegExp;
  /** The part of the match that is replaced (default: all of it). */
  group?: number;
  valid?: (value: string) => boolean;
}

/** Longest and most specific first: a JWT inside a bearer header is one token, a key block one key. */
const RULES: Rule[] = [
  {
    kind: 'private_key',
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g,
  },
  { kind: 'jwt', pattern: /\beyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]*/g },
  { kind: 'bearer_token', pattern: /\b(?:Bearer|Basic|token)\s+([\w~+/.=-]{12,})/gi, group: 1 },
  // scheme://user:password@host: the password only, the rest says what it connects to.
  { kind: 'url_password', pattern: /\b[a-z][\w+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@/gi, group: 1 },
  // Connection strings and assignments: Password=…; "password": "…", secret: …, api_key=…
  {
    kind: 'password',
    pattern:
      /\b(?:password|passwd|pwd|secret|client_secret|api[_-]?key|access[_-]?token|auth[_-]?token|secret[_-]?access[_-]?key|account[_-]?key)["']?\s*[:=]\s*["']?([^\s"';,&]{4,})/gi,
    group: 1,
  },
  { kind: 'aws_access_key', pattern: /\b(?:AKIA|ASIA|AIDA|AROA)[A-Z2-7]{16}\b/g },
  // 40 characters of base64 with both cases: an AWS secret access key, not a hex digest.
  {
    kind: 'aws_secret_key',
    pattern: /(?<![\w/+])[A-Za-z0-9/+]{40}(?![\w/+=])/g,
    valid: (value) => /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value),
  },
  { kind: 'email', pattern: /\b[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b/gi },
  { kind: 'ip', pattern: /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])/g, valid: isIPv4Address },
  {
    kind: 'ip',
    pattern: /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi,
    valid: (value) => isIPv6(value),
  },
];

const DECIMAL = /^\d+\.\d+$/;

export interface Redaction {
  text: string;
  /** How many values of each kind were replaced. */
  counts: Partial<Record<RedactedKind, number>>;
}

/**
 * Replaces personal data and secrets with placeholders before text leaves for an LLM:
 * `[EMAIL_1]`, `[AWS_SECRET_KEY_1]`… The same value gets the same placeholder throughout
 * one redactor, so the model can still tell two people apart without seeing either.
 */
export class Redactor {
  private readonly placeholders = new Map<string, string>();
  private readonly counts: Partial<Record<RedactedKind, number>> = {};

  redact(text: string): string {
    let result = text;
    for (const rule of RULES) {
      result = result.replace(rule.pattern, (match: string, ...groups: unknown[]) => {
        const group = rule.group === undefined ? match : groups[rule.group - 1];
        const value = typeof group === 'string' ? group : '';
        if (!value || value.startsWith('[') || (rule.valid && !rule.valid(value))) return match;
        return match.replace(value, this.placeholderOf(rule.kind, value));
      });
    }
    return this.redactPhones(result);
  }

  summary(): Redaction['counts'] {
    return { ...this.counts };
  }

  private redactPhones(text: string): string {
    const found = findNumbers(text, { defaultCountry: 'US', v2: true });
    let result = '';
    let from = 0;
    for (const phone of found) {
      // A decimal amount (a cost, a ratio) is not a phone number.
      if (DECIMAL.test(text.slice(phone.startsAt, phone.endsAt))) continue;
      result += text.slice(from, phone.startsAt) + this.placeholderOf('phone', phone.number.number);
      from = phone.endsAt;
    }
    return result + text.slice(from);
  }

  private placeholderOf(kind: RedactedKind, value: string): string {
    const key = `${kind}\u0000${value}`;
    let placeholder = this.placeholders.get(key);
    if (!placeholder) {
      const n = (this.counts[kind] ?? 0) + 1;
      this.counts[kind] = n;
      placeholder = `[${kind.toUpperCase()}_${n}]`;
      this.placeholders.set(key, placeholder);
    }
    return placeholder;
  }
}

/** One text redacted on its own. */
export function redact(text: string): Redaction {
  const redactor = new Redactor();
  return { text: redactor.redact(text), counts: redactor.summary() };
}

function isIPv4Address(value: string): boolean {
  return isIPv4(value);
}
