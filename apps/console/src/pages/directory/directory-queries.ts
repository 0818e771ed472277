import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { unwrap } from '../../api/client';
import {
  type FindingFilters,
  type Idp,
  type PeopleFilters,
  syncInProgress,
} from '../../lib/directory';
import { pollWhile } from '../../lib/live';
import {
  type Connection,
  type DirectoryAccount,
  directoryApi,
  type DirectoryCounts,
  type FindingsReport,
  type Page,
  type PersonDetail,
  type PersonSummary,
} from './directory-api';

/** Everything under ['directory'] is refreshed after a sync ends or a link changes. */
export const directoryKeys = {
  all: ['directory'] as const,
  connections: ['directory', 'connections'] as const,
  counts: ['directory', 'counts'] as const,
  people: (filters: PeopleFilters, cursor: string | undefined) =>
    ['directory', 'people', filters, cursor] as const,
  person: (id: string) => ['directory', 'person', id] as const,
  accounts: (provider: Idp, unlinked: boolean, q: string) =>
    ['directory', 'accounts', provider, unlinked, q] as const,
  findings: (filters: FindingFilters) => ['directory', 'findings', filters] as const,
};

/** The connections, polled while one of them syncs (ADR 18). */
export function useConnections() {
  return useQuery({
    queryKey: directoryKeys.connections,
    queryFn: () =>
      unwrap<{ items: Connection[] }>(directoryApi.GET('/api/v1/identity/connections')),
    refetchInterval: (query) =>
      pollWhile(query.state.data?.items, (connection) => syncInProgress(connection.lastSync)),
  });
}

export function useDirectoryCounts() {
  return useQuery({
    queryKey: directoryKeys.counts,
    queryFn: () => unwrap<DirectoryCounts>(directoryApi.GET('/api/v1/identity/directory/counts')),
  });
}

export function usePeople(filters: PeopleFilters, cursor: string | undefined) {
  return useQuery({
    queryKey: directoryKeys.people(filters, cursor),
    queryFn: () =>
      unwrap<Page<PersonSummary>>(
        directoryApi.GET('/api/v1/identity/directory/people', {
          params: { query: { ...filters, limit: 50, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function usePerson(id: string) {
  return useQuery({
    queryKey: directoryKeys.person(id),
    queryFn: () =>
      unwrap<PersonDetail>(
        directoryApi.GET('/api/v1/identity/directory/people/{id}', { params: { path: { id } } }),
      ),
  });
}

/**
 * One page (the API's largest, 200) of a provider's accounts: where the role and group
 * pickers find what the directory holds, and the admin finds an unlinked account to link.
 */
export function useDirectoryAccounts(
  provider: Idp,
  options: { unlinked?: boolean; q?: string; enabled?: boolean } = {},
) {
  const unlinked = options.unlinked ?? false;
  const q = options.q?.trim() ?? '';
  return useQuery({
    queryKey: directoryKeys.accounts(provider, unlinked, q),
    enabled: options.enabled ?? true,
    queryFn: () =>
      unwrap<Page<DirectoryAccount>>(
        directoryApi.GET('/api/v1/identity/directory/accounts', {
          params: {
            query: {
              provider,
              limit: 200,
              ...(unlinked ? { unlinked: 'true' } : {}),
              ...(q ? { q } : {}),
            },
          },
        }),
      ),
    staleTime: 60_000,
  });
}

export function useFindings(filters: FindingFilters) {
  return useQuery({
    queryKey: directoryKeys.findings(filters),
    queryFn: () =>
      unwrap<FindingsReport>(
        directoryApi.GET('/api/v1/identity/directory/findings', {
          params: { query: { ...filters } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
