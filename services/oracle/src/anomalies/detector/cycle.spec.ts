import { inferPeriod } from './cycle';

const MINUTE = 60_000;

function gaps(intervalMs: number): number[] {
  return new Array<number>(16).fill(intervalMs);
}

describe('the cycle of a series', () => {
  it('is a day in points for metrics sampled every five minutes or every hour', () => {
    expect(inferPeriod(gaps(5 * MINUTE), 400)).toBe(288);
    expect(inferPeriod(gaps(60 * MINUTE), 400)).toBe(24);
  });

  it('is a week in points for a daily series such as daily cost', () => {
    expect(inferPeriod(gaps(24 * 60 * MINUTE), 400)).toBe(7);
  });

  it('goes by the typical gap, not the odd missing sample', () => {
    const irregular = [...gaps(5 * MINUTE).slice(0, 13), 60 * MINUTE, 4 * MINUTE, 6 * MINUTE];
    expect(inferPeriod(irregular, 400)).toBe(288);
  });

  it('is none when a day holds more points than the detector keeps', () => {
    expect(inferPeriod(gaps(MINUTE), 400)).toBe(0);
  });
});
