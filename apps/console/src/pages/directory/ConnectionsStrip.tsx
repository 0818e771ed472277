import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Button } from 'react-aria-components';

import { unwrap } from '../../api/client';
import { when } from '../../components/format';
import { ProblemBanner, QueryState } from '../../components/states';
import { StatusBadge } from '../../components/StatusBadge';
import { DialogButton } from '../../components/ui';
import { IDP_LABELS, syncInProgress, syncSentence } from '../../lib/directory';
import { useCan } from '../../session/session';
import { ConnectIdpForm } from './ConnectIdpForm';
import { type Connection, directoryApi, type SyncRun } from './directory-api';
import { directoryKeys, useConnections } from './directory-queries';
import { InviteForm } from './InviteForm';

function LastSync({ run }: { run: SyncRun | null }) {
  if (!run) return <p className="muted">Not synced yet.</p>;
  return (
    <p className="run" role="status" aria-live="polite">
      <StatusBadge status={run.status} /> {syncSentence(run)}{' '}
      <span className="muted">
        {when(run.finishedAt ?? run.startedAt ?? run.createdAt)}
        {run.trigger === 'manual' ? '' : ` (${run.trigger})`}
      </span>
    </p>
  );
}

function ConnectionCard({ connection }: { connection: Connection }) {
  const queries = useQueryClient();
  const canOperate = useCan('operator');
  const running = syncInProgress(connection.lastSync);
  const sync = useMutation({
    mutationFn: () =>
      unwrap<SyncRun>(
        directoryApi.POST('/api/v1/identity/connections/{id}/syncs', {
          params: { path: { id: connection.id } },
          body: {},
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: directoryKeys.connections }),
  });
  // When a sync this page watched ends, what the directory holds has changed.
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running)
      void queries.invalidateQueries({
        predicate: (query) =>
          query.queryKey[0] === 'directory' && query.queryKey[1] !== 'connections',
      });
    wasRunning.current = running;
  }, [running, queries]);
  return (
    <li className="card" aria-labelledby={`connection-${connection.id}`}>
      <div className="card-header">
        <h3 id={`connection-${connection.id}`}>{connection.name}</h3>
        <StatusBadge status={connection.status} />
      </div>
      <dl className="facts">
        <dt>{IDP_LABELS[connection.provider]}</dt>
        <dd className="mono break">{connection.externalId}</dd>
        <dt>Client</dt>
        <dd className="mono break">{connection.clientId}</dd>
        <dt>Connected</dt>
        <dd>{when(connection.connectedAt)}</dd>
      </dl>
      <LastSync run={connection.lastSync} />
      <ProblemBanner error={sync.error} />
      {canOperate && connection.status === 'connected' && (
        <div className="form-actions">
          <Button
            className="button button-primary"
            isDisabled={sync.isPending || running}
            onPress={() => sync.mutate()}
            aria-label={running ? `Syncing… ${connection.name}` : `Sync now in ${connection.name}`}
          >
            {running ? 'Syncing…' : 'Sync now'}
          </Button>
          <DialogButton label="Invite a person" title={`Invite a person into ${connection.name}`}>
            {(close) => <InviteForm connection={connection} close={close} />}
          </DialogButton>
        </div>
      )}
    </li>
  );
}

/** The identity providers connected to the directory, each with its last sync. */
export function ConnectionsStrip() {
  const connections = useConnections();
  const canAdmin = useCan('admin');
  return (
    <section aria-labelledby="connections-heading" className="stack">
      <div className="page-header">
        <h2 id="connections-heading">Identity providers</h2>
        {canAdmin && (
          <DialogButton
            label="Connect identity provider"
            title="Connect an identity provider"
            variant="primary"
          >
            {(close) => <ConnectIdpForm close={close} />}
          </DialogButton>
        )}
      </div>
      <QueryState
        query={connections}
        loadingLabel="Loading identity providers…"
        isEmpty={(list) => list.items.length === 0}
        empty={<p>No Auth0 tenant or Entra ID directory is connected yet.</p>}
      >
        {(list) => (
          <ul className="cards">
            {list.items.map((connection) => (
              <ConnectionCard key={connection.id} connection={connection} />
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
