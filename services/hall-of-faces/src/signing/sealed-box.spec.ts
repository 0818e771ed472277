import { randomBytes } from 'node:crypto';

import { open, seal } from './sealed-box';

const key = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');

describe('sealed signing keys', () => {
  it('a key sealed before the move to @codex/credentials still opens', () => {
    const sealedBefore = Buffer.from(
      'Wx23RRfKZFm6Uub6PTDxo8C8x3VRJNtE8V/TcFk3WEEwptmanzTxRAvFYgDyq/h0AYSpnIu7ur8lU+oCS7uhLrh5lTbW5ofo',
      'base64',
    );
    expect(open(key, sealedBefore).toString()).toBe('sealed before the move to @codex/credentials');
  });

  it('opens what it sealed, laid out as nonce, tag, then ciphertext', () => {
    const plaintext = Buffer.from('-----BEGIN PRIVATE KEY-----');
    const sealed = seal(key, plaintext);
    expect(sealed).toHaveLength(12 + 16 + plaintext.length);
    expect(open(key, sealed)).toEqual(plaintext);
  });

  it('refuses a tampered value or another key', () => {
    const sealed = seal(key, Buffer.from('secret'));
    const flipped = Buffer.from(sealed);
    flipped[sealed.length - 1] = (flipped[sealed.length - 1] ?? 0) ^ 1;
    expect(() => open(key, flipped)).toThrow();
    expect(() => open(randomBytes(32), sealed)).toThrow();
  });
});
