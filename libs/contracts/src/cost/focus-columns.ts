/**
 * The FOCUS 1.2 columns as data: FinOps Open Cost and Usage Specification, version 1.2
 * (https://focus.finops.org/focus-specification/v1-2/, source
 * https://github.com/FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec/tree/v1.2/specification/columns).
 *
 * Each column carries the spec's content constraints (feature level, nullability, data type,
 * value format, allowed values); `FOCUS_ROW_RULES` states the conditional requirements
 * between columns of one row that are cheap to check. `focus-rules.ts` applies both.
 */

export const FOCUS_VERSION = '1.2';

/** The data types FOCUS 1.2 columns use (the spec spells the date/time type "Date/Time"). */
export type FocusDataType = 'String' | 'Decimal' | 'Date/Time' | 'JSON';

/**
 * Mandatory: always present. Conditional: present when the provider supports the concept.
 * Recommended: should be present.
 */
export type FocusFeatureLevel = 'Mandatory' | 'Conditional' | 'Recommended';

/** The spec's attribute a column's values follow, when it names one. */
export type FocusValueFormat =
  | 'CurrencyFormat'
  | 'DateTimeFormat'
  | 'NumericFormat'
  | 'KeyValueFormat'
  | 'UnitFormat'
  | 'AllowedValues';

export interface FocusColumn<N extends string = string> {
  readonly name: N;
  readonly displayName: string;
  readonly dataType: FocusDataType;
  readonly featureLevel: FocusFeatureLevel;
  /** Whether a row may leave the column null (an empty CSV field). */
  readonly allowsNulls: boolean;
  readonly valueFormat?: FocusValueFormat;
  /** The enumeration, for columns whose value format is "Allowed values". */
  readonly allowedValues?: readonly string[];
  /** Decimal columns whose number range is "any valid non-negative decimal value". */
  readonly nonNegative?: boolean;
  /** Currency columns that must hold a national (ISO 4217) currency, never a virtual one. */
  readonly nationalCurrencyOnly?: boolean;
}

// ---- enumerations ---------------------------------------------------------------------------

export const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'] as const;
export type ChargeCategory = (typeof CHARGE_CATEGORIES)[number];

/** ChargeClass is null, or "Correction" for a correction to a previously invoiced period. */
export const CHARGE_CLASSES = ['Correction'] as const;

export const CHARGE_FREQUENCIES = ['One-Time', 'Recurring', 'Usage-Based'] as const;

export const PRICING_CATEGORIES = ['Standard', 'Dynamic', 'Committed', 'Other'] as const;

export const COMMITMENT_DISCOUNT_CATEGORIES = ['Spend', 'Usage'] as const;

export const COMMITMENT_DISCOUNT_STATUSES = ['Used', 'Unused'] as const;

export const CAPACITY_RESERVATION_STATUSES = ['Used', 'Unused'] as const;

