/** What stands in a logged URL for a query value that may be a credential. */
export const REDACTED = '[REDACTED]';

/** Query parameter names whose values are credentials (any case, `-` or `_`). */
const SECRET_NAMES = [
  'key',
  'code',
  'sig',
  'pwd',
  'jwt',
  'auth',
  'session',
  'assertion',
  'client_assertion',
];

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

const pattern = (words: string[]) => words.join('|').replaceAll('_', '[-_]');
const SECRET_NAME = new RegExp(`^(?:${pattern(SECRET_NAMES)})$|${pattern(SECRET_PARTS)}`, 'i');
/** A query string that matches none of these has nothing to redact: one test, then done. */
const ANY_HINT = new RegExp(`${pattern([...SECRET_NAMES, ...SECRET_PARTS])}|${JWT_PREFIX}|%`, 'i');

/**
 * The URL as it may be logged: the path and every query parameter name kept,
 * the value of each that may carry a credential replaced by `[REDACTED]`.
 * A URL without a query string, or with nothing to redact, is returned as it is.
 */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0 || !ANY_HINT.test(url.slice(queryStart + 1))) return url;
  const pairs = url.slice(queryStart + 1).split('&');
  let redacted = false;
  for (let index = 0; index < pairs.length; index++) {
    const pair = pairs[index] ?? '';
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    const name = decoded(pair.slice(0, separator));
    if (SECRET_NAME.test(name) || decoded(pair.slice(separator + 1)).includes(JWT_PREFIX)) {
      pairs[index] = `${pair.slice(0, separator + 1)}${REDACTED}`;
      redacted = true;
    }
  }
  return redacted ? `${url.slice(0, queryStart + 1)}${pairs.join('&')}` : url;
}

/** Percent-decoded when there is something to decode; as it is when it does not decode. */
function decoded(encoded: string): string {
  if (!encoded.includes('%') && !encoded.includes('+')) return encoded;
  try {
    return decodeURIComponent(encoded.replaceAll('+', ' '));
  } catch {
    return encoded;
  }
}
