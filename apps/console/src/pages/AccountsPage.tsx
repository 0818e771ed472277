import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';

import { api, unwrap } from '../api/client';
import { keys, useAccounts, useDiscoveryRuns } from '../api/queries';
import type { Account, ConnectAccount, DiscoveryRun } from '../api/views';
import { when } from '../components/format';
import { ErrorState, ProblemBanner, QueryState } from '../components/states';
import { StatusBadge } from '../components/StatusBadge';
import { CheckboxesField, ConfirmButton, DialogButton, Field, SelectField } from '../components/ui';
import { AWS_REGIONS, isAwsRegion } from '../lib/aws-regions';
import { discoveryInProgress } from '../lib/live';
import { fieldErrors, ProblemError } from '../lib/problem';
import { useCan } from '../session/session';

type Kind = 'access-keys' | 'assume-role';
const FIELDS = [
  'name',
  'regions',
  'credentials.accessKeyId',
  'credentials.secretAccessKey',
  'credentials.roleArn',
  'credentials.externalId',
  'credentials',
];

function ConnectForm({ close }: { close: () => void }) {
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [regions, setRegions] = useState<string[]>(['us-east-1']);
  const [kind, setKind] = useState<Kind>('access-keys');
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secretAccessKey, setSecretAccessKey] = useState('');
  const [roleArn, setRoleArn] = useState('');
  const [externalId, setExternalId] = useState('');
  const connect = useMutation({
    mutationFn: (body: ConnectAccount) => unwrap<Account>(api.POST('/api/v1/accounts', { body })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: keys.accounts });
      close();
    },
  });
  const errors =
    connect.error instanceof ProblemError
      ? fieldErrors(connect.error.problem, FIELDS)
      : { byField: {} as Record<string, string>, form: [] };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    connect.mutate({
      provider: 'aws',
      name: name.trim(),
      regions: regions.filter(isAwsRegion),
      credentials:
        kind === 'access-keys'
          ? { kind, accessKeyId: accessKeyId.trim(), secretAccessKey }
          : { kind, roleArn: roleArn.trim(), externalId: externalId.trim() },
    });
  };

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <Field
        label="Name"
        name="name"
        value={name}
        onChange={setName}
        isRequired
        error={errors.byField.name}
      />
      <CheckboxesField
        label="Regions"
        name="regions"
        value={regions}
        onChange={setRegions}
        options={AWS_REGIONS}
        error={errors.byField.regions}
        description="Where discovery looks"
      />
      <SelectField
        label="Credentials"
        name="kind"
        value={kind}
        onChange={(value) => setKind(value === 'assume-role' ? 'assume-role' : 'access-keys')}
        options={[
          { value: 'access-keys', label: 'Access keys' },
          { value: 'assume-role', label: 'Assume a role' },
        ]}
        error={errors.byField.credentials}
      />
      {kind === 'access-keys' ? (
        <>
          <Field
            label="Access key ID"
            name="accessKeyId"
            value={accessKeyId}
            onChange={setAccessKeyId}
            isRequired
            error={errors.byField['credentials.accessKeyId']}
            autoComplete="off"
          />
          <Field
            label="Secret access key"
            name="secretAccessKey"
            type="password"
            value={secretAccessKey}
            onChange={setSecretAccessKey}
            isRequired
            error={errors.byField['credentials.secretAccessKey']}
            autoComplete="off"
          />
        </>
      ) : (
        <>
          <Field
            label="Role ARN"
            name="roleArn"
            value={roleArn}
            onChange={setRoleArn}
            isRequired
            error={errors.byField['credentials.roleArn']}
            placeholder="arn:aws:iam::123456789012:role/codex"
          />
          <Field
            label="External ID"
            name="externalId"
            value={externalId}
            onChange={setExternalId}
            isRequired
            error={errors.byField['credentials.externalId']}
          />
        </>
      )}
      <ProblemBanner error={connect.error} extra={errors.form} />
      <div className="form-actions">
        <Button className="button" onPress={close}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isDisabled={connect.isPending}>
          {connect.isPending ? 'Verifying with AWS…' : 'Connect account'}
        </Button>
      </div>
    </form>
  );
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
      <dl className="facts">
        <dt>AWS account</dt>
        <dd>{account.externalAccountId}</dd>
        <dt>Regions</dt>
        <dd>{account.regions.join(', ')}</dd>
        <dt>Credentials</dt>
        <dd>
          {account.credentials.kind === 'access-keys'
            ? `Access key ${account.credentials.accessKeyId}`
            : `Role ${account.credentials.roleArn}`}
        </dd>
        <dt>Verified</dt>
        <dd>{when(account.verifiedAt)}</dd>
      </dl>
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
          <DialogButton
            label="Connect an AWS account"
            title="Connect an AWS account"
            variant="primary"
          >
            {(close) => <ConnectForm close={close} />}
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
