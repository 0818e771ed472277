import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import type { DataSource, EntityManager } from 'typeorm';

import {
  type CostFilters,
  groupColumns,
  type Grouping,
  groupingOf,
  whereOf,
} from './cost-grouping';
import type {
  CostMovers,
  CostMoversQuery,
  CostResourcesQuery,
  CostSeries,
  CostSeriesQuery,
  CostTotals,
  CostTotalsQuery,
  ResourceCosts,
} from './cost-query.schemas';

const UNTAGGED = '(untagged)';
const OTHER = '(other)';

interface GroupRow {
  key: string;
  label: string;
  currency: string;
  billed: string;
  effective: string;
  list: string;
}

const SUMS = `ROUND(SUM(billed_cost), 2)::text AS billed, ROUND(SUM(effective_cost), 2)::text AS effective,
  ROUND(SUM(list_cost), 2)::text AS list`;

/** Cost answers, all from the daily rollups (ADR 22); amounts round to the cent last. */
export class CostReader {
  constructor(private readonly dataSource: DataSource) {}

  totals(caller: Principal, query: CostTotalsQuery): Promise<CostTotals> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const grouping = groupingOf(query.groupBy, query);
      const { groups, totals } =
        grouping.table === 'cost_daily_services'
          ? await this.groupsWithTotals(manager, grouping, caller.tenantId, query)
          : {
              groups: await this.groups(manager, grouping, caller.tenantId, query, query),
              totals: await this.grandTotals(manager, caller.tenantId, query, query),
            };
      if (grouping.tagKey !== undefined) groups.push(...untagged(groups, totals));
      return {
        from: query.from,
        to: query.to,
        groupBy: query.groupBy,
        groups,
        totals: totals.map(({ currency, billed, effective, list }) => ({
          currency,
          billed,
          effective,
          list,
        })),
      };
    });
  }

  series(caller: Principal, query: CostSeriesQuery): Promise<CostSeries> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const grouping = groupingOf(query.groupBy, query);
      const column = query.metric === 'billed' ? 'billed_cost' : 'effective_cost';
      const bucket =
        query.granularity === 'month' ? `to_char(day, 'YYYY-MM')` : `to_char(day, 'YYYY-MM-DD')`;
      const where = whereOf(grouping, caller.tenantId, query, query);
      const rows = await manager.query<
        { key: string; label: string; currency: string; period: string; amount: string }[]
      >(
        `SELECT ${grouping.key} AS key, ${grouping.label} AS label, billing_currency AS currency,
                ${bucket} AS period, SUM(${column})::text AS amount
           FROM ${grouping.table} WHERE ${where.sql}
          GROUP BY ${groupColumns(grouping)}, billing_currency, ${bucket}`,
        where.params,
      );
      const periods = periodsOf(query.from, query.to, query.granularity);
      return {
        from: query.from,
        to: query.to,
        groupBy: query.groupBy,
        granularity: query.granularity,
        metric: query.metric,
        periods,
        series: topSeries(rows, periods, query.limit),
      };
    });
  }

  movers(caller: Principal, query: CostMoversQuery): Promise<CostMovers> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const grouping = groupingOf(query.groupBy, query);
      const current = await this.groups(manager, grouping, caller.tenantId, query, query);
      const previous = await this.groups(
        manager,
        grouping,
        caller.tenantId,
        { from: query.previousFrom, to: query.previousTo },
        query,
      );
      const metric = query.metric;
      const byKey = new Map<
        string,
        { label: string; currency: string; current: number; previous: number }
      >();
      for (const [rows, side] of [
        [current, 'current'],
        [previous, 'previous'],
      ] as const) {
        for (const row of rows) {
          const id = `${row.key}\u0000${row.currency}`;
          const entry = byKey.get(id) ?? {
            label: row.label,
            currency: row.currency,
            current: 0,
            previous: 0,
          };
          entry[side] = Number(row[metric]);
          byKey.set(id, entry);
        }
      }
      const movers = [...byKey.entries()]
        .map(([id, entry]) => ({
          key: id.split('\u0000')[0] ?? '',
          label: entry.label,
          currency: entry.currency,
          current: entry.current.toFixed(2),
          previous: entry.previous.toFixed(2),
          change: (entry.current - entry.previous).toFixed(2),
          changePercent:
            entry.previous === 0
              ? null
              : Math.round(((entry.current - entry.previous) / entry.previous) * 1000) / 10,
        }))
        .sort(
          (a, b) =>
            Math.abs(Number(b.change)) - Math.abs(Number(a.change)) || a.key.localeCompare(b.key),
        )
        .slice(0, query.limit);
      return { groupBy: query.groupBy, metric, movers };
    });
  }

  resources(caller: Principal, query: CostResourcesQuery): Promise<ResourceCosts> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const grouping = groupingOf('resource', query);
      const where = whereOf(grouping, caller.tenantId, query, query);
      const allocation =
        query.allocation === 'allocated'
          ? 'AND inventory.urn IS NOT NULL'
          : query.allocation === 'unallocated'
            ? 'AND inventory.urn IS NULL'
            : '';
      const rows = await manager.query<ResourceCosts['items']>(
        `WITH costs AS (
           SELECT resource_id, MAX(resource_urn) AS resource_urn, provider, sub_account_id AS account,
                  MAX(service_name) AS service, billing_currency AS currency,
                  SUM(billed_cost) AS billed, SUM(effective_cost) AS effective
             FROM cost_daily_resources WHERE ${where.sql}
            GROUP BY resource_id, provider, sub_account_id, billing_currency)
         SELECT costs.resource_id AS "resourceId", costs.resource_urn AS "resourceUrn",
                inventory.name, costs.provider, costs.account, costs.service, costs.currency,
                ROUND(costs.billed, 2)::text AS billed, ROUND(costs.effective, 2)::text AS effective,
                inventory.urn IS NOT NULL AS allocated
           FROM costs
           LEFT JOIN inventory_resources inventory
             ON inventory.tenant_id = $1 AND inventory.urn = costs.resource_urn
          WHERE true ${allocation}
          ORDER BY costs.effective DESC, costs.resource_id
          LIMIT ${query.limit}`,
        where.params,
      );
      const unallocated = await manager.query<ResourceCosts['unallocated']>(
        `SELECT costs.billing_currency AS currency, ${SUMS.replace(/SUM\((\w+)\)/g, 'SUM(costs.$1)')}
           FROM cost_daily_resources costs
           LEFT JOIN inventory_resources inventory
             ON inventory.tenant_id = $1 AND inventory.urn = costs.resource_urn
          WHERE ${where.sql.replace(/(^|AND )(\w+)/g, '$1costs.$2')} AND inventory.urn IS NULL
          GROUP BY costs.billing_currency ORDER BY costs.billing_currency`,
        where.params,
      );
      return { items: rows, unallocated };
    });
  }

  /** Groups of the service rollup and the totals per currency, in one statement. */
  private async groupsWithTotals(
    manager: EntityManager,
    grouping: Grouping,
    tenantId: string,
    query: CostTotalsQuery,
  ): Promise<{ groups: GroupRow[]; totals: GroupRow[] }> {
    const where = whereOf(grouping, tenantId, query, query);
    const rows = await manager.query<(GroupRow & { total: boolean })[]>(
      `SELECT ${grouping.key} AS key, ${grouping.label} AS label, billing_currency AS currency,
              GROUPING(${grouping.key}) = 1 AS total, ${SUMS}
         FROM ${grouping.table} WHERE ${where.sql}
        GROUP BY GROUPING SETS ((${groupColumns(grouping)}, billing_currency), (billing_currency))
        ORDER BY GROUPING(${grouping.key}) DESC, SUM(effective_cost) DESC, ${grouping.key}, billing_currency`,
      where.params,
    );
    const strip = ({ total: _total, ...row }: GroupRow & { total: boolean }): GroupRow => row;
    return {
      groups: rows.filter((row) => !row.total).map(strip),
      totals: rows.filter((row) => row.total).map(strip),
    };
  }

  private async groups(
    manager: EntityManager,
    grouping: Grouping,
    tenantId: string,
    range: { from: string; to: string },
    filters: CostFilters,
  ): Promise<GroupRow[]> {
    const where = whereOf(grouping, tenantId, range, filters);
    return await manager.query<GroupRow[]>(
      `SELECT ${grouping.key} AS key, ${grouping.label} AS label, billing_currency AS currency, ${SUMS}
         FROM ${grouping.table} WHERE ${where.sql}
        GROUP BY ${groupColumns(grouping)}, billing_currency
        ORDER BY SUM(effective_cost) DESC, ${grouping.key}`,
      where.params,
    );
  }

  private async grandTotals(
    manager: EntityManager,
    tenantId: string,
    range: { from: string; to: string },
    filters: CostFilters,
  ): Promise<GroupRow[]> {
    const where = whereOf(
      { table: 'cost_daily_services', key: '', label: '' },
      tenantId,
      range,
      filters,
    );
    return await manager.query<GroupRow[]>(
      `SELECT '' AS key, '' AS label, billing_currency AS currency, ${SUMS}
         FROM cost_daily_services WHERE ${where.sql}
        GROUP BY billing_currency ORDER BY billing_currency`,
      where.params,
    );
  }
}

