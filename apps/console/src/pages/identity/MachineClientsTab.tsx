import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { api, unwrap } from '../../api/client';
import type { MachineClientPage, NewMachineClient } from '../../api/views';
import { PagedTable } from '../../components/PagedTable';
import { ProblemBanner } from '../../components/states';
import { StatusBadge } from '../../components/StatusBadge';
import { ConfirmButton, DialogButton } from '../../components/ui';
import { currentCursor } from '../../lib/keyset';
import { NamedCredentialForm } from './NamedCredentialForm';
import { SecretOnce, useTrail } from './shared';

export function MachineClientsTab() {
  const queries = useQueryClient();
  const { trail, next, previous } = useTrail();
  const cursor = currentCursor(trail);
  const [secret, setSecret] = useState<NewMachineClient>();
  const keys = useQuery({
    queryKey: ['identity', 'machine-clients', cursor],
    queryFn: () =>
      unwrap<MachineClientPage>(
        api.GET('/api/v1/identity/machine-clients', {
          params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        }),
      ),
  });
  const create = useMutation({
    mutationFn: (body: { name: string; roles: ('viewer' | 'operator' | 'approver' | 'admin')[] }) =>
      unwrap<NewMachineClient>(api.POST('/api/v1/identity/machine-clients', { body })),
    onSuccess: (created) => {
      setSecret(created);
      return queries.invalidateQueries({ queryKey: ['identity', 'machine-clients'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      unwrap<unknown>(
        api.DELETE('/api/v1/identity/machine-clients/{clientId}', {
          params: { path: { clientId: id } },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['identity', 'machine-clients'] }),
  });
  return (
    <section aria-label="Machine clients" className="stack">
      <div className="page-header">
        <h2>Machine clients</h2>
        <DialogButton
          label="Create machine client"
          title="Create a machine client"
          variant="primary"
        >
          {(close) => (
            <NamedCredentialForm
              submitLabel="Create client"
              isPending={create.isPending}
              error={create.error}
              onCancel={close}
              onSubmit={(body) => create.mutate(body, { onSuccess: close })}
            />
          )}
        </DialogButton>
      </div>
      {secret && (
        <>
          <p>
            Client ID <code className="mono">{secret.client_id}</code>
          </p>
          <SecretOnce
            label={`Client secret of ${secret.name}`}
            value={secret.client_secret}
            onDone={() => setSecret(undefined)}
          />
        </>
      )}
      <ProblemBanner error={revoke.error} />
      <PagedTable
        query={keys}
        empty={<p>No Machine clients yet.</p>}
        head={
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Roles</th>
            <th scope="col" className="wide-only">
              Client ID
            </th>
            <th scope="col">
              <span className="visually-hidden">Revoke</span>
            </th>
          </tr>
        }
        row={(client) => (
          <tr key={client.clientId}>
            <th scope="row">
              {client.name} {client.revokedAt && <StatusBadge status="revoked" />}
            </th>
            <td>{client.roles.join(', ')}</td>
            <td className="wide-only mono">{client.clientId}</td>
            <td>
              {!client.revokedAt && (
                <ConfirmButton
                  label={`Revoke ${client.name}`}
                  title={`Revoke ${client.name}?`}
                  message="Tokens for this client are refused from now on."
                  confirmLabel="Revoke"
                  isPending={revoke.isPending}
                  onConfirm={() => revoke.mutate(client.clientId)}
                />
              )}
            </td>
          </tr>
        )}
        pager={{ label: 'Machine client pages', trail, onPrevious: previous, onNext: next }}
      />
    </section>
  );
}
