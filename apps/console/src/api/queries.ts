import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { actionInProgress, discoveryInProgress, LIVE_INTERVAL_MS, pollWhile } from '../lib/live';
import { api, unwrap } from './client';
import type {
  AccountPage,
  Action,
  ActionEventPage,
  ActionPage,
  ActionStatus,
  Catalogue,
  DiscoveryRunPage,
  InventorySummary,
  Resource,
  ResourcePage,
} from './views';

/** The inventory list's filters, exactly the query parameters GET /inventory/resources takes. */
export interface ResourceFilters {
  account?: string;
  provider?: 'aws' | 'gcp' | 'azure';
  type?: string;
  state?: string;
  region?: string;
  tag?: string[];
  q?: string;
  sort?: 'name' | '-name' | 'observedAt' | '-observedAt';
}

export const keys = {
  summary: ['inventory', 'summary'] as const,
  resources: (filters: ResourceFilters, cursor: string | undefined) =>
    ['inventory', 'resources', filters, cursor] as const,
  resource: (urn: string) => ['inventory', 'resource', urn] as const,
  accounts: ['accounts'] as const,
  runs: (accountId?: string) => ['discovery-runs', accountId ?? 'all'] as const,
  actions: (status: string | undefined, cursor: string | undefined, limit: number) =>
    ['actions', 'list', status ?? 'all', cursor, limit] as const,
  action: (id: string) => ['actions', 'one', id] as const,
  actionEvents: (id: string) => ['actions', 'events', id] as const,
  catalogue: ['actions', 'catalogue'] as const,
};

export function useSummary() {
  return useQuery({
    queryKey: keys.summary,
    queryFn: () => unwrap<InventorySummary>(api.GET('/api/v1/inventory/summary')),
  });
}

export function useResources(filters: ResourceFilters, cursor: string | undefined) {
  return useQuery({
    queryKey: keys.resources(filters, cursor),
    queryFn: () =>
      unwrap<ResourcePage>(
        api.GET('/api/v1/inventory/resources', {
          params: { query: { ...filters, limit: 50, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useResource(urn: string | undefined) {
  return useQuery({
    queryKey: keys.resource(urn ?? ''),
    enabled: urn !== undefined,
    queryFn: () =>
      unwrap<Resource>(
        api.GET('/api/v1/inventory/resources/{urn}', { params: { path: { urn: urn ?? '' } } }),
      ),
  });
}

export function useAccounts() {
  return useQuery({
    queryKey: keys.accounts,
    queryFn: () =>
      unwrap<AccountPage>(api.GET('/api/v1/accounts', { params: { query: { limit: 200 } } })),
  });
}

/** Discovery runs, polled while one is queued or running (ADR 18). */
export function useDiscoveryRuns(accountId?: string, limit = 20) {
  return useQuery({
    queryKey: [...keys.runs(accountId), limit],
    queryFn: () =>
      unwrap<DiscoveryRunPage>(
        api.GET('/api/v1/compute/discovery-runs', {
          params: { query: { limit, ...(accountId ? { accountId } : {}) } },
        }),
      ),
    refetchInterval: (query) =>
      pollWhile(query.state.data?.items, (run) => discoveryInProgress(run.status)),
  });
}

/** Actions, polled while one shown waits for approval or runs (ADR 18). */
export function useActions(status?: ActionStatus, cursor?: string, limit = 50) {
  return useQuery({
    queryKey: keys.actions(status, cursor, limit),
    queryFn: () =>
      unwrap<ActionPage>(
        api.GET('/api/v1/actions', {
          params: {
            query: { limit, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      pollWhile(query.state.data?.items, (action) => actionInProgress(action.status)),
  });
}

export function useAction(id: string) {
  return useQuery({
    queryKey: keys.action(id),
    queryFn: () => unwrap<Action>(api.GET('/api/v1/actions/{id}', { params: { path: { id } } })),
    refetchInterval: (query) =>
      query.state.data && actionInProgress(query.state.data.status) ? LIVE_INTERVAL_MS : false,
  });
}

export function useActionEvents(id: string, live: boolean) {
  return useQuery({
    queryKey: keys.actionEvents(id),
    queryFn: () =>
      unwrap<ActionEventPage>(
        api.GET('/api/v1/actions/{id}/events', { params: { path: { id }, query: { limit: 200 } } }),
      ),
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
  });
}

export function useCatalogue() {
  return useQuery({
    queryKey: keys.catalogue,
    queryFn: () => unwrap<Catalogue>(api.GET('/api/v1/actions/catalogue')),
    staleTime: 10 * 60_000,
  });
}
