import { measureSaving } from './measure-saving';

const days = (from: string, count: number, amount: number) =>
  Array.from({ length: count }, (_, index) => ({
    day: new Date(Date.parse(`${from}T00:00:00Z`) + index * 86_400_000).toISOString().slice(0, 10),
    amount,
  }));

describe('measureSaving', () => {
  const completedAt = new Date('2026-11-20T15:30:00Z');

  it('is the average day before minus the average whole day after, × 30.4; the action day counts for neither', () => {
    const costs = [
      ...days('2026-11-10', 10, 4.608),
      { day: '2026-11-20', amount: 3.5 },
      ...days('2026-11-21', 3, 2.304),
    ];
    expect(measureSaving(costs, completedAt)).toEqual({
      realisedMonthlySaving: 70.04,
      averageDailyBefore: 4.608,
      averageDailyAfter: 2.304,
      daysBefore: 10,
      daysAfter: 3,
    });
  });

  it('adds the lines of one day and looks at most 14 days either side', () => {
    const costs = [
      ...days('2026-10-01', 30, 100),
      ...days('2026-11-06', 14, 2),
      ...days('2026-11-06', 14, 2),
      ...days('2026-11-21', 14, 1),
      ...days('2026-12-05', 10, 100),
    ];
    expect(measureSaving(costs, completedAt)).toMatchObject({
      daysBefore: 14,
      daysAfter: 14,
      realisedMonthlySaving: 91.2,
    });
  });

  it('is not measured until a whole day after the action is billed', () => {
    const costs = [...days('2026-11-10', 10, 4), { day: '2026-11-20', amount: 2 }];
    expect(measureSaving(costs, completedAt)).toBeUndefined();
  });
});
