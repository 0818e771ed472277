import { atMostEvery } from './at-most-every';

describe('atMostEvery', () => {
  it('reports the first call, holds back the rest of the interval, then says how many it held', () => {
    let clock = 0;
    const reports: [string, number][] = [];
    const warn = atMostEvery<string>(
      10_000,
      (value, heldBack) => reports.push([value, heldBack]),
      () => clock,
    );
    warn('a');
    clock = 25;
    warn('b');
    clock = 9_999;
    warn('c');
    clock = 10_000;
    warn('d');
    clock = 10_001;
    warn('e');
    expect(reports).toEqual([
      ['a', 0],
      ['d', 2],
    ]);
  });
});
