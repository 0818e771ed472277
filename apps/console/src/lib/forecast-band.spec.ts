import { bandAfter, forecastScopeOf, forecastSentence } from './forecast-band';
import type { Forecast } from './oracle-views';

function forecast(dates: string[]): Forecast {
  return {
    kind: 'all',
    value: null,
    metric: 'effective',
    currency: 'USD',
    lastActualDay: '2026-11-29',
    generatedAt: '2026-11-30T01:00:00Z',
    month: { month: '2026-12', monthToDate: 0, projected: 3100, lo80: 2900, hi80: 3300 },
    actual: [],
    points: dates.map((date, i) => ({
      date,
      mean: 100 + i,
      lo80: 90 + i,
      hi80: 110 + i,
      lo95: 80 + i,
      hi95: 120 + i,
    })),
  };
}

describe('the forecast band after the chart', () => {
  const days = ['2026-11-27', '2026-11-28', '2026-11-29'];

  it('extends the days with the forecast and is null on the actual days', () => {
    const band = bandAfter(days, forecast(['2026-11-30', '2026-12-01']));
    expect(band?.days).toEqual([...days, '2026-11-30', '2026-12-01']);
    expect(band?.forecastDays).toBe(2);
    expect(band?.mean).toEqual([null, null, null, 100, 101]);
    expect(band?.lo95).toEqual([null, null, null, 80, 81]);
    expect(band?.hi95).toEqual([null, null, null, 120, 121]);
    expect(band?.max).toBe(121);
  });

  it('keeps only the forecast days after the chart, and leaves a short gap empty', () => {
    const band = bandAfter(days, forecast(['2026-11-28', '2026-12-01']));
    expect(band?.days.slice(3)).toEqual(['2026-11-30', '2026-12-01']);
    expect(band?.mean).toEqual([null, null, null, null, 101]);
  });

  it('draws nothing when the chart ends long before the forecast starts, or there is none', () => {
    expect(bandAfter(['2026-10-01'], forecast(['2026-11-30']))).toBeUndefined();
    expect(bandAfter(days, undefined)).toBeUndefined();
    expect(bandAfter(days, forecast(['2026-11-29']))).toBeUndefined();
  });

  it('says the forecast and the month projected in words', () => {
    const f = forecast(['2026-11-30', '2026-12-01']);
    const band = bandAfter(days, f);
    if (!band) throw new Error('no band');
    expect(forecastSentence(band, f, (n) => `$${n}`)).toBe(
      'Forecast for the next 2 days: $201 expected, each day within its 80 % and 95 % intervals as shaded. 2026-12 projected at $3100 (80 % interval $2900 to $3300), $0 so far.',
    );
  });
});

describe('which forecast a chart group has', () => {
  it('is the group for services and accounts, and all cost otherwise', () => {
    expect(forecastScopeOf('service', 'AmazonEC2')).toEqual({
      kind: 'service',
      value: 'AmazonEC2',
    });
    expect(forecastScopeOf('account', '111')).toEqual({ kind: 'account', value: '111' });
    expect(forecastScopeOf('region', 'eu-west-1')).toEqual({ kind: 'all' });
    expect(forecastScopeOf('service', '(other)')).toEqual({ kind: 'all' });
    expect(forecastScopeOf('service', undefined)).toEqual({ kind: 'all' });
  });
});
