import {
  budgetTone,
  chartDescription,
  costFiltersFrom,
  costSearch,
  crossedThresholds,
  defaultRange,
  exportHref,
  formatChange,
  formatMoney,
  formatPercent,
  groupByParam,
  lastDay,
  moverDirection,
  moversQuery,
  parseAmount,
  parseThresholds,
  previousRange,
  rangeDays,
  recentCostText,
  seriesQuery,
  sortMovers,
  sourceBody,
  stackSeries,
} from './costs';

const NOW = new Date('2026-11-30T19:30:00Z');

describe('the date range', () => {
  it('defaults to the last 30 full days, today excluded', () => {
    expect(defaultRange(NOW)).toEqual({ from: '2026-10-31', to: '2026-11-30' });
    expect(rangeDays(defaultRange(NOW))).toBe(30);
  });

  it('crosses month and year ends in UTC', () => {
    expect(defaultRange(new Date('2027-01-05T00:10:00Z'), 10)).toEqual({
      from: '2026-12-26',
      to: '2027-01-05',
    });
  });

  it('compares with the previous range of equal length', () => {
    expect(previousRange({ from: '2026-11-01', to: '2026-11-08' })).toEqual({
      from: '2026-10-25',
      to: '2026-11-01',
    });
    expect(previousRange({ from: '2026-03-01', to: '2026-04-01' })).toEqual({
      from: '2026-01-29',
      to: '2026-03-01',
    });
  });

  it('reads the last day from the address and asks the API for the day after', () => {
    const filters = costFiltersFrom(
      new URLSearchParams('from=2026-11-01&through=2026-11-07&groupBy=region&metric=billed'),
      NOW,
    );
    expect(filters).toEqual({
      from: '2026-11-01',
      to: '2026-11-08',
      groupBy: 'region',
      tagKey: '',
      metric: 'billed',
    });
    expect(lastDay(filters)).toBe('2026-11-07');
  });

  it('falls back to the defaults for malformed, impossible or reversed choices', () => {
    for (const query of [
      'from=2026-11-31&through=2026-12-02',
      'from=2026-11-10&through=2026-11-01',
      'from=yesterday&through=2026-11-01',
      'groupBy=colour&metric=list',
    ]) {
      expect(costFiltersFrom(new URLSearchParams(query), NOW)).toEqual({
        from: '2026-10-31',
        to: '2026-11-30',
        groupBy: 'service',
        tagKey: '',
        metric: 'effective',
      });
    }
  });

  it('keeps only what differs from the defaults in the address, and reads it back', () => {
    const defaults = costFiltersFrom(new URLSearchParams(), NOW);
    expect(costSearch(defaults, NOW).toString()).toBe('');
    const chosen = {
      from: '2026-11-01',
      to: '2026-11-08',
      groupBy: 'tag' as const,
      tagKey: 'team',
      metric: 'billed' as const,
    };
    const search = costSearch(chosen, NOW);
    expect(search.toString()).toBe(
      'from=2026-11-01&through=2026-11-07&groupBy=tag&tag=team&metric=billed',
    );
    expect(costFiltersFrom(search, NOW)).toEqual(chosen);
  });
});

describe('the queries', () => {
  const filters = {
    from: '2026-11-01',
    to: '2026-11-08',
    groupBy: 'tag' as const,
    tagKey: ' team ',
    metric: 'billed' as const,
  };

  it('groups by tag:<key>, or by service while no key is given', () => {
    expect(groupByParam(filters)).toBe('tag:team');
    expect(groupByParam({ groupBy: 'tag', tagKey: '  ' })).toBe('service');
    expect(groupByParam({ groupBy: 'account', tagKey: 'team' })).toBe('account');
  });

  it('asks for the daily series with the metric', () => {
    expect(seriesQuery(filters)).toEqual({
      from: '2026-11-01',
      to: '2026-11-08',
      groupBy: 'tag:team',
      granularity: 'day',
      metric: 'billed',
      limit: 8,
    });
  });

  it('asks for movers against the previous equal range', () => {
    expect(moversQuery(filters)).toMatchObject({
      previousFrom: '2026-10-25',
      previousTo: '2026-11-01',
      groupBy: 'tag:team',
      metric: 'billed',
    });
  });

  it('links the FOCUS export of the range', () => {
    expect(exportHref(filters)).toBe('/api/v1/costs/export?from=2026-11-01&to=2026-11-08');
  });
});

describe('money', () => {
  it('is written in its own currency, to the cent', () => {
    expect(formatMoney('1234.5', 'USD')).toBe('$1,234.50');
    expect(formatMoney('12', 'EUR')).toBe('€12.00');
    expect(formatMoney(0.004, 'USD')).toBe('$0.00');
  });

  it('writes an unknown currency code after the amount', () => {
    expect(formatMoney('3.5', 'XX1')).toBe('3.50 XX1');
    expect(formatMoney('n/a', 'USD')).toBe('n/a USD');
  });

  it('signs changes and percentages', () => {
    expect(formatChange('12', 'USD')).toBe('+$12.00');
    expect(formatChange('-3.5', 'USD')).toBe('−$3.50');
    expect(formatChange('0', 'USD')).toBe('$0.00');
    expect(formatPercent(12.345)).toBe('+12.3%');
    expect(formatPercent(-50)).toBe('−50%');
    expect(formatPercent(null)).toBe('new');
  });

  it('shows a resource’s recent cost, or a dash when it has none', () => {
    const cost = { days: 30, currency: 'USD', billed: '40.00', effective: '31.25' };
    expect(recentCostText(cost)).toBe('$31.25');
    expect(recentCostText(cost, 'billed')).toBe('$40.00');
    expect(recentCostText(null)).toBe('—');
  });
});

