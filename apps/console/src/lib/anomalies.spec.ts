import {
  anomalySentence,
  impactText,
  liftOverlapping,
  markersOnDays,
  rootCauseText,
  spansOnSeries,
} from './anomalies';
import type { Anomaly } from './oracle-views';

function anomaly(overrides: Partial<Anomaly>): Anomaly {
  return {
    id: 'a1',
    source: 'cost',
    seriesKey: 'aws:111:AmazonEC2',
    subjectUrn: 'codex:cost-scope:service:aws:111:AmazonEC2',
    direction: 'increase',
    startedAt: '2026-11-12T00:00:00.000Z',
    endedAt: '2026-11-12T00:00:00.000Z',
    score: 5,
    actual: 300,
    expected: 100,
    impact: 200,
    currency: 'USD',
    details: {
      service: 'AmazonEC2',
      rootCause: { dimension: 'tag', value: 'team=web', share: 0.8 },
    },
    detectedAt: '2026-11-13T01:00:00.000Z',
    ...overrides,
  };
}

describe('anomalies in words', () => {
  it('names the root cause with its share and the impact with its sign', () => {
    expect(rootCauseText(anomaly({}))).toBe('resources tagged team=web, 80 % of the change');
    expect(impactText(anomaly({ impact: -40.5 }))).toBe('−$40.50');
    expect(anomalySentence(anomaly({}))).toBe(
      'Cost rose in AmazonEC2 2026-11-12: resources tagged team=web, 80 % of the change, +$200.00',
    );
  });

  it('says a drop over several days, and a whole service as the cause', () => {
    const drop = anomaly({
      direction: 'decrease',
      impact: -90,
      endedAt: '2026-11-14T00:00:00.000Z',
      details: {
        service: 'Storage',
        rootCause: { dimension: 'service', value: 'Storage', share: 1 },
      },
    });
    expect(anomalySentence(drop)).toBe(
      'Cost fell in Storage 2026-11-12 to 2026-11-14: Storage as a whole, 100 % of the change, −$90.00',
    );
  });

  it('falls back to the series for a metric anomaly with no root cause', () => {
    expect(rootCauseText(anomaly({ details: {}, seriesKey: 'cpu:i-1' }))).toBe('cpu:i-1');
    expect(impactText(anomaly({ impact: null, currency: null }))).toBe('no cost impact');
  });
});

describe('markers on the chart days', () => {
  const days = ['2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13'];

  it('puts each anomaly on the day it started, one marker a day, biggest impact first', () => {
    const small = anomaly({ id: 'small', impact: 10 });
    const big = anomaly({ id: 'big', impact: -500 });
    const early = anomaly({ id: 'early', startedAt: '2026-11-10T00:00:00.000Z' });
    const markers = markersOnDays([small, big, early], days);
    expect(markers.map((m) => [m.index, m.day, m.anomalies.map((a) => a.id)])).toEqual([
      [0, '2026-11-10', ['early']],
      [2, '2026-11-12', ['big', 'small']],
    ]);
  });

  it('leaves out anomalies outside the shown days', () => {
    expect(markersOnDays([anomaly({ startedAt: '2026-10-01T00:00:00.000Z' })], days)).toEqual([]);
  });

  it('lifts a marker that would cover another until it clears every one before it', () => {
    const places = [
      { id: 'c', left: 40, top: 100 },
      { id: 'a', left: 10, top: 100 },
      { id: 'b', left: 20, top: 110 },
      { id: 'far', left: 200, top: 100 },
    ];
    expect(liftOverlapping(places, 24)).toEqual([
      { id: 'a', left: 10, top: 100 },
      { id: 'b', left: 20, top: 62 },
      { id: 'c', left: 40, top: 100 },
      { id: 'far', left: 200, top: 100 },
    ]);
  });
});

describe('CPU anomalies as spans on the series', () => {
  const minute = 60_000;
  const start = Date.parse('2026-11-12T10:00:00Z');
  const times = [0, 1, 2, 3, 4].map((i) => start + i * minute);

  it('widens a one-sample anomaly by half a step on each side, clipped to the series', () => {
    const at = new Date(start + 2 * minute).toISOString();
    const [span] = spansOnSeries(
      [anomaly({ source: 'metric', startedAt: at, endedAt: at })],
      times,
    );
    expect(span && [span.from - start, span.to - start]).toEqual([1.5 * minute, 2.5 * minute]);
    const first = new Date(start).toISOString();
    const [clipped] = spansOnSeries([anomaly({ startedAt: first, endedAt: first })], times);
    expect(clipped?.from).toBe(start);
  });

  it('drops anomalies outside the series and answers none for an empty series', () => {
    const later = new Date(start + 60 * minute).toISOString();
    expect(spansOnSeries([anomaly({ startedAt: later, endedAt: later })], times)).toEqual([]);
    expect(spansOnSeries([anomaly({})], [])).toEqual([]);
  });
});
