import { diffSummary, formatValue, planDiff, readPlan } from './plan-diff';

describe('plan diff', () => {
  it('a stop plan reads as one changed field', () => {
    const rows = planDiff(
      readPlan({
        target: 'urn:x',
        changes: [{ field: 'state', from: 'running', to: 'stopped' }],
        steps: ['ec2:StopInstances', 'wait until stopped'],
      }),
    );
    expect(rows).toEqual([{ field: 'state', from: 'running', to: 'stopped', kind: 'changed' }]);
    expect(diffSummary(rows)).toBe('1 field changes.');
  });

  it('values appearing, disappearing and staying are told apart', () => {
    const rows = planDiff({
      changes: [
        { field: 'desiredCount', from: 2, to: 2 },
        { field: 'instanceType', from: null, to: 't3.large' },
        { field: 'publicIp', from: '1.2.3.4', to: undefined },
        { field: 'tags', from: { b: 1, a: 2 }, to: { a: 2, b: 1 } },
      ],
      steps: [],
    });
    expect(rows.map((row) => row.kind)).toEqual(['unchanged', 'added', 'removed', 'unchanged']);
    expect(rows[1]).toMatchObject({ from: '—', to: 't3.large' });
    expect(rows[3]?.from).toBe('{"a":2,"b":1}');
    expect(diffSummary(rows)).toBe('2 fields change.');
  });

  it('values print as short text', () => {
    expect(formatValue('')).toBe('""');
    expect(formatValue(false)).toBe('false');
    expect(formatValue([1, 'a'])).toBe('[1,"a"]');
  });

  it('an Azure resize reads as sizes and hourly prices, an unknown price said so', () => {
    const price = (vmSize: string, usd: number | null) => ({
      vmSize,
      region: 'eastus',
      usd,
      per: 'hour',
      basis: 'Azure Retail Prices API',
    });
    const rows = planDiff({
      changes: [
        { field: 'vmSize', from: 'Standard_D4s_v5', to: 'Standard_F4s_v2' },
        { field: 'hourlyListPrice', from: price('Standard_D4s_v5', 0.192), to: price('X', null) },
      ],
      steps: ['deallocate the VM'],
    });
    expect(rows[1]).toEqual({
      field: 'hourlyListPrice',
      from: '$0.192 per hour',
      to: 'unknown price',
      kind: 'changed',
    });
  });

  it('a malformed stored plan reads as an empty one', () => {
    expect(readPlan('nonsense')).toEqual({ changes: [], steps: [] });
    expect(readPlan({ changes: [{ nofield: 1 }, null], steps: ['a', 2] })).toEqual({
      changes: [],
      steps: ['a'],
    });
    expect(diffSummary([])).toBe('This action changes no recorded field.');
  });
});
