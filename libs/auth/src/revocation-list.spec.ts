import { AuthError } from './auth-error';
import { RevocationList } from './revocation-list';
import type { Revocation, RevocationStore } from './revocation-store';

/** The shared store as Redis holds it: state and an ordered change feed. */
class StoreInMemory implements RevocationStore {
  readonly feed: Revocation[] = [];
  available = true;

  snapshot() {
    return this.read(() => {
      const state = new Map(this.feed.map((r) => [`${r.tenantId} ${r.subject}`, r]));
      return { revocations: [...state.values()], cursor: String(this.feed.length) };
    });
  }

  changesSince(cursor: string) {
    return this.read(() => ({
      revocations: this.feed.slice(Number(cursor)),
      cursor: String(this.feed.length),
    }));
  }

  publish(revocations: readonly Revocation[]) {
    return this.read(() => void this.feed.push(...revocations));
  }

  prune() {
    return Promise.resolve(0);
  }

  private read<T>(answer: () => T): Promise<T> {
    return this.available ? Promise.resolve(answer()) : Promise.reject(new Error('down'));
  }
}

const token = (subject: string, issuedAt: number, tenantId = 'acme') => ({
  subject,
  tenantId,
  issuedAt: new Date(issuedAt),
});

function refusal(check: () => void): string | undefined {
  try {
    check();
  } catch (error) {
    if (error instanceof AuthError) return error.message;
    throw error;
  }
  return undefined;
}

describe('the revocation list', () => {
  const options = { pollIntervalMs: 60_000, resyncIntervalMs: 60_000, onUnavailable: () => {} };

  it("refuses a subject's tokens issued before its revocation, and accepts later ones", async () => {
    const store = new StoreInMemory();
    const list = new RevocationList(store, options);
    await list.start();
    await store.publish([{ tenantId: 'acme', subject: 'dana', notBefore: 2_000 }]);
    await list.poll();
    expect(refusal(() => list.assertCurrent(token('dana', 1_000)))).toBe('the token was revoked');
    expect(refusal(() => list.assertCurrent(token('dana', 2_000)))).toBeUndefined();
    expect(refusal(() => list.assertCurrent(token('dana', 1_000, 'hooli')))).toBeUndefined();
    await list.stop();
  });

  it('refuses every token of a suspended tenant until it is resumed', async () => {
    const store = new StoreInMemory();
    const writer = new RevocationList(store, options);
    const reader = new RevocationList(store, options);
    await Promise.all([writer.start(), reader.start()]);
    await writer.publish([{ tenantId: 'acme', subject: '*', notBefore: Infinity }]);
    await reader.poll();
    expect(refusal(() => reader.assertCurrent(token('anyone', 9_999_999)))).toBe(
      'the tenant is suspended',
    );
    await writer.publish([{ tenantId: 'acme', subject: '*', notBefore: 5_000 }]);
    await reader.poll();
    expect(refusal(() => reader.assertCurrent(token('anyone', 6_000)))).toBeUndefined();
    expect(refusal(() => reader.assertCurrent(token('anyone', 4_000)))).toBeDefined();
  });

  it('keeps enforcing what it knew while the store cannot be read', async () => {
    const store = new StoreInMemory();
    const list = new RevocationList(store, { ...options, resyncIntervalMs: 0 });
    await store.publish([{ tenantId: 'acme', subject: 'dana', notBefore: 2_000 }]);
    await list.start();
    store.available = false;
    await list.poll();
    expect(refusal(() => list.assertCurrent(token('dana', 1_000)))).toBeDefined();
    await list.stop();
  });

  it('learns revocations made before it started', async () => {
    const store = new StoreInMemory();
    await store.publish([{ tenantId: 'acme', subject: 'dana', notBefore: 2_000 }]);
    const list = new RevocationList(store, options);
    await list.start();
    expect(refusal(() => list.assertCurrent(token('dana', 1_000)))).toBeDefined();
    await list.stop();
  });
});
