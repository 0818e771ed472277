import { ValidationProblem } from '@codex/platform';

/** Which rollup answers a grouping, the SQL of its key and label, and the filters it takes. */
export interface Grouping {
  table: 'cost_daily_services' | 'cost_daily_resources' | 'cost_daily_tags';
  key: string;
  label: string;
  /** For tag groupings: the key, bound as a parameter. */
  tagKey?: string;
}

export interface CostFilters {
  provider?: string | undefined;
  account?: string | undefined;
  service?: string | undefined;
}

const SERVICE_GROUPS: Record<string, [key: string, label: string]> = {
  provider: ['provider', 'provider'],
  account: ['sub_account_id', 'MAX(sub_account_name)'],
  service: ['service_name', 'service_name'],
  region: ['region_id', 'region_id'],
  chargeCategory: ['charge_category', 'charge_category'],
};

export function groupingOf(groupBy: string, filters: CostFilters): Grouping {
  if (groupBy.startsWith('tag:')) {
    if (filters.service) {
      throw new ValidationProblem([
        { field: 'query.service', message: 'does not combine with a tag grouping' },
      ]);
    }
    return {
      table: 'cost_daily_tags',
      key: 'tag_value',
      label: 'tag_value',
      tagKey: groupBy.slice(4),
    };
  }
  if (groupBy === 'resource') {
    return { table: 'cost_daily_resources', key: 'resource_id', label: 'resource_id' };
  }
  const [key, label] = SERVICE_GROUPS[groupBy] ?? SERVICE_GROUPS.provider!;
  return { table: 'cost_daily_services', key, label };
}

/** The WHERE clause over a rollup for a tenant, a day range and the filters; params follow. */
export function whereOf(
  grouping: Grouping,
  tenantId: string,
  range: { from: string; to: string },
  filters: CostFilters,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [tenantId, range.from, range.to];
  const clauses = ['tenant_id = $1', 'day >= $2::date', 'day < $3::date'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (filters.provider) add('provider = ?', filters.provider);
  if (filters.account) add('sub_account_id = ?', filters.account);
  if (filters.service) add('service_name = ?', filters.service);
  if (grouping.tagKey !== undefined) add('tag_key = ?', grouping.tagKey);
  return { sql: clauses.join(' AND '), params };
}

/** The GROUP BY columns of a grouping: its key, and its label unless that is an aggregate. */
export function groupColumns(grouping: Grouping): string {
  return grouping.label === grouping.key || grouping.label.startsWith('MAX(')
    ? grouping.key
    : `${grouping.key}, ${grouping.label}`;
}
