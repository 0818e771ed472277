import { crossedThresholds } from '../budgets/budget-spend';
import { periodsOf, topSeries } from './cost-reader';

describe('cost series', () => {
  it('lists every day or month of a range, the end excluded', () => {
    expect(periodsOf('2026-09-29', '2026-10-02', 'day')).toEqual([
      '2026-09-29',
      '2026-09-30',
      '2026-10-01',
    ]);
    expect(periodsOf('2026-08-15', '2026-10-02', 'month')).toEqual([
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
  });

  it('keeps the largest groups and sums the rest as (other), per currency, with zeros for missing days', () => {
    const rows = [
      { key: 'ec2', label: 'EC2', currency: 'USD', period: '2026-09-01', amount: '10' },
      { key: 'ec2', label: 'EC2', currency: 'USD', period: '2026-09-02', amount: '12' },
      { key: 's3', label: 'S3', currency: 'USD', period: '2026-09-02', amount: '3' },
      { key: 'vpc', label: 'VPC', currency: 'USD', period: '2026-09-01', amount: '1.005' },
    ];
    expect(topSeries(rows, ['2026-09-01', '2026-09-02'], 1)).toEqual([
      { key: 'ec2', label: 'EC2', currency: 'USD', points: ['10.00', '12.00'] },
      { key: '(other)', label: '(other)', currency: 'USD', points: ['1.00', '3.00'] },
    ]);
  });
});

describe('budget thresholds', () => {
  it('are reached at or above their share of the amount', () => {
    expect(crossedThresholds({ thresholds: [100, 50, 80], monthlyAmount: '1000' }, 800)).toEqual([
      50, 80,
    ]);
    expect(crossedThresholds({ thresholds: [50], monthlyAmount: '1000' }, 499.99)).toEqual([]);
  });
});
