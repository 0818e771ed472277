import type { Detector } from './detector';

/** Three base64url segments; a JSON header starts with `{`, which encodes to `e`. */
const JWT =
  /(?<![\w-])e[A-Za-z0-9_-]{10,}\.e[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?![\w-]|\.[A-Za-z0-9_-])/g;

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isValidJwt(match: string): boolean {
  const [header, payload, signature = ''] = match.split('.');
  const decodedHeader = decodeJson(header ?? '');
  if (!isObject(decodedHeader) || typeof decodedHeader.alg !== 'string') return false;
  // Only an unsecured token may come without a signature.
  if (signature === '' && decodedHeader.alg !== 'none') return false;
  return isObject(decodeJson(payload ?? ''));
}

export const jwtDetector: Detector = {
  category: 'jwt',
  pattern: JWT,
  validate: isValidJwt,
  mask: () => 'eyJ***.eyJ***.***',
};
