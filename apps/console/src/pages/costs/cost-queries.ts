import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '../../api/client';
import type {
  BudgetAlertPage,
  BudgetPage,
  CostIngestionPage,
  CostMovers,
  CostResources,
  CostSeries,
  CostSourcePage,
  CostTotals,
} from '../../api/views';
import { type CostFilters, moversQuery, seriesQuery, totalsQuery } from '../../lib/costs';
import { LIVE_INTERVAL_MS } from '../../lib/live';

/** Everything under ['costs'] is refreshed after an ingestion, a new source or a budget. */
export const costKeys = {
  all: ['costs'] as const,
  totals: (filters: CostFilters) => ['costs', 'totals', filters] as const,
  series: (filters: CostFilters) => ['costs', 'series', filters] as const,
  movers: (filters: CostFilters) => ['costs', 'movers', filters] as const,
  unallocated: (from: string, to: string) => ['costs', 'unallocated', from, to] as const,
  sources: ['costs', 'sources'] as const,
  ingestions: (id: string) => ['costs', 'ingestions', id] as const,
  budgets: ['costs', 'budgets'] as const,
  alerts: ['costs', 'alerts'] as const,
};

export function useCostTotals(filters: CostFilters) {
  return useQuery({
    queryKey: costKeys.totals(filters),
    queryFn: () =>
      unwrap<CostTotals>(api.GET('/api/v1/costs', { params: { query: totalsQuery(filters) } })),
    placeholderData: keepPreviousData,
  });
}

export function useCostSeries(filters: CostFilters) {
  return useQuery({
    queryKey: costKeys.series(filters),
    queryFn: () =>
      unwrap<CostSeries>(
        api.GET('/api/v1/costs/series', { params: { query: seriesQuery(filters) } }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useCostMovers(filters: CostFilters) {
  return useQuery({
    queryKey: costKeys.movers(filters),
    queryFn: () =>
      unwrap<CostMovers>(
        api.GET('/api/v1/costs/movers', { params: { query: moversQuery(filters) } }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Cost that names no resource, or one the inventory does not hold, in the range. */
export function useUnallocatedCost(from: string, to: string) {
  return useQuery({
    queryKey: costKeys.unallocated(from, to),
    queryFn: () =>
      unwrap<CostResources>(
        api.GET('/api/v1/costs/resources', {
          params: { query: { from, to, allocation: 'unallocated', limit: 20 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Polled while any source's last run is still running. */
export function useCostSources() {
  return useQuery({
    queryKey: costKeys.sources,
    queryFn: () => unwrap<CostSourcePage>(api.GET('/api/v1/costs/sources')),
    refetchInterval: (query) =>
      query.state.data?.items.some((source) => source.lastRun?.status === 'running')
        ? LIVE_INTERVAL_MS
        : false,
  });
}

export function useIngestions(id: string) {
  return useQuery({
    queryKey: costKeys.ingestions(id),
    queryFn: () =>
      unwrap<CostIngestionPage>(
        api.GET('/api/v1/costs/sources/{id}/ingestions', { params: { path: { id } } }),
      ),
  });
}

export function useBudgets() {
  return useQuery({
    queryKey: costKeys.budgets,
    queryFn: () => unwrap<BudgetPage>(api.GET('/api/v1/costs/budgets')),
  });
}

export function useBudgetAlerts() {
  return useQuery({
    queryKey: costKeys.alerts,
    queryFn: () => unwrap<BudgetAlertPage>(api.GET('/api/v1/costs/budgets/alerts')),
  });
}
