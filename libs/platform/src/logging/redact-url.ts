/** What stands in a logged URL for a query value that may be a credential. */
export const REDACTED = '[REDACTED]';

/** Query parameter names whose values are credentials (compared lower-case, `-` as `_`). */
const SECRET_NAMES = new Set([
  'key',
  'code',
  'sig',
  'pwd',
  'jwt',
  'auth',
  'session',
  'assertion',
  'client_assertion',
]);

/** Any name containing one of these is treated as a credential too (`x_amz_signature`, `id_token`). */
const SECRET_PARTS = [
  'token',
  'secret',
  'password',
  'passwd',
  'signature',
  'credential',
  'api_key',
  'apikey',
  'access_key',
  'private_key',
  'authorization',
];

/** A value holding a JSON Web Token (base64url of `{"`) is redacted whatever its parameter is called. */
const JWT_PREFIX = 'eyJ';

/**
 * The URL as it may be logged: the path and every query parameter name kept,
 * the value of each that may carry a credential replaced by `[REDACTED]`.
 * A URL without a query string is returned as it is, at no cost.
 */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const pairs = url.slice(queryStart + 1).split('&');
  for (let index = 0; index < pairs.length; index++) {
    const pair = pairs[index] ?? '';
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    const value = pair.slice(separator + 1);
    if (isSecretName(pair.slice(0, separator)) || looksLikeJwt(value)) {
      pairs[index] = `${pair.slice(0, separator + 1)}${REDACTED}`;
    }
  }
  return `${url.slice(0, queryStart + 1)}${pairs.join('&')}`;
}

function isSecretName(encoded: string): boolean {
  const name = decodeLeniently(encoded).toLowerCase().replaceAll('-', '_');
  return SECRET_NAMES.has(name) || SECRET_PARTS.some((part) => name.includes(part));
}

function looksLikeJwt(encoded: string): boolean {
  return encoded.includes(JWT_PREFIX) || decodeLeniently(encoded).includes(JWT_PREFIX);
}

function decodeLeniently(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replaceAll('+', ' '));
  } catch {
    return encoded;
  }
}
