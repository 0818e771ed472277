import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from 'react-aria-components';

import { unwrap } from '../../api/client';
import { useAccounts } from '../../api/queries';
import type { Account } from '../../api/views';
import { ProblemBanner } from '../../components/states';
import { formatBytes, type StorageDiscoverySummary } from '../../lib/storage';
import { storageApi } from './storage-api';
import { storageKeys } from './storage-queries';

function DiscoverAccount({ account }: { account: Account }) {
  const queries = useQueryClient();
  const discover = useMutation({
    mutationFn: () =>
      unwrap<StorageDiscoverySummary>(
        storageApi.POST('/api/v1/storage/accounts/{accountId}/discoveries', {
          params: { path: { accountId: account.id } },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: storageKeys.all }),
  });
  const done = discover.data;
  return (
    <li>
      <Button
        className="button"
        isDisabled={discover.isPending}
        onPress={() => discover.mutate()}
        aria-label={`Discover now in ${account.name}`}
      >
        {discover.isPending ? 'Discovering…' : 'Discover now'}
      </Button>{' '}
      <strong>{account.name}</strong> <span className="muted">({account.provider})</span>
      <span role="status" aria-live="polite">
        {done &&
          ` Found ${done.buckets} buckets, ${done.objects.toLocaleString('en')} objects, ${formatBytes(done.bytes)}${done.removed ? `; ${done.removed} gone` : ''}.`}
      </span>
      <ProblemBanner error={discover.error} />
    </li>
  );
}

/** Discover now, per connected account (operator): great-library answers when done. */
export function DiscoverStorage() {
  const accounts = useAccounts();
  const connected = accounts.data?.items.filter((account) => account.status === 'connected') ?? [];
  if (connected.length === 0) return null;
  return (
    <section aria-labelledby="discover-heading" className="stack">
      <h2 id="discover-heading">Accounts</h2>
      <ul className="list">
        {connected.map((account) => (
          <DiscoverAccount key={account.id} account={account} />
        ))}
      </ul>
    </section>
  );
}
