import type { IssuerConfig } from '../config';
import { FairCheckQueue } from './fair-check-queue';

/** A check that finishes when the test says so, recording when it started. */
function gatedCheck(started: string[], name: string) {
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    finish: () => finish(),
    check: async () => {
      started.push(name);
      await done;
      return name;
    },
  };
}

const queueOf = (concurrentChecks: number) =>
  new FairCheckQueue({ signIn: { concurrentChecks } } as IssuerConfig);

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('FairCheckQueue', () => {
  it('runs at most the configured number of checks at once, and one tenant all but one of them', async () => {
    const queue = queueOf(3);
    const started: string[] = [];
    const a = ['a1', 'a2', 'a3'].map((name) => gatedCheck(started, name));
    const b = gatedCheck(started, 'b1');
    const results = [...a.map((gate) => queue.run('a', gate.check)), queue.run('b', b.check)];
    await settle();
    expect(started).toEqual(['a1', 'a2', 'b1']);
    b.finish();
    await settle();
    expect(started).toEqual(['a1', 'a2', 'b1']);
    a[0]?.finish();
    await settle();
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3']);
    for (const gate of a) gate.finish();
    await expect(Promise.all(results)).resolves.toEqual(['a1', 'a2', 'a3', 'b1']);
  });

  it("starts a waiting tenant's check before the rest of a flooding tenant's", async () => {
    const queue = queueOf(1);
    const started: string[] = [];
    const flood = ['a1', 'a2', 'a3', 'a4'].map((name) => gatedCheck(started, name));
    const other = gatedCheck(started, 'b1');
    const results = [
      ...flood.map((gate) => queue.run('tenant-a', gate.check)),
      queue.run('tenant-b', other.check),
    ];
    await settle();
    flood[0]?.finish();
    await settle();
    flood[1]?.finish();
    await settle();
    expect(started).toEqual(['a1', 'a2', 'b1']);
    other.finish();
    for (const gate of flood) gate.finish();
    await Promise.all(results);
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3', 'a4']);
  });

  it('answers 429 to a tenant with too many checks waiting, and frees the slot of a failed check', async () => {
    const queue = queueOf(1);
    const started: string[] = [];
    const first = gatedCheck(started, 'first');
    const running = queue.run('a', first.check);
    const waiting = Array.from({ length: 50 }, (_, i) => queue.run('a', () => Promise.resolve(i)));
    await expect(queue.run('a', () => Promise.resolve(-1))).rejects.toMatchObject({
      oauthCode: 'too_many_attempts',
      retryAfterSeconds: 1,
    });
    first.finish();
    await running;
    await Promise.all(waiting);
    await expect(queue.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run('a', () => Promise.resolve('after'))).resolves.toBe('after');
  });
});
