import { overrunDate, parseCostForecastDetails } from './cost-forecast-details';

const day = (date: string, mean: number) => ({ date, mean, lo80: 0, hi80: 0, lo95: 0, hi95: 0 });

const details = {
  type: 'cost_forecast',
  scope: { kind: 'service', value: 'Amazon EC2' },
  currency: 'USD',
  metric: 'billed',
  month: '2026-12',
  monthToDate: 400,
  projectedMonthTotal: 1240,
  projectedLo80: 1100,
  projectedHi80: 1400,
  horizonDays: 3,
  points: [day('2026-12-29', 280)],
};

describe('the overrun date of a forecast', () => {
  const forecast = {
    month: '2026-12',
    monthToDate: 700,
    points: [day('2026-12-30', 200), day('2026-12-29', 100), day('2027-01-01', 5000)],
  };

  it('is the first day on which spend so far plus the daily means reaches the amount', () => {
    expect(overrunDate(forecast, 800)).toBe('2026-12-29');
    expect(overrunDate(forecast, 801)).toBe('2026-12-30');
    expect(overrunDate(forecast, 1000)).toBe('2026-12-30');
  });

  it('is null when the month ends first: days of the next month do not count', () => {
    expect(overrunDate(forecast, 1000.01)).toBeNull();
  });
});

describe('cost forecast details', () => {
  it('are taken as the oracle sends them', () => {
    expect(parseCostForecastDetails('f-1', details)).toMatchObject({
      scope: { kind: 'service', value: 'Amazon EC2' },
      projectedMonthTotal: 1240,
    });
  });

  it('are refused naming each bad field', () => {
    const broken = { ...details, scope: { kind: 'tag' }, month: '2026-13', projectedHi80: '1400' };
    expect(() => parseCostForecastDetails('f-1', broken)).toThrow(
      /details\.scope\.value: expected a value.*; details\.month: .*; details\.projectedHi80: /,
    );
  });
});
