import {
  CHARGE_CATEGORIES,
  FOCUS_COLUMNS,
  FOCUS_MANDATORY_COLUMNS,
  SERVICE_CATEGORIES,
  SERVICE_SUBCATEGORIES,
} from './focus-columns';
import { validateFocusHeader, validateFocusRow } from './focus-rules';

/** One day of a VM's usage, every Mandatory column plus the usual Conditional ones. */
const VALID: Record<string, string> = {
  BilledCost: '2.304',
  BillingAccountId: '123456789012',
  BillingAccountName: 'Acme payer',
  BillingCurrency: 'USD',
  BillingPeriodEnd: '2026-10-01T00:00:00Z',
  BillingPeriodStart: '2026-09-01T00:00:00Z',
  ChargeCategory: 'Usage',
  ChargeClass: '',
  ChargeDescription: 'm7g.large Linux, 24 hours',
  ChargeFrequency: 'Usage-Based',
  ChargePeriodEnd: '2026-09-02T00:00:00Z',
  ChargePeriodStart: '2026-09-01T00:00:00Z',
  CommitmentDiscountId: '',
  CommitmentDiscountStatus: '',
  ConsumedQuantity: '24',
  ConsumedUnit: 'Hours',
  ContractedCost: '2.304',
  ContractedUnitPrice: '0.096',
  EffectiveCost: '2.304',
  InvoiceIssuerName: 'Amazon Web Services, Inc.',
  ListCost: '2.304',
  ListUnitPrice: '0.096',
  PricingCategory: 'Standard',
  PricingQuantity: '24',
  PricingUnit: 'Hours',
  ProviderName: 'AWS',
  PublisherName: 'AWS',
  RegionId: 'eu-west-1',
  RegionName: 'Europe (Ireland)',
  ResourceId: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc',
  ResourceName: 'web-1',
  ResourceType: 'Virtual Machine',
  ServiceCategory: 'Compute',
  ServiceName: 'Amazon Elastic Compute Cloud',
  ServiceSubcategory: 'Virtual Machines',
  SkuId: 'EU-BoxUsage:m7g.large',
  SkuPriceId: 'SKU123.JRTCKXETXF.6YS6EN2CT7',
  SubAccountId: '123456789012',
  SubAccountName: 'production',
  Tags: '{"team":"web","env":"prod","cost-centre":42,"backup":true}',
  x_UsageType: 'EU-BoxUsage:m7g.large',
};

const row = (changes: Record<string, string>): Record<string, string> => ({
  ...VALID,
  ...changes,
});

describe('the FOCUS 1.2 columns', () => {
  it('lists the spec columns in its order, with their Mandatory ones', () => {
    expect(FOCUS_COLUMNS).toHaveLength(57);
    const names = FOCUS_COLUMNS.map((c) => c.name);
    expect(names).toEqual([...names].sort());
    expect(FOCUS_MANDATORY_COLUMNS).toEqual([
      'BilledCost',
      'BillingAccountId',
      'BillingAccountName',
      'BillingCurrency',
      'BillingPeriodEnd',
      'BillingPeriodStart',
      'ChargeCategory',
      'ChargeClass',
      'ChargeDescription',
      'ChargePeriodEnd',
      'ChargePeriodStart',
      'ContractedCost',
      'EffectiveCost',
      'InvoiceIssuerName',
      'ListCost',
      'PricingQuantity',
      'PricingUnit',
      'ProviderName',
      'PublisherName',
      'ServiceCategory',
      'ServiceName',
    ]);
    expect(CHARGE_CATEGORIES).toEqual(['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment']);
  });

  it('gives every ServiceSubcategory a ServiceCategory parent, and every category an Other', () => {
    for (const parent of Object.values(SERVICE_SUBCATEGORIES)) {
      expect(SERVICE_CATEGORIES).toContain(parent);
    }
    for (const category of SERVICE_CATEGORIES) {
      expect(SERVICE_SUBCATEGORIES[`Other (${category})`]).toBe(category);
    }
  });
});

describe('validateFocusHeader', () => {
  it('accepts the valid row header', () => {
    expect(validateFocusHeader(Object.keys(VALID))).toEqual([]);
  });

  it('names a missing Mandatory column', () => {
    const header = Object.keys(VALID).filter((c) => c !== 'EffectiveCost');
    expect(validateFocusHeader(header)).toEqual([
      'header: Mandatory column EffectiveCost is missing',
    ]);
  });

  it('rejects an unknown column without the x_ prefix', () => {
    expect(validateFocusHeader([...Object.keys(VALID), 'UsageType'])).toEqual([
      'header: column UsageType is not a FOCUS 1.2 column and custom columns must start with x_',
    ]);
  });

  it('rejects a FOCUS column spelled differently, and a column given twice', () => {
    const header = Object.keys(VALID).map((c) => (c === 'ChargeCategory' ? 'chargecategory' : c));
    expect(validateFocusHeader([...header, 'Tags'])).toEqual([
      'header: column chargecategory must be spelled ChargeCategory',
      'header: column Tags appears more than once',
      'header: Mandatory column ChargeCategory is missing',
    ]);
  });

  it('rejects the FOCUS 1.0 names 1.2 renamed', () => {
    const header = Object.keys(VALID).map((c) => (c === 'ProviderName' ? 'Provider' : c));
    expect(validateFocusHeader(header)).toEqual([
      'header: column Provider is not a FOCUS 1.2 column and custom columns must start with x_',
      'header: Mandatory column ProviderName is missing',
    ]);
  });
});

