import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from 'react-aria-components';

import { api, unwrap } from '../api/client';
import { keys, useAccounts, useDiscoveryRuns } from '../api/queries';
import type { Account, DiscoveryRun } from '../api/views';
import { when } from '../components/format';
import { ErrorState, ProblemBanner, QueryState } from '../components/states';
import { StatusBadge } from '../components/StatusBadge';
import { ConfirmButton, DialogButton } from '../components/ui';
import { discoveryInProgress } from '../lib/live';
import { ProblemError } from '../lib/problem';
import { useCan } from '../session/session';
import { AccountFacts } from './accounts/AccountFacts';
import { ConnectAccountForm } from './accounts/ConnectAccountForm';

function isAccountNotYetKnown(error: unknown): boolean {
  return error instanceof ProblemError && error.problem.code === 'account_not_found';
}

function RunProgress({ run }: { run: DiscoveryRun }) {
  const live = discoveryInProgress(run.status);
  return (
    <div className="run" role="status" aria-live="polite" aria-label="Discovery progress">
      <p>
        <StatusBadge status={run.status} />{' '}
        {live
          ? `Discovering: ${run.counts.discovered} resources so far`
          : run.status === 'succeeded'
            ? `Discovered ${run.counts.discovered} resources`
            : `Discovery failed${run.error ? `: ${run.error.message}` : ''}`}{' '}
        <span className="muted">{when(run.finishedAt ?? run.startedAt ?? run.createdAt)}</span>
      </p>
      {live && run.progress.length > 0 && (
        <ul className="muted progress-list">
          {run.progress.map((step) => (
            <li key={`${step.region}/${step.resourceType}`}>
              {step.region} {step.resourceType}: {step.resources}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AccountCard({
  account,
  latestRun,
}: {
  account: Account;
  latestRun: DiscoveryRun | undefined;
}) {
  const queries = useQueryClient();
  const canOperate = useCan('operator');
  const canAdmin = useCan('admin');
  const discover = useMutation({
    mutationFn: () =>
      unwrap<DiscoveryRun>(
        api.POST('/api/v1/compute/discovery-runs', { body: { accountId: account.id } }),
      ),
    // engine-core hears of a new account from account.connected a moment after it is shown.
    retry: (failures, error) => failures < 20 && isAccountNotYetKnown(error),
    retryDelay: 500,
    onSuccess: () => queries.invalidateQueries({ queryKey: ['discovery-runs'] }),
  });
  const disconnect = useMutation({
    mutationFn: () =>
      unwrap<unknown>(
        api.DELETE('/api/v1/accounts/{id}', { params: { path: { id: account.id } } }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: keys.accounts }),
  });
  const connected = account.status === 'connected';
  const running = latestRun !== undefined && discoveryInProgress(latestRun.status);
  return (
    <li className="card account" aria-labelledby={`account-${account.id}`}>
      <div className="card-header">
        <h2 id={`account-${account.id}`}>{account.name}</h2>
        <StatusBadge status={account.status} />
      </div>
      <AccountFacts account={account} />
      {latestRun ? (
        <RunProgress run={latestRun} />
      ) : (
        connected && <p className="muted">Not discovered yet.</p>
      )}
      <ProblemBanner error={discover.error ?? disconnect.error} />
      {connected && (canOperate || canAdmin) && (
        <div className="form-actions">
          {canOperate && (
            <Button
              className="button button-primary"
              isDisabled={discover.isPending || running}
              onPress={() => discover.mutate()}
              aria-label={`Discover now in ${account.name}`}
            >
              {running ? 'Discovering…' : 'Discover now'}
            </Button>
          )}
          {canAdmin && (
            <ConfirmButton
              label="Disconnect"
              title={`Disconnect ${account.name}?`}
              message="Codex stops discovering this account and forgets its credentials. Resources already found stay in the inventory."
              confirmLabel="Disconnect"
              isPending={disconnect.isPending}
              onConfirm={() => disconnect.mutate()}
            />
          )}
        </div>
      )}
    </li>
  );
}

export function AccountsPage() {
  const accounts = useAccounts();
  const runs = useDiscoveryRuns(undefined, 50);
  const canAdmin = useCan('admin');
  const latest = (accountId: string) => runs.data?.items.find((run) => run.accountId === accountId);
  return (
    <>
      <div className="page-header">
        <h1>Accounts</h1>
        {canAdmin && (
          <DialogButton label="Connect an account" title="Connect an account" variant="primary">
            {(close) => <ConnectAccountForm close={close} />}
          </DialogButton>
        )}
      </div>
      {runs.error && <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />}
      <QueryState
        query={accounts}
        loadingLabel="Loading accounts…"
        isEmpty={(page) => page.items.length === 0}
        empty={<p>No cloud account is connected yet.</p>}
      >
        {(page) => (
          <ul className="cards">
            {page.items.map((account) => (
              <AccountCard key={account.id} account={account} latestRun={latest(account.id)} />
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}
