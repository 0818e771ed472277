import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('stays between half and all of base·2^attempt', () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const ceiling = 100 * 2 ** attempt;
      for (let i = 0; i < 50; i += 1) {
        const delay = backoffDelay(attempt, 100);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(30, 100, 5_000)).toBeLessThanOrEqual(5_000);
  });
});