describe('validateFocusRow', () => {
  it('accepts a valid row', () => {
    expect(validateFocusRow(VALID, 2)).toEqual([]);
  });

  it('accepts a row with only the Mandatory columns', () => {
    const mandatory = Object.fromEntries(FOCUS_MANDATORY_COLUMNS.map((c) => [c, VALID[c] ?? '']));
    expect(validateFocusRow(mandatory, 2)).toEqual([]);
  });

  it('rejects a value outside an enumeration', () => {
    expect(validateFocusRow(row({ ChargeCategory: 'Refund' }), 12)).toContain(
      "line 12: ChargeCategory 'Refund' is not one of Adjustment, Credit, Purchase, Tax, Usage",
    );
    expect(validateFocusRow(row({ ChargeClass: 'Refund' }), 3)).toEqual([
      "line 3: ChargeClass 'Refund' is not one of Correction",
    ]);
    expect(validateFocusRow(row({ ServiceCategory: 'compute' }), 4)).toContainEqual(
      expect.stringMatching(/^line 4: ServiceCategory 'compute' is not one of AI and Machine/),
    );
  });

  it('rejects a null in a column that allows none', () => {
    expect(validateFocusRow(row({ BillingAccountId: '' }), 5)).toEqual([
      'line 5: BillingAccountId must not be null',
    ]);
    expect(validateFocusRow(row({ ServiceName: '  ' }), 5)).toEqual([
      'line 5: ServiceName must not be blank',
    ]);
  });

  it('reads a Mandatory column missing from the row as null', () => {
    const { BilledCost: _, ...rest } = VALID;
    expect(validateFocusRow(rest, 6)).toEqual(['line 6: BilledCost must not be null']);
  });

  it('rejects a date/time that is not ISO 8601 UTC to the second', () => {
    for (const bad of [
      '2026-09-01',
      '2026-09-01 00:00:00',
      '2026-09-01T00:00:00+02:00',
      '2026-09-01T00:00:00.000Z',
      '2026-02-30T00:00:00Z',
    ]) {
      expect(validateFocusRow(row({ ChargePeriodStart: bad }), 7)).toContain(
        `line 7: ChargePeriodStart '${bad}' is not an ISO 8601 UTC date/time (YYYY-MM-DDTHH:mm:ssZ)`,
      );
    }
  });

  it('rejects a decimal that breaks the numeric format, and accepts E notation', () => {
    for (const bad of ['1,234.5', '+2.3', '$2.30', '35.2E+7', '2.3 USD', '.5', '1/2']) {
      expect(validateFocusRow(row({ BilledCost: bad }), 8)).toEqual([
        `line 8: BilledCost '${bad}' is not a decimal number`,
      ]);
    }
    expect(validateFocusRow(row({ BilledCost: '-100.2', EffectiveCost: '35.2E-7' }), 8)).toEqual(
      [],
    );
    expect(validateFocusRow(row({ ListUnitPrice: '-0.096' }), 8)).toEqual([
      "line 8: ListUnitPrice '-0.096' must not be negative",
    ]);
  });

  it('rejects a currency that is not an upper-case ISO 4217 code', () => {
    expect(validateFocusRow(row({ BillingCurrency: 'usd' }), 9)).toEqual([
      "line 9: BillingCurrency 'usd' is not an ISO 4217 currency code (three upper-case letters)",
    ]);
    expect(validateFocusRow(row({ BillingCurrency: 'Credits' }), 9)).toEqual([
      "line 9: BillingCurrency 'Credits' is not an ISO 4217 currency code (three upper-case letters)",
    ]);
    // PricingCurrency may be a virtual currency, but a national one is still upper case.
    expect(validateFocusRow(row({ PricingCurrency: 'Credits' }), 9)).toEqual([]);
    expect(validateFocusRow(row({ PricingCurrency: 'eur' }), 9)).toEqual([
      "line 9: PricingCurrency 'eur' is not an ISO 4217 currency code (three upper-case letters)",
    ]);
  });

  it('rejects malformed Tags', () => {
    expect(validateFocusRow(row({ Tags: 'team=web' }), 10)).toEqual([
      "line 10: Tags 'team=web' is not valid JSON",
    ]);
    expect(validateFocusRow(row({ Tags: '["team","web"]' }), 10)).toEqual([
      'line 10: Tags \'["team","web"]\' must be a JSON object',
    ]);
    expect(validateFocusRow(row({ Tags: '{"team":{"name":"web"}}' }), 10)).toEqual([
      'line 10: Tags \'{"team":{"name":"web"}}\' value of key \'team\' must be a string, number, boolean or null, not an object',
    ]);
    expect(validateFocusRow(row({ Tags: '{"team":"web","team":"ops"}' }), 10)).toEqual([
      'line 10: Tags \'{"team":"web","team":"ops"}\' has the key \'team\' more than once',
    ]);
    expect(validateFocusRow(row({ Tags: '{"note":"a \\"b\\": c","b":"x"}' }), 10)).toEqual([]);
  });

  it('orders the period bounds', () => {
    expect(validateFocusRow(row({ ChargePeriodEnd: '2026-09-01T00:00:00Z' }), 11)).toEqual([
      'line 11: ChargePeriodEnd 2026-09-01T00:00:00Z must be after ChargePeriodStart 2026-09-01T00:00:00Z',
    ]);
    expect(validateFocusRow(row({ BillingPeriodEnd: '2026-08-01T00:00:00Z' }), 11)).toEqual([
      'line 11: BillingPeriodEnd 2026-08-01T00:00:00Z must be after BillingPeriodStart 2026-09-01T00:00:00Z',
    ]);
  });

  it('ties CommitmentDiscountStatus to CommitmentDiscountId', () => {
    expect(validateFocusRow(row({ CommitmentDiscountStatus: 'Used' }), 12)).toEqual([
      'line 12: CommitmentDiscountStatus must be null when CommitmentDiscountId is null',
    ]);
    const covered = row({
      CommitmentDiscountId: 'arn:aws:savingsplans::123456789012:savingsplan/sp-1',
      CommitmentDiscountCategory: 'Spend',
      CommitmentDiscountType: 'Compute Savings Plan',
      CommitmentDiscountQuantity: '2.304',
      CommitmentDiscountUnit: 'USD',
      PricingCategory: 'Committed',
    });
    expect(validateFocusRow(covered, 12)).toEqual([
      'line 12: CommitmentDiscountStatus must not be null when CommitmentDiscountId is not null and ChargeCategory is Usage',
    ]);
    expect(validateFocusRow({ ...covered, CommitmentDiscountStatus: 'Used' }, 12)).toEqual([]);
  });

  it('applies the Purchase, Tax and Correction rules', () => {
    expect(
      validateFocusRow(
        row({ ChargeCategory: 'Purchase', ConsumedQuantity: '', ConsumedUnit: '' }),
        13,
      ),
    ).toEqual(['line 13: ChargeFrequency must not be Usage-Based when ChargeCategory is Purchase']);
    expect(
      validateFocusRow(row({ ChargeCategory: 'Purchase', ChargeFrequency: 'One-Time' }), 13),
    ).toEqual(['line 13: ConsumedQuantity must be null when ChargeCategory is Purchase']);
    expect(validateFocusRow(row({ PricingQuantity: '', PricingUnit: '' }), 13)).toEqual([
      'line 13: PricingQuantity must not be null when ChargeCategory is Usage and ChargeClass is not Correction',
    ]);
    // A correction may leave the quantities null.
    expect(
      validateFocusRow(
        row({
          ChargeClass: 'Correction',
          PricingQuantity: '',
          PricingUnit: '',
          ConsumedQuantity: '',
          ConsumedUnit: '',
        }),
        13,
      ),
    ).toEqual([]);
    expect(
      validateFocusRow(
        row({
          ChargeCategory: 'Tax',
          ChargeFrequency: 'One-Time',
          ConsumedQuantity: '',
          ConsumedUnit: '',
        }),
        13,
      ),
    ).toEqual([
      'line 13: ContractedUnitPrice must be null when ChargeCategory is Tax',
      'line 13: ListUnitPrice must be null when ChargeCategory is Tax',
      'line 13: PricingCategory must be null when ChargeCategory is Tax',
      'line 13: PricingQuantity must be null when ChargeCategory is Tax',
      'line 13: SkuId must be null when ChargeCategory is Tax',
      'line 13: SkuPriceId must be null when ChargeCategory is Tax',
    ]);
  });

  it('pairs a unit with its quantity and a name with its id', () => {
    expect(validateFocusRow(row({ PricingUnit: '' }), 14)).toEqual([
      'line 14: PricingUnit must not be null when PricingQuantity is not null',
    ]);
    expect(
      validateFocusRow(row({ ResourceId: '', ResourceName: 'web-1', ResourceType: '' }), 14),
    ).toEqual(['line 14: ResourceName must be null when ResourceId is null']);
  });

  it('checks a ServiceSubcategory against its parent ServiceCategory', () => {
    expect(validateFocusRow(row({ ServiceSubcategory: 'Object Storage' }), 15)).toEqual([
      "line 15: ServiceSubcategory 'Object Storage' belongs to ServiceCategory Storage, not Compute",
    ]);
  });
});