export const SERVICE_CATEGORIES = [
  'AI and Machine Learning',
  'Analytics',
  'Business Applications',
  'Compute',
  'Databases',
  'Developer Tools',
  'Multicloud',
  'Identity',
  'Integration',
  'Internet of Things',
  'Management and Governance',
  'Media',
  'Migration',
  'Mobile',
  'Networking',
  'Security',
  'Storage',
  'Web',
  'Other',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** Each ServiceSubcategory with its one parent ServiceCategory. */
export const SERVICE_SUBCATEGORIES: Readonly<Record<string, ServiceCategory>> = {
  'AI Platforms': 'AI and Machine Learning',
  Bots: 'AI and Machine Learning',
  'Generative AI': 'AI and Machine Learning',
  'Machine Learning': 'AI and Machine Learning',
  'Natural Language Processing': 'AI and Machine Learning',
  'Other (AI and Machine Learning)': 'AI and Machine Learning',
  'Analytics Platforms': 'Analytics',
  'Business Intelligence': 'Analytics',
  'Data Processing': 'Analytics',
  Search: 'Analytics',
  'Streaming Analytics': 'Analytics',
  'Other (Analytics)': 'Analytics',
  'Productivity and Collaboration': 'Business Applications',
  'Other (Business Applications)': 'Business Applications',
  Containers: 'Compute',
  'End User Computing': 'Compute',
  'Quantum Compute': 'Compute',
  'Serverless Compute': 'Compute',
  'Virtual Machines': 'Compute',
  'Other (Compute)': 'Compute',
  Caching: 'Databases',
  'Data Warehouses': 'Databases',
  'Ledger Databases': 'Databases',
  'NoSQL Databases': 'Databases',
  'Relational Databases': 'Databases',
  'Time Series Databases': 'Databases',
  'Other (Databases)': 'Databases',
  'Developer Platforms': 'Developer Tools',
  'Continuous Integration and Deployment': 'Developer Tools',
  'Development Environments': 'Developer Tools',
  'Source Code Management': 'Developer Tools',
  'Quality Assurance': 'Developer Tools',
  'Other (Developer Tools)': 'Developer Tools',
  'Identity and Access Management': 'Identity',
  'Other (Identity)': 'Identity',
  'API Management': 'Integration',
  Messaging: 'Integration',
  'Workflow Orchestration': 'Integration',
  'Other (Integration)': 'Integration',
  'IoT Analytics': 'Internet of Things',
  'IoT Platforms': 'Internet of Things',
  'Other (Internet of Things)': 'Internet of Things',
  Architecture: 'Management and Governance',
  Compliance: 'Management and Governance',
  'Cost Management': 'Management and Governance',
  'Data Governance': 'Management and Governance',
  'Disaster Recovery': 'Management and Governance',
  'Endpoint Management': 'Management and Governance',
  Observability: 'Management and Governance',
  Support: 'Management and Governance',
  'Other (Management and Governance)': 'Management and Governance',
  'Content Creation': 'Media',
  Gaming: 'Media',
  'Media Streaming': 'Media',
  'Mixed Reality': 'Media',
  'Other (Media)': 'Media',
  'Data Migration': 'Migration',
  'Resource Migration': 'Migration',
  'Other (Migration)': 'Migration',
  'Other (Mobile)': 'Mobile',
  'Multicloud Integration': 'Multicloud',
  'Other (Multicloud)': 'Multicloud',
  'Application Networking': 'Networking',
  'Content Delivery': 'Networking',
  'Network Connectivity': 'Networking',
  'Network Infrastructure': 'Networking',
  'Network Routing': 'Networking',
  'Network Security': 'Networking',
  'Other (Networking)': 'Networking',
  'Secret Management': 'Security',
  'Security Posture Management': 'Security',
  'Threat Detection and Response': 'Security',
  'Other (Security)': 'Security',
  'Backup Storage': 'Storage',
  'Block Storage': 'Storage',
  'File Storage': 'Storage',
  'Object Storage': 'Storage',
  'Storage Platforms': 'Storage',
  'Other (Storage)': 'Storage',
  'Application Platforms': 'Web',
  'Other (Web)': 'Web',
  'Other (Other)': 'Other',
};

// ---- the columns, in the spec's (alphabetical) order ------------------------------------------

const column = <N extends string>(c: FocusColumn<N>): FocusColumn<N> => c;

const text = <N extends string>(
  name: N,
  displayName: string,
  featureLevel: FocusFeatureLevel,
  allowsNulls: boolean,
): FocusColumn<N> => column({ name, displayName, dataType: 'String', featureLevel, allowsNulls });

const decimal = <N extends string>(
  name: N,
  displayName: string,
  featureLevel: FocusFeatureLevel,
  allowsNulls: boolean,
  nonNegative = false,
): FocusColumn<N> =>
  column({
    name,
    displayName,
    dataType: 'Decimal',
    featureLevel,
    allowsNulls,
    valueFormat: 'NumericFormat',
    ...(nonNegative ? { nonNegative } : {}),
  });

const dateTime = <N extends string>(name: N, displayName: string): FocusColumn<N> =>
  column({
    name,
    displayName,
    dataType: 'Date/Time',
    featureLevel: 'Mandatory',
    allowsNulls: false,
    valueFormat: 'DateTimeFormat',
  });

const enumerated = <N extends string>(
  name: N,
  displayName: string,
  featureLevel: FocusFeatureLevel,
  allowsNulls: boolean,
  allowedValues: readonly string[],
): FocusColumn<N> =>
  column({
    name,
    displayName,
    dataType: 'String',
    featureLevel,
    allowsNulls,
    valueFormat: 'AllowedValues',
    allowedValues,
  });

const unit = <N extends string>(
  name: N,
  displayName: string,
  featureLevel: FocusFeatureLevel,
): FocusColumn<N> =>
  column({
    name,
    displayName,
    dataType: 'String',
    featureLevel,
    allowsNulls: true,
    valueFormat: 'UnitFormat',
  });

const json = <N extends string>(name: N, displayName: string): FocusColumn<N> =>
  column({
    name,
    displayName,
    dataType: 'JSON',
    featureLevel: 'Conditional',
    allowsNulls: true,
    valueFormat: 'KeyValueFormat',
  });

export const FOCUS_COLUMNS = [
  text('AvailabilityZone', 'Availability Zone', 'Recommended', true),
  decimal('BilledCost', 'Billed Cost', 'Mandatory', false),
  text('BillingAccountId', 'Billing Account ID', 'Mandatory', false),
  text('BillingAccountName', 'Billing Account Name', 'Mandatory', true),
  text('BillingAccountType', 'Billing Account Type', 'Conditional', false),
  column({
    name: 'BillingCurrency',
    displayName: 'Billing Currency',
    dataType: 'String',
    featureLevel: 'Mandatory',
    allowsNulls: false,
    valueFormat: 'CurrencyFormat',
    nationalCurrencyOnly: true,
  }),
  dateTime('BillingPeriodEnd', 'Billing Period End'),
  dateTime('BillingPeriodStart', 'Billing Period Start'),
  text('CapacityReservationId', 'Capacity Reservation ID', 'Conditional', true),
  enumerated(
    'CapacityReservationStatus',
    'Capacity Reservation Status',
    'Conditional',
    true,
    CAPACITY_RESERVATION_STATUSES,
  ),
  enumerated('ChargeCategory', 'Charge Category', 'Mandatory', false, CHARGE_CATEGORIES),
  enumerated('ChargeClass', 'Charge Class', 'Mandatory', true, CHARGE_CLASSES),
  text('ChargeDescription', 'Charge Description', 'Mandatory', true),
  enumerated('ChargeFrequency', 'Charge Frequency', 'Recommended', false, CHARGE_FREQUENCIES),
  dateTime('ChargePeriodEnd', 'Charge Period End'),
  dateTime('ChargePeriodStart', 'Charge Period Start'),
  enumerated(
    'CommitmentDiscountCategory',
    'Commitment Discount Category',
    'Conditional',
    true,
    COMMITMENT_DISCOUNT_CATEGORIES,
  ),
  text('CommitmentDiscountId', 'Commitment Discount ID', 'Conditional', true),
  text('CommitmentDiscountName', 'Commitment Discount Name', 'Conditional', true),
  decimal('CommitmentDiscountQuantity', 'Commitment Discount Quantity', 'Conditional', true),
  enumerated(
    'CommitmentDiscountStatus',
    'Commitment Discount Status',
    'Conditional',
    true,
    COMMITMENT_DISCOUNT_STATUSES,
  ),
  text('CommitmentDiscountType', 'Commitment Discount Type', 'Conditional', true),
  unit('CommitmentDiscountUnit', 'Commitment Discount Unit', 'Conditional'),
  decimal('ConsumedQuantity', 'Consumed Quantity', 'Conditional', true),
  unit('ConsumedUnit', 'Consumed Unit', 'Conditional'),
  decimal('ContractedCost', 'Contracted Cost', 'Mandatory', false),
  decimal('ContractedUnitPrice', 'Contracted Unit Price', 'Conditional', true, true),
  decimal('EffectiveCost', 'Effective Cost', 'Mandatory', false),
  text('InvoiceId', 'Invoice ID', 'Recommended', true),
  text('InvoiceIssuerName', 'Invoice Issuer', 'Mandatory', false),
  decimal('ListCost', 'List Cost', 'Mandatory', false),
  decimal('ListUnitPrice', 'List Unit Price', 'Conditional', true, true),
  enumerated('PricingCategory', 'Pricing Category', 'Conditional', true, PRICING_CATEGORIES),
  // The content-constraints table says "Allows nulls: True", but the requirements say
  // "PricingCurrency MUST NOT be null": once the column is present it is never null.
  column({
    name: 'PricingCurrency',
    displayName: 'Pricing Currency',
    dataType: 'String',
    featureLevel: 'Conditional',
    allowsNulls: false,
    valueFormat: 'CurrencyFormat',
  }),
  decimal(
    'PricingCurrencyContractedUnitPrice',
    'Pricing Currency Contracted Unit Price',
    'Conditional',
    true,
    true,
  ),
  // As PricingCurrency: the table allows nulls, the requirements say "MUST NOT be null".
  decimal('PricingCurrencyEffectiveCost', 'Pricing Currency Effective Cost', 'Conditional', false),
  decimal(
    'PricingCurrencyListUnitPrice',
    'Pricing Currency List Unit Price',
    'Conditional',
    true,
    true,
  ),
  decimal('PricingQuantity', 'Pricing Quantity', 'Mandatory', true),
  unit('PricingUnit', 'Pricing Unit', 'Mandatory'),
  text('ProviderName', 'Provider', 'Mandatory', false),
  text('PublisherName', 'Publisher', 'Mandatory', false),
  text('RegionId', 'Region ID', 'Conditional', true),
  text('RegionName', 'Region Name', 'Conditional', true),
  text('ResourceId', 'Resource ID', 'Conditional', true),
  text('ResourceName', 'Resource Name', 'Conditional', true),
  text('ResourceType', 'Resource Type', 'Conditional', true),
  enumerated('ServiceCategory', 'Service Category', 'Mandatory', false, SERVICE_CATEGORIES),
  text('ServiceName', 'Service Name', 'Mandatory', false),
  enumerated(
    'ServiceSubcategory',
    'Service Subcategory',
    'Recommended',
    false,
    Object.keys(SERVICE_SUBCATEGORIES),
  ),
  text('SkuId', 'SKU ID', 'Conditional', true),
  text('SkuMeter', 'SKU Meter', 'Conditional', true),
  json('SkuPriceDetails', 'SKU Price Details'),
  text('SkuPriceId', 'SKU Price ID', 'Conditional', true),
  text('SubAccountId', 'Sub Account ID', 'Conditional', true),
  text('SubAccountName', 'Sub Account Name', 'Conditional', true),
  text('SubAccountType', 'Sub Account Type', 'Conditional', true),
  json('Tags', 'Tags'),
] as const;

export type FocusColumnName = (typeof FOCUS_COLUMNS)[number]['name'];

export const FOCUS_COLUMN_BY_NAME: ReadonlyMap<string, FocusColumn<FocusColumnName>> = new Map(
  FOCUS_COLUMNS.map((c) => [c.name, c]),
);

export const FOCUS_MANDATORY_COLUMNS: readonly FocusColumnName[] = FOCUS_COLUMNS.filter(
  (c) => c.featureLevel === 'Mandatory',
).map((c) => c.name);

/** Custom (provider- or Codex-defined) columns carry this prefix; FOCUS reserves every other name. */
export const FOCUS_CUSTOM_COLUMN_PREFIX = 'x_';

// ---- conditional rules between the columns of one row -----------------------------------------

/**
 * A row as the rules read it: a column absent from the dataset is `undefined`, a null is `''`
 * (CSV has no other null). Values are not trimmed.
 */
export type FocusRow = Readonly<Record<string, string | undefined>>;

export interface FocusRowRule {
  /** The column the rule constrains (named first in its violation). */
  readonly column: FocusColumnName;
  /** The requirement in the spec's words, shortened. */
  readonly requirement: string;
  /** A violation (without the line prefix), or undefined when the row satisfies the rule. */
  readonly check: (row: FocusRow) => string | undefined;
}

const isNull = (value: string | undefined): boolean => value === undefined || value === '';
const present = (row: FocusRow, name: FocusColumnName): boolean => row[name] !== undefined;
const isCorrection = (row: FocusRow): boolean => row['ChargeClass'] === 'Correction';
const usageOrPurchase = (row: FocusRow): boolean =>
  row['ChargeCategory'] === 'Usage' || row['ChargeCategory'] === 'Purchase';

/** `column` MUST be null when `parent` is null. */
const nullWhenNull = (column: FocusColumnName, parent: FocusColumnName): FocusRowRule => ({
  column,
  requirement: `${column} MUST be null when ${parent} is null`,
  check: (row) =>
    isNull(row[parent]) && !isNull(row[column])
      ? `${column} must be null when ${parent} is null`
      : undefined,
});

/** `column` MUST NOT be null when `parent` is not null (checked when `column` is present). */
const notNullWhenNotNull = (column: FocusColumnName, parent: FocusColumnName): FocusRowRule => ({
  column,
  requirement: `${column} MUST NOT be null when ${parent} is not null`,
  check: (row) =>
    present(row, column) && !isNull(row[parent]) && isNull(row[column])
      ? `${column} must not be null when ${parent} is not null`
      : undefined,
});

/**
 * The price and quantity columns: null when ChargeCategory is "Tax"; not null when it is "Usage"
 * or "Purchase" and ChargeClass is not "Correction".
 */
const pricedCharge = (column: FocusColumnName): FocusRowRule[] => [
  {
    column,
    requirement: `${column} MUST be null when ChargeCategory is "Tax"`,
    check: (row) =>
      row['ChargeCategory'] === 'Tax' && !isNull(row[column])
        ? `${column} must be null when ChargeCategory is Tax`
        : undefined,
  },
  {
    column,
    requirement: `${column} MUST NOT be null when ChargeCategory is "Usage" or "Purchase" and ChargeClass is not "Correction"`,
    check: (row) =>
      present(row, column) && usageOrPurchase(row) && !isCorrection(row) && isNull(row[column])
        ? `${column} must not be null when ChargeCategory is ${row['ChargeCategory']} and ChargeClass is not Correction`
        : undefined,
  },
];

/** `end` MUST be after `start` (both are exclusive/inclusive bounds of one period). */
const endAfterStart = (end: FocusColumnName, start: FocusColumnName): FocusRowRule => ({
  column: end,
  requirement: `${end} (exclusive) MUST be after ${start} (inclusive)`,
  check: (row) => {
    const from = Date.parse(row[start] ?? '');
    const to = Date.parse(row[end] ?? '');
    return Number.isNaN(from) || Number.isNaN(to) || to > from
      ? undefined
      : `${end} ${row[end]} must be after ${start} ${row[start]}`;
  },
});

export const FOCUS_ROW_RULES: readonly FocusRowRule[] = [
  endAfterStart('BillingPeriodEnd', 'BillingPeriodStart'),
  endAfterStart('ChargePeriodEnd', 'ChargePeriodStart'),

  nullWhenNull('BillingAccountType', 'BillingAccountId'),
  notNullWhenNotNull('BillingAccountType', 'BillingAccountId'),

  nullWhenNull('CapacityReservationStatus', 'CapacityReservationId'),
  {
    column: 'CapacityReservationStatus',
    requirement:
      'CapacityReservationStatus MUST NOT be null when CapacityReservationId is not null and ChargeCategory is "Usage"',
    check: (row) =>
      present(row, 'CapacityReservationStatus') &&
      !isNull(row['CapacityReservationId']) &&
      row['ChargeCategory'] === 'Usage' &&
      isNull(row['CapacityReservationStatus'])
        ? 'CapacityReservationStatus must not be null when CapacityReservationId is not null and ChargeCategory is Usage'
        : undefined,
  },

  {
    column: 'ChargeFrequency',
    requirement: 'ChargeFrequency MUST NOT be "Usage-Based" when ChargeCategory is "Purchase"',
    check: (row) =>
      row['ChargeCategory'] === 'Purchase' && row['ChargeFrequency'] === 'Usage-Based'
        ? 'ChargeFrequency must not be Usage-Based when ChargeCategory is Purchase'
        : undefined,
  },

  nullWhenNull('CommitmentDiscountCategory', 'CommitmentDiscountId'),
  notNullWhenNotNull('CommitmentDiscountCategory', 'CommitmentDiscountId'),
  nullWhenNull('CommitmentDiscountName', 'CommitmentDiscountId'),
  {
    column: 'CommitmentDiscountQuantity',
    requirement:
      'CommitmentDiscountQuantity MUST NOT be null when ChargeCategory is "Usage" or "Purchase", CommitmentDiscountId is not null and ChargeClass is not "Correction"; MUST be null in all other cases',
    check: (row) => {
      const value = row['CommitmentDiscountQuantity'];
      const applies = usageOrPurchase(row) && !isNull(row['CommitmentDiscountId']);
      if (!applies) {
        return isNull(value)
          ? undefined
          : 'CommitmentDiscountQuantity must be null unless ChargeCategory is Usage or Purchase and CommitmentDiscountId is not null';
      }
      return present(row, 'CommitmentDiscountQuantity') && !isCorrection(row) && isNull(value)
        ? `CommitmentDiscountQuantity must not be null when ChargeCategory is ${row['ChargeCategory']}, CommitmentDiscountId is not null and ChargeClass is not Correction`
        : undefined;
    },
  },
  nullWhenNull('CommitmentDiscountStatus', 'CommitmentDiscountId'),
  {
    column: 'CommitmentDiscountStatus',
    requirement:
      'CommitmentDiscountStatus MUST NOT be null when CommitmentDiscountId is not null and ChargeCategory is "Usage"',
    check: (row) =>
      present(row, 'CommitmentDiscountStatus') &&
      !isNull(row['CommitmentDiscountId']) &&
      row['ChargeCategory'] === 'Usage' &&
      isNull(row['CommitmentDiscountStatus'])
        ? 'CommitmentDiscountStatus must not be null when CommitmentDiscountId is not null and ChargeCategory is Usage'
        : undefined,
  },
  nullWhenNull('CommitmentDiscountType', 'CommitmentDiscountId'),
  notNullWhenNotNull('CommitmentDiscountType', 'CommitmentDiscountId'),
  nullWhenNull('CommitmentDiscountUnit', 'CommitmentDiscountQuantity'),
  notNullWhenNotNull('CommitmentDiscountUnit', 'CommitmentDiscountQuantity'),

  {
    column: 'ConsumedQuantity',
    requirement:
      'ConsumedQuantity MUST be null when ChargeCategory is not "Usage" or CommitmentDiscountStatus is "Unused"; otherwise MUST NOT be null unless ChargeClass is "Correction"',
    check: (row) => {
      const value = row['ConsumedQuantity'];
      if (row['ChargeCategory'] !== 'Usage') {
        return isNull(value)
          ? undefined
          : `ConsumedQuantity must be null when ChargeCategory is ${row['ChargeCategory'] || 'null'}`;
      }
      if (row['CommitmentDiscountStatus'] === 'Unused') {
        return isNull(value)
          ? undefined
          : 'ConsumedQuantity must be null when CommitmentDiscountStatus is Unused';
      }
      return present(row, 'ConsumedQuantity') && !isCorrection(row) && isNull(value)
        ? 'ConsumedQuantity must not be null when ChargeCategory is Usage and ChargeClass is not Correction'
        : undefined;
    },
  },
  nullWhenNull('ConsumedUnit', 'ConsumedQuantity'),
  notNullWhenNotNull('ConsumedUnit', 'ConsumedQuantity'),

  ...pricedCharge('ContractedUnitPrice'),
  ...pricedCharge('ListUnitPrice'),
  ...pricedCharge('PricingCategory'),
  ...pricedCharge('PricingCurrencyContractedUnitPrice'),
  ...pricedCharge('PricingCurrencyListUnitPrice'),
  ...pricedCharge('PricingQuantity'),
  nullWhenNull('PricingUnit', 'PricingQuantity'),
  notNullWhenNotNull('PricingUnit', 'PricingQuantity'),

  nullWhenNull('RegionName', 'RegionId'),
  notNullWhenNotNull('RegionName', 'RegionId'),
  nullWhenNull('ResourceName', 'ResourceId'),
  nullWhenNull('ResourceType', 'ResourceId'),
  notNullWhenNotNull('ResourceType', 'ResourceId'),

  {
    column: 'ServiceSubcategory',
    requirement: 'ServiceSubcategory MUST have one and only one parent ServiceCategory',
    check: (row) => {
      const sub = row['ServiceSubcategory'];
      const parent = sub ? SERVICE_SUBCATEGORIES[sub] : undefined;
      return parent && row['ServiceCategory'] && parent !== row['ServiceCategory']
        ? `ServiceSubcategory '${sub}' belongs to ServiceCategory ${parent}, not ${row['ServiceCategory']}`
        : undefined;
    },
  },

  ...pricedCharge('SkuId'),
  nullWhenNull('SkuMeter', 'SkuId'),
  ...pricedCharge('SkuPriceId'),
  nullWhenNull('SkuPriceDetails', 'SkuPriceId'),

  nullWhenNull('SubAccountName', 'SubAccountId'),
  notNullWhenNotNull('SubAccountName', 'SubAccountId'),
  nullWhenNull('SubAccountType', 'SubAccountId'),
  notNullWhenNotNull('SubAccountType', 'SubAccountId'),
];
