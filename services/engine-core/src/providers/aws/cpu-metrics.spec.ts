import { type Datapoint, mergeLatest } from './cpu-metrics';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));

describe('mergeLatest', () => {
  it('keeps the newest datapoint of each query, in whatever order they come', () => {
    const latest = new Map<string, Datapoint>();

    mergeLatest(latest, [
      { Id: 'cpu0', Timestamps: [at(5), at(15), at(10)], Values: [20, 40, 30] },
      { Id: 'cpu1', Timestamps: [at(0)], Values: [3] },
    ]);

    expect(latest.get('cpu0')).toEqual({ timestamp: at(15), value: 40 });
    expect(latest.get('cpu1')).toEqual({ timestamp: at(0), value: 3 });
  });

  it('combines the pages of one query, keeping the newer point', () => {
    const latest = new Map<string, Datapoint>();

    mergeLatest(latest, [{ Id: 'cpu0', Timestamps: [at(20)], Values: [55] }]);
    mergeLatest(latest, [{ Id: 'cpu0', Timestamps: [at(10)], Values: [12] }]);

    expect(latest.get('cpu0')).toEqual({ timestamp: at(20), value: 55 });
  });

  it('leaves out a query without datapoints', () => {
    const latest = new Map<string, Datapoint>();

    mergeLatest(latest, [{ Id: 'cpu0', Timestamps: [], Values: [] }]);

    expect(latest.has('cpu0')).toBe(false);
  });
});