/** What no value of the tag key covers: the totals less the tagged groups, per currency. */
function untagged(groups: GroupRow[], totals: GroupRow[]): GroupRow[] {
  return totals
    .map((total) => {
      const tagged = groups.filter((group) => group.currency === total.currency);
      const rest = (field: 'billed' | 'effective' | 'list') =>
        (
          Number(total[field]) - tagged.reduce((sum, group) => sum + Number(group[field]), 0)
        ).toFixed(2);
      return {
        key: UNTAGGED,
        label: UNTAGGED,
        currency: total.currency,
        billed: rest('billed'),
        effective: rest('effective'),
        list: rest('list'),
      };
    })
    .filter((row) => Number(row.billed) !== 0 || Number(row.effective) !== 0);
}

export function periodsOf(from: string, to: string, granularity: 'day' | 'month'): string[] {
  const periods: string[] = [];
  const end = Date.parse(to);
  for (let time = Date.parse(from); time < end; time += 86_400_000) {
    const period = new Date(time).toISOString().slice(0, granularity === 'month' ? 7 : 10);
    if (periods.at(-1) !== period) periods.push(period);
  }
  return periods;
}

/** The `limit` largest groups as series over every period; the rest summed as (other). */
export function topSeries(
  rows: { key: string; label: string; currency: string; period: string; amount: string }[],
  periods: string[],
  limit: number,
): CostSeries['series'] {
  const index = new Map(periods.map((period, position) => [period, position]));
  const series = new Map<
    string,
    { key: string; label: string; currency: string; points: number[]; total: number }
  >();
  for (const row of rows) {
    const id = `${row.key}\u0000${row.currency}`;
    const entry = series.get(id) ?? {
      key: row.key,
      label: row.label,
      currency: row.currency,
      points: periods.map(() => 0),
      total: 0,
    };
    const position = index.get(row.period);
    if (position !== undefined)
      entry.points[position] = (entry.points[position] ?? 0) + Number(row.amount);
    entry.total += Number(row.amount);
    series.set(id, entry);
  }
  const ranked = [...series.values()].sort(
    (a, b) => b.total - a.total || a.key.localeCompare(b.key),
  );
  const shown = ranked.slice(0, limit);
  const others = new Map<string, number[]>();
  for (const entry of ranked.slice(limit)) {
    const points = others.get(entry.currency) ?? periods.map(() => 0);
    entry.points.forEach((value, position) => (points[position] = (points[position] ?? 0) + value));
    others.set(entry.currency, points);
  }
  return [
    ...shown.map((entry) => ({
      key: entry.key,
      label: entry.label,
      currency: entry.currency,
      points: entry.points.map((value) => value.toFixed(2)),
    })),
    ...[...others.entries()].map(([currency, points]) => ({
      key: OTHER,
      label: OTHER,
      currency,
      points: points.map((value) => value.toFixed(2)),
    })),
  ];
}
