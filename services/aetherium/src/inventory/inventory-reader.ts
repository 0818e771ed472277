import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { NotFoundProblem } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { type RecentCost, recentCosts } from '../cost/api/resource-cost-lookup';
import { decodeCursor, encodeCursor } from './api/keyset-cursor';
import type { ResourceQuery, SortKey } from './api/resource-query';

export interface ResourceView {
  urn: string;
  provider: string;
  accountId: string;
  region: string;
  type: string;
  name: string;
  tags: Record<string, string>;
  state: string;
  attributes: Record<string, unknown>;
  observedAt: Date;
  updatedAt: Date;
  /** What the resource cost in the last 30 days, when a cost source bills it. */
  recentCost: RecentCost | null;
}

export interface ResourcePage {
  items: ResourceView[];
  nextCursor: string | null;
}

export interface InventorySummary {
  total: number;
  byProvider: Record<string, number>;
  byType: Record<string, number>;
  byState: Record<string, number>;
}

interface ResourceRow {
  urn: string;
  provider: string;
  account_id: string;
  region: string;
  resource_type: string;
  name: string;
  tags: Record<string, string>;
  state: string;
  attributes: Record<string, unknown>;
  observed_at: Date;
  updated_at: Date;
  cursor_value: string;
}

const SORTS: Record<
  SortKey,
  { column: 'name' | 'observed_at'; cast: string; descending: boolean }
> = {
  name: { column: 'name', cast: 'text', descending: false },
  '-name': { column: 'name', cast: 'text', descending: true },
  observedAt: { column: 'observed_at', cast: 'timestamptz', descending: false },
  '-observedAt': { column: 'observed_at', cast: 'timestamptz', descending: true },
};

const COLUMNS = `urn, provider, account_id, region, resource_type, name, tags, state, attributes, observed_at, updated_at`;

/** Reads the unified inventory, always within the caller's tenant; deleted resources are not listed. */
@Injectable()
export class InventoryReader {
  constructor(private readonly dataSource: DataSource) {}

  async list(caller: Principal, query: ResourceQuery): Promise<ResourcePage> {
    const params: unknown[] = [caller.tenantId];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where = ['tenant_id = $1', 'deleted_at IS NULL'];
    if (query.provider) where.push(`provider = ${bind(query.provider)}`);
    if (query.account) where.push(`account_id = ${bind(query.account)}`);
    if (query.region) where.push(`region = ${bind(query.region)}`);
    if (query.type) where.push(`resource_type = ${bind(query.type)}`);
    if (query.state) where.push(`state = ${bind(query.state)}`);
    for (const tag of query.tag) {
      where.push(
        tag.value === undefined
          ? `tags ? ${bind(tag.key)}`
          : `tags @> ${bind(JSON.stringify({ [tag.key]: tag.value }))}::jsonb`,
      );
    }
    if (query.q) {
      where.push(`(name ILIKE ${bind(`%${escapeLike(query.q)}%`)} OR urn = ${bind(query.q)})`);
    }
    const sort = SORTS[query.sort];
    if (query.cursor) {
      const [value, urn] = decodeCursor(query.cursor);
      where.push(
        `(${sort.column}, urn) ${sort.descending ? '<' : '>'} (${bind(value)}::${sort.cast}, ${bind(urn)})`,
      );
    }
    const direction = sort.descending ? 'DESC' : 'ASC';
    const matching = `SELECT ${COLUMNS}, ${sort.column}::text AS cursor_value
                        FROM inventory_resources WHERE ${where.join(' AND ')}`;
    const order = `ORDER BY ${sort.column} ${direction}, urn ${direction} LIMIT ${bind(query.limit + 1)}`;
    // Free text matches through the trigram index first; walking the sort index instead would
    // read every row until enough names happen to match.
    const { rows, costs } = await withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const found: ResourceRow[] = await manager.query(
        query.q
          ? `WITH matches AS MATERIALIZED (${matching}) SELECT * FROM matches ${order}`
          : `${matching} ${order}`,
        params,
      );
      const urns = found.slice(0, query.limit).map((row) => row.urn);
      return { rows: found, costs: await recentCosts(manager, caller.tenantId, urns) };
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => toView(row, costs.get(row.urn))),
      nextCursor:
        rows.length > query.limit && last ? encodeCursor([last.cursor_value, last.urn]) : null,
    };
  }

  async get(caller: Principal, urn: string): Promise<ResourceView> {
    const { rows, costs } = await withTenant(this.dataSource, caller.tenantId, async (manager) => ({
      rows: await manager.query<ResourceRow[]>(
        `SELECT ${COLUMNS}, '' AS cursor_value FROM inventory_resources
          WHERE tenant_id = $1 AND urn = $2 AND deleted_at IS NULL`,
        [caller.tenantId, urn],
      ),
      costs: await recentCosts(manager, caller.tenantId, [urn]),
    }));
    const row = rows[0];
    if (!row) throw new NotFoundProblem(`resource ${urn}`);
    return toView(row, costs.get(urn));
  }

  async summary(caller: Principal): Promise<InventorySummary> {
    const rows: {
      provider: string | null;
      resource_type: string | null;
      state: string | null;
      count: string;
    }[] = await withTenant(this.dataSource, caller.tenantId, (manager) =>
      manager.query(
        `SELECT provider, resource_type, state, count(*) AS count
             FROM inventory_resources
            WHERE tenant_id = $1 AND deleted_at IS NULL
            GROUP BY GROUPING SETS ((provider), (resource_type), (state))`,
        [caller.tenantId],
      ),
    );
    const summary: InventorySummary = { total: 0, byProvider: {}, byType: {}, byState: {} };
    for (const row of rows) {
      const count = Number(row.count);
      if (row.provider !== null) {
        summary.byProvider[row.provider] = count;
        summary.total += count;
      } else if (row.resource_type !== null) summary.byType[row.resource_type] = count;
      else if (row.state !== null) summary.byState[row.state] = count;
    }
    return summary;
  }
}

function toView(row: ResourceRow, recentCost: RecentCost | undefined): ResourceView {
  return {
    recentCost: recentCost ?? null,
    urn: row.urn,
    provider: row.provider,
    accountId: row.account_id,
    region: row.region,
    type: row.resource_type,
    name: row.name,
    tags: row.tags,
    state: row.state,
    attributes: row.attributes,
    observedAt: row.observed_at,
    updatedAt: row.updated_at,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
