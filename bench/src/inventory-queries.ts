import { withDatabase } from './service-database';

/* The filtered lists measured, and how PostgreSQL plans each. */

export interface ListQuery {
  label: string;
  params: Record<string, string>;
}

export const QUERIES: ListQuery[] = [
  {
    label: 'type + state + tag',
    params: { type: 'ec2/instance', state: 'running', tag: 'env:production', limit: '50' },
  },
  {
    label: 'type + region + state',
    params: { type: 'ec2/instance', region: 'eu-west-1', state: 'stopped', limit: '50' },
  },
  // One role of twenty: a broad term, its matches clustered in name order (after <team>-l…).
  { label: 'free text, broad', params: { type: 'ec2/instance', q: 'ledger', limit: '50' } },
  { label: 'free text, narrow', params: { type: 'ec2/instance', q: 'checkout-47', limit: '50' } },
];

export const pathOf = (query: ListQuery) =>
  `/api/v1/inventory/resources?${new URLSearchParams(query.params).toString()}`;

/** The statement inventory-reader.ts builds for these filters (default sort: name). */
function sqlOf(query: ListQuery, tenantId: string): { text: string; values: unknown[] } {
  const values: unknown[] = [tenantId];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const where = ['tenant_id = $1', 'deleted_at IS NULL'];
  const { region, type, state, tag, q, limit = '50' } = query.params;
  if (region) where.push(`region = ${bind(region)}`);
  if (type) where.push(`resource_type = ${bind(type)}`);
  if (state) where.push(`state = ${bind(state)}`);
  if (tag) {
    const [key = '', value = ''] = tag.split(':');
    where.push(`tags @> ${bind(JSON.stringify({ [key]: value }))}::jsonb`);
  }
  if (q) where.push(`(name ILIKE ${bind(`%${q}%`)} OR urn = ${bind(q)})`);
  return {
    text: `SELECT urn, provider, account_id, region, resource_type, name, tags, state, attributes,
                  observed_at, updated_at, name::text AS cursor_value
             FROM inventory_resources
            WHERE ${where.join(' AND ')}
            ORDER BY name ASC, urn ASC
            LIMIT ${bind(Number(limit) + 1)}`,
    values,
  };
}

export interface Plan {
  summary: string;
  text: string;
  executionMs: number;
  matching: number;
}

export async function explain(
  databaseUrl: string,
  tenantId: string,
  query: ListQuery,
): Promise<Plan> {
  return withDatabase(databaseUrl, async (client) => {
    const { text, values } = sqlOf(query, tenantId);
    const lines = (
      await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values)
    ).rows.map((row) => row['QUERY PLAN']);
    const plan = lines.join('\n');
    const scans = lines
      .map((line) =>
        /(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)?(?: using (\S+))? on (\S+)/.exec(
          line,
        ),
      )
      .filter((match) => match !== null)
      .map(([, kind = '', index, relation]) =>
        kind === 'Seq Scan' ? kind : `${kind} ${index ?? relation}`,
      );
    const counted = sqlOf({ ...query, params: { ...query.params, limit: '0' } }, tenantId);
    const matching = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (${counted.text.replace(/LIMIT \$\d+$/, '')}) AS matching`,
      counted.values.slice(0, -1),
    );
    const filtered = [...plan.matchAll(/Rows Removed by Filter: (\d+)/g)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
    return {
      summary: `${[...new Set(scans)].join(' + ')}, ${filtered} rows filtered out`,
      text: plan,
      executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN),
      matching: matching.rows[0]?.n ?? 0,
    };
  });
}
