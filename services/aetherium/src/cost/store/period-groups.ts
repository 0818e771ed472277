import type { CostLine } from '../focus/cost-line';

/** Amounts are kept as integer billionths of the currency unit, so sums are exact. */
const SCALE = 1e9;
const scaled = (amount: number) => BigInt(Math.round(amount * SCALE));
const decimal = (value: bigint) => {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(10, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -9)}.${digits.slice(-9)}`;
};

interface Group {
  fields: string;
  billed: bigint;
  effective: bigint;
  list: bigint;
  lines: number;
}

/** The columns of the temporary table the groups are copied into, in the order rows give them. */
export const GROUP_COLUMNS =
  'day, provider, sub_account_id, sub_account_name, service_name, service_category, region_id, charge_category, billing_currency, resource_id, resource_urn, tags, billed_cost, effective_cost, list_cost, line_count';

const NULL = '\\N';
const field = (value: string | null) =>
  value === null
    ? NULL
    : value
        .replace(/\\/g, '\\\\')
        .replace(/\t/g, '\\t')
        .replace(/\n/g, '\\n')
        .replace(/\r/g, '\\r');

/**
 * A period's lines summed per day and everything a daily rollup may group by, while they are
 * read: the rollups then sum these few rows instead of every line again.
 */
export class PeriodGroups {
  private readonly groups = new Map<string, Group>();
  private readonly tagTexts = new WeakMap<Record<string, string>, string>();
  private readonly days = new Map<number, string>();

  constructor(private readonly provider: string) {}

  add(line: CostLine): void {
    let tags = this.tagTexts.get(line.tags);
    if (tags === undefined) {
      tags = JSON.stringify(line.tags);
      this.tagTexts.set(line.tags, tags);
    }
    const at = line.chargePeriodStart.getTime();
    let day = this.days.get(at);
    if (day === undefined) {
      day = line.chargePeriodStart.toISOString().slice(0, 10);
      this.days.set(at, day);
    }
    const values = [
      day,
      this.provider,
      line.subAccountId ?? '',
      line.subAccountName,
      line.serviceName,
      line.serviceCategory,
      line.regionId ?? '',
      line.chargeCategory,
      line.billingCurrency,
      line.resourceId ?? '',
      line.resourceUrn,
      tags,
    ];
    const key = values.join('\u0001');
    let group = this.groups.get(key);
    if (!group) {
      group = {
        fields: values.map(field).join('\t'),
        billed: 0n,
        effective: 0n,
        list: 0n,
        lines: 0,
      };
      this.groups.set(key, group);
    }
    group.billed += scaled(line.billedCost);
    group.effective += scaled(line.effectiveCost);
    group.list += scaled(line.listCost);
    group.lines += 1;
  }

  /** COPY text rows of the groups. */
  *rows(): Generator<string> {
    for (const group of this.groups.values()) {
      yield `${group.fields}\t${decimal(group.billed)}\t${decimal(group.effective)}\t${decimal(group.list)}\t${group.lines}\n`;
    }
  }
}
