import { mintApiKey, parseApiKey, secretMatches } from './api-key-secret';

describe('API key secrets', () => {
  it('a minted key parses back to its id, and its secret matches the stored hash', () => {
    const minted = mintApiKey();
    const parsed = parseApiKey(minted.key);
    expect(parsed?.id).toBe(minted.id);
    expect(minted.id).toMatch(/^[0-9a-f]{12}$/);
    expect(secretMatches(parsed?.secret ?? '', minted.secretHash)).toBe(true);
  });

  it('two minted keys share neither id nor secret', () => {
    const [first, second] = [mintApiKey(), mintApiKey()];
    expect(first.id).not.toBe(second.id);
    expect(first.secretHash).not.toBe(second.secretHash);
  });

  it('a secret with one character changed does not match', () => {
    const minted = mintApiKey();
    const secret = parseApiKey(minted.key)?.secret ?? '';
    const altered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(secretMatches(altered, minted.secretHash)).toBe(false);
  });

  it('a stored hash of the wrong length never matches', () => {
    expect(secretMatches('anything', 'abcd')).toBe(false);
  });

  it.each([
    ['another prefix', `ghp_0123456789ab_${'a'.repeat(43)}`],
    ['an upper-case id', `cdx_0123456789AB_${'a'.repeat(43)}`],
    ['a short secret', 'cdx_0123456789ab_abc'],
    ['trailing text', `cdx_0123456789ab_${'a'.repeat(43)} `],
  ])('text with %s is not an API key', (_case, text) => {
    expect(parseApiKey(text)).toBeUndefined();
  });
});
