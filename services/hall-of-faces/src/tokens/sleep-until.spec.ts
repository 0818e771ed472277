import { sleepUntil } from './sleep-until';

describe('sleepUntil', () => {
  it('keeps sleeping when a timer fires before the instant is reached', async () => {
    let time = 1_000;
    const waits: number[] = [];
    const earlyTimer = (ms: number) => {
      waits.push(ms);
      time += Math.max(1, ms - 2);
      return Promise.resolve();
    };
    await sleepUntil(2_000, () => time, earlyTimer);
    expect(time).toBeGreaterThanOrEqual(2_000);
    expect(waits).toEqual([1_000, 2, 1]);
  });

  it('returns at once for an instant already past', async () => {
    const waits: number[] = [];
    await sleepUntil(
      500,
      () => 1_000,
      (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    );
    expect(waits).toEqual([]);
  });
});
