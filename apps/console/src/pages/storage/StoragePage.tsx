import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';

import { useAccounts } from '../../api/queries';
import { QueryState } from '../../components/states';
import { SelectField } from '../../components/ui';
import {
  BUCKET_FINDING_KINDS,
  BUCKET_FINDING_LABELS,
  bucketFiltersFrom,
  bucketLabel,
  formatBytes,
  personalDataText,
  STORAGE_PROVIDER_LABELS,
  STORAGE_PROVIDERS,
} from '../../lib/storage';
import { useCan } from '../../session/session';
import { FindingsSummary } from './badges';
import { DiscoverStorage } from './DiscoverStorage';
import { useBuckets } from './storage-queries';

/** Buckets and containers of every connected cloud in one table, filtered in the address. */
export function StoragePage() {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => bucketFiltersFrom(search), [search]);
  const buckets = useBuckets(filters);
  const accounts = useAccounts();
  const canOperate = useCan('operator');
  const accountName = (id: string) =>
    accounts.data?.items.find((account) => account.id === id)?.name ?? id;
  const setFilter = (key: 'provider' | 'accountId' | 'finding') => (value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next);
  };
  const filtered = Boolean(filters.provider || filters.accountId || filters.finding);
  return (
    <>
      <h1>Storage</h1>
      {canOperate && <DiscoverStorage />}
      <div className="filters" role="search" aria-label="Filter buckets">
        <SelectField
          label="Provider"
          name="provider"
          value={filters.provider ?? ''}
          onChange={setFilter('provider')}
          options={STORAGE_PROVIDERS.map((p) => ({ value: p, label: STORAGE_PROVIDER_LABELS[p] }))}
          emptyLabel="Any provider"
        />
        <SelectField
          label="Account"
          name="accountId"
          value={filters.accountId ?? ''}
          onChange={setFilter('accountId')}
          options={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
          emptyLabel="Any account"
        />
        <SelectField
          label="Finding"
          name="finding"
          value={filters.finding ?? ''}
          onChange={setFilter('finding')}
          options={BUCKET_FINDING_KINDS.map((k) => ({ value: k, label: BUCKET_FINDING_LABELS[k] }))}
          emptyLabel="Any finding"
        />
      </div>
      <section aria-labelledby="buckets-heading" aria-busy={buckets.isFetching}>
        <h2 id="buckets-heading" className="visually-hidden">
          Buckets
        </h2>
        <QueryState
          query={buckets}
          loadingLabel="Loading buckets…"
          isEmpty={(list) => list.items.length === 0}
          empty={
            <p>
              {filtered
                ? 'No bucket matches these filters.'
                : 'No bucket has been discovered yet. Connect an account, then discover it.'}
            </p>
          }
        >
          {(list) => (
            <div className="table-scroll">
              <table className="table">
                <caption className="visually-hidden">Buckets</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Provider</th>
                    <th scope="col">Account</th>
                    <th scope="col">Region</th>
                    <th scope="col">Objects</th>
                    <th scope="col">Size</th>
                    <th scope="col">Findings</th>
                    <th scope="col">Personal data</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((bucket) => (
                    <tr key={bucket.id}>
                      <th scope="row" className="break">
                        <Link to={`/storage/buckets/${bucket.id}`}>{bucketLabel(bucket)}</Link>
                      </th>
                      <td>{STORAGE_PROVIDER_LABELS[bucket.provider]}</td>
                      <td>{accountName(bucket.accountId)}</td>
                      <td>{bucket.region}</td>
                      <td>
                        {bucket.objectCount.toLocaleString('en')}
                        {bucket.countsPartial ? '+' : ''}
                      </td>
                      <td>{formatBytes(bucket.totalBytes)}</td>
                      <td>
                        <FindingsSummary findings={bucket.findings} />
                      </td>
                      <td>{personalDataText(bucket.personalData)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      </section>
    </>
  );
}
