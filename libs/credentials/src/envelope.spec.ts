import { randomBytes } from 'node:crypto';

import { openSealedSecret, sealSecret } from './envelope';
import { LocalKeyWrapper } from './local-key-wrapper';
import { SecretUnsealError } from './sealed-secret';

const secret = JSON.stringify({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'shh-very-secret' });
const context = 'tenant-a:account-1';

describe('envelope encryption of cloud credentials', () => {
  const kek1 = randomBytes(32);
  const wrapper = new LocalKeyWrapper(new Map([['kek-1', kek1]]), 'kek-1');

  it('opens what it sealed, and the sealed form does not contain the secret', async () => {
    const sealed = await sealSecret(secret, wrapper, context);
    expect(Buffer.from(sealed.ciphertext).toString('utf8')).not.toContain('shh-very-secret');
    expect(sealed.kekId).toBe('kek-1');
    await expect(openSealedSecret(sealed, wrapper, context)).resolves.toBe(secret);
  });

  it('uses a fresh data key and IV for every seal', async () => {
    const [a, b] = await Promise.all([
      sealSecret(secret, wrapper, context),
      sealSecret(secret, wrapper, context),
    ]);
    expect(Buffer.from(a.wrappedDataKey).equals(Buffer.from(b.wrappedDataKey))).toBe(false);
    expect(Buffer.from(a.iv).equals(Buffer.from(b.iv))).toBe(false);
    expect(Buffer.from(a.ciphertext).equals(Buffer.from(b.ciphertext))).toBe(false);
  });

  it('refuses a tampered ciphertext, another context, or another KEK', async () => {
    const sealed = await sealSecret(secret, wrapper, context);
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    await expect(
      openSealedSecret({ ...sealed, ciphertext: flipped }, wrapper, context),
    ).rejects.toBeInstanceOf(SecretUnsealError);
    await expect(openSealedSecret(sealed, wrapper, 'tenant-b:account-1')).rejects.toBeInstanceOf(
      SecretUnsealError,
    );
    const stranger = new LocalKeyWrapper(new Map([['kek-1', randomBytes(32)]]), 'kek-1');
    await expect(openSealedSecret(sealed, stranger, context)).rejects.toBeInstanceOf(
      SecretUnsealError,
    );
  });

  it('still opens secrets sealed under a previous KEK after the active one rotates', async () => {
    const sealed = await sealSecret(secret, wrapper, context);
    const rotated = new LocalKeyWrapper(
      new Map([
        ['kek-1', kek1],
        ['kek-2', randomBytes(32)],
      ]),
      'kek-2',
    );
    await expect(openSealedSecret(sealed, rotated, context)).resolves.toBe(secret);
    expect((await sealSecret(secret, rotated, context)).kekId).toBe('kek-2');
  });
});
