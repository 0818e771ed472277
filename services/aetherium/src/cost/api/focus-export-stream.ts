import { Readable } from 'node:stream';

import { withTenant } from '@codex/persistence';
import type { DataSource } from 'typeorm';

import { FOCUS_EXPORT_HEADER, FOCUS_EXPORT_SELECT, focusCsvLine } from '../focus/focus-export';
import type { CostExportQuery } from './cost-query.schemas';

const PAGE = 5_000;

/** The tenant's charges in the range as FOCUS 1.2 CSV, read a keyset page at a time. */
export function focusExportStream(
  dataSource: DataSource,
  tenantId: string,
  query: CostExportQuery,
): Readable {
  const params: unknown[] = [tenantId, query.from, query.to];
  const clauses = [
    'tenant_id = $1',
    'charge_period_start >= $2::date',
    'charge_period_start < $3::date',
  ];
  for (const [column, value] of [
    ['provider', query.provider],
    ['sub_account_id', query.account],
    ['service_name', query.service],
  ] as const) {
    if (value === undefined) continue;
    params.push(value);
    clauses.push(`${column} = $${params.length}`);
  }
  async function* lines(): AsyncGenerator<string> {
    yield FOCUS_EXPORT_HEADER;
    let after = '0';
    for (;;) {
      const rows = await withTenant(dataSource, tenantId, (manager) =>
        manager.query<Record<string, string | null>[]>(
          `SELECT id::text AS id, ${FOCUS_EXPORT_SELECT} FROM cost_line_items
            WHERE ${clauses.join(' AND ')} AND id > $${params.length + 1}
            ORDER BY id LIMIT ${PAGE}`,
          [...params, after],
        ),
      );
      if (rows.length === 0) return;
      let chunk = '';
      for (const row of rows) {
        const values = Object.values(row);
        after = values[0] ?? after;
        chunk += focusCsvLine(values.slice(1));
      }
      yield chunk;
      if (rows.length < PAGE) return;
    }
  }
  return Readable.from(lines());
}