describe('stacking the series', () => {
  const response = {
    periods: ['2026-11-01', '2026-11-02', '2026-11-03'],
    series: [
      { key: '(other)', label: '(other)', currency: 'USD', points: ['1.00', '1.00', '1.00'] },
      { key: 'ec2', label: 'EC2', currency: 'USD', points: ['0.10', '0.20', '0.30'] },
      { key: 's3', label: 'S3', currency: 'USD', points: ['5.00', 'junk', '2.00'] },
      { key: 'vm', label: 'Virtual Machines', currency: 'EUR', points: ['9.99'] },
    ],
  };

  it('draws one chart per currency, never adding currencies together', () => {
    const charts = stackSeries(response);
    expect(charts.map((chart) => chart.currency)).toEqual(['EUR', 'USD']);
    expect(charts[0]?.totals).toEqual([9.99, 0, 0]);
  });

  it('puts the biggest layer at the bottom and "(other)" on top, each bar the sum below it', () => {
    const usd = stackSeries(response).find((chart) => chart.currency === 'USD');
    expect(usd?.layers.map((layer) => layer.key)).toEqual(['s3', 'ec2', '(other)']);
    expect(usd?.layers.map((layer) => layer.tops)).toEqual([
      [5, 0, 2],
      [5.1, 0.2, 2.3],
      [6.1, 1.2, 3.3],
    ]);
    expect(usd?.totals).toEqual([6.1, 1.2, 3.3]);
    expect(usd?.max).toBe(6.1);
    expect(usd?.layers[0]?.total).toBe(7);
  });

  it('describes the chart in words', () => {
    const usd = stackSeries(response).find((chart) => chart.currency === 'USD');
    expect(usd && chartDescription(usd, 'Service')).toBe(
      'Daily cost in USD by service, 3 days, $10.60 in all; highest on Nov 1 at $6.10; largest: S3 $7.00, EC2 $0.60.',
    );
  });

  it('has nothing to draw for no series', () => {
    expect(stackSeries({ periods: ['2026-11-01'], series: [] })).toEqual([]);
  });
});

describe('movers', () => {
  const movers = [
    { label: 'S3', change: '5.00' },
    { label: 'EC2', change: '-12.00' },
    { label: 'Lambda', change: '0.00' },
    { label: 'Athena', change: '5.00' },
  ];

  it('are shown biggest change first, up or down, ties by name', () => {
    expect(sortMovers(movers).map((m) => m.label)).toEqual(['EC2', 'Athena', 'S3', 'Lambda']);
    expect(movers[0]?.label).toBe('S3');
  });

  it('say which way they moved', () => {
    expect(movers.map(moverDirection)).toEqual(['up', 'down', 'flat', 'up']);
  });
});

describe('budgets', () => {
  it('turn amber past a threshold and red at 100 %', () => {
    expect(budgetTone({ percentUsed: 49.9, thresholds: [50, 80, 100] })).toBe('good');
    expect(budgetTone({ percentUsed: 80, thresholds: [100, 50, 80] })).toBe('warn');
    expect(budgetTone({ percentUsed: 100, thresholds: [50, 80, 100] })).toBe('bad');
    expect(budgetTone({ percentUsed: 75, thresholds: [50, 75] })).toBe('bad');
    expect(budgetTone({ percentUsed: 120, thresholds: [150] })).toBe('bad');
    expect(crossedThresholds({ percentUsed: 85, thresholds: [100, 80, 50] })).toEqual([50, 80]);
  });

  it('take thresholds as a list of whole percentages', () => {
    expect(parseThresholds('80, 50 100,50')).toEqual([50, 80, 100]);
    expect(parseThresholds('')).toBeNull();
    expect(parseThresholds('50, 0')).toBeNull();
    expect(parseThresholds('50.5')).toBeNull();
  });

  it('take an amount as a positive decimal to the cent', () => {
    expect(parseAmount('2,500')).toBe('2500');
    expect(parseAmount('99.95')).toBe('99.95');
    expect(parseAmount('0')).toBeNull();
    expect(parseAmount('1.999')).toBeNull();
    expect(parseAmount('-5')).toBeNull();
  });
});

describe('a new cost source', () => {
  it('sends the kind’s fields, trimmed, and leaves empty optional ones out', () => {
    expect(
      sourceBody('aws-data-export', 'acc-1', {
        bucket: ' bills ',
        prefix: '',
        exportName: 'cur2',
        region: '',
        datasetId: 'ignored',
      }),
    ).toEqual({ kind: 'aws-data-export', accountId: 'acc-1', bucket: 'bills', exportName: 'cur2' });
    expect(sourceBody('aws-cost-explorer', 'acc-1', { bucket: 'x' })).toEqual({
      kind: 'aws-cost-explorer',
      accountId: 'acc-1',
    });
    expect(sourceBody('gcp-billing-export', 'acc-2', {})).toEqual({
      kind: 'gcp-billing-export',
      accountId: 'acc-2',
      datasetId: '',
      tableId: '',
    });
  });
});
