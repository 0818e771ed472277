import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new key as the user sees it once, and what is stored of it. */
export interface MintedApiKey {
  id: string;
  key: string;
  secretHash: string;
}

const KEY_FORMAT = /^cdx_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** `cdx_<12 hex id>_<32 random bytes, base64url>`. */
export function mintApiKey(): MintedApiKey {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `cdx_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** The key's id and secret, or undefined when the text is not a Codex API key at all. */
export function parseApiKey(key: string): { id: string; secret: string } | undefined {
  const match = KEY_FORMAT.exec(key);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : undefined;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
