import { COPY_COLUMNS, copyRow } from './copy-rows';
import { emptyLine } from './cost-line';

describe('COPY text rows', () => {
  const line = emptyLine({
    billingPeriodStart: new Date('2026-09-01T00:00:00Z'),
    billingPeriodEnd: new Date('2026-10-01T00:00:00Z'),
    chargePeriodStart: new Date('2026-09-02T00:00:00Z'),
    chargePeriodEnd: new Date('2026-09-03T00:00:00Z'),
    billingAccountId: 'acct',
    invoiceIssuerName: 'AWS',
    publisherName: 'AWS',
    chargeCategory: 'Usage',
    chargeFrequency: 'Usage-Based',
    billedCost: 1.5,
    effectiveCost: 1e-7,
    billingCurrency: 'USD',
    serviceCategory: 'Compute',
    serviceName: 'EC2',
  });

  it('writes one field per column, nulls as \\N, and escapes tabs, newlines and backslashes', () => {
    const text = copyRow({ ...line, chargeDescription: 'a\tb\nc\\d', tags: { team: 'x' } });
    const fields = text.slice(0, -1).split('\t');
    expect(fields).toHaveLength(COPY_COLUMNS.length);
    expect(fields[COPY_COLUMNS.indexOf('charge_description')]).toBe('a\\tb\\nc\\\\d');
    expect(fields[COPY_COLUMNS.indexOf('charge_class')]).toBe('\\N');
    expect(fields[COPY_COLUMNS.indexOf('effective_cost')]).toBe('1e-7');
    expect(fields[COPY_COLUMNS.indexOf('tags')]).toBe('{"team":"x"}');
  });

  it('refuses a cost that is not a finite number', () => {
    expect(() => copyRow({ ...line, billedCost: Number.NaN })).toThrow('not a finite number');
  });
});
