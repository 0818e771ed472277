import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { api, unwrap } from '../../api/client';
import type { ApiKeyPage, NewApiKey } from '../../api/views';
import { when } from '../../components/format';
import { PagedTable } from '../../components/PagedTable';
import { ProblemBanner } from '../../components/states';
import { StatusBadge } from '../../components/StatusBadge';
import { ConfirmButton, DialogButton } from '../../components/ui';
import { currentCursor } from '../../lib/keyset';
import { NamedCredentialForm } from './NamedCredentialForm';
import { SecretOnce, useTrail } from './shared';

export function ApiKeysTab() {
  const queries = useQueryClient();
  const { trail, next, previous } = useTrail();
  const cursor = currentCursor(trail);
  const [secret, setSecret] = useState<NewApiKey>();
  const keys = useQuery({
    queryKey: ['identity', 'api-keys', cursor],
    queryFn: () =>
      unwrap<ApiKeyPage>(
        api.GET('/api/v1/identity/api-keys', {
          params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        }),
      ),
  });
  const create = useMutation({
    mutationFn: (body: { name: string; roles: ('viewer' | 'operator' | 'approver' | 'admin')[] }) =>
      unwrap<NewApiKey>(api.POST('/api/v1/identity/api-keys', { body })),
    onSuccess: (created) => {
      setSecret(created);
      return queries.invalidateQueries({ queryKey: ['identity', 'api-keys'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      unwrap<unknown>(api.DELETE('/api/v1/identity/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['identity', 'api-keys'] }),
  });
  return (
    <section aria-label="API keys" className="stack">
      <div className="page-header">
        <h2>API keys</h2>
        <DialogButton label="Create API key" title="Create an API key" variant="primary">
          {(close) => (
            <NamedCredentialForm
              submitLabel="Create key"
              isPending={create.isPending}
              error={create.error}
              onCancel={close}
              onSubmit={(body) => create.mutate(body, { onSuccess: close })}
            />
          )}
        </DialogButton>
      </div>
      {secret && (
        <SecretOnce
          label={`API key ${secret.name}`}
          value={secret.key}
          onDone={() => setSecret(undefined)}
        />
      )}
      <ProblemBanner error={revoke.error} />
      <PagedTable
        query={keys}
        empty={<p>No API keys yet.</p>}
        head={
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Roles</th>
            <th scope="col" className="wide-only">
              Last used
            </th>
            <th scope="col">
              <span className="visually-hidden">Revoke</span>
            </th>
          </tr>
        }
        row={(key) => (
          <tr key={key.id}>
            <th scope="row">
              {key.name} {key.revokedAt && <StatusBadge status="revoked" />}
            </th>
            <td>{key.roles.join(', ')}</td>
            <td className="wide-only">{when(key.lastUsedAt)}</td>
            <td>
              {!key.revokedAt && (
                <ConfirmButton
                  label={`Revoke ${key.name}`}
                  title={`Revoke ${key.name}?`}
                  message="Calls with this key are refused from now on."
                  confirmLabel="Revoke"
                  isPending={revoke.isPending}
                  onConfirm={() => revoke.mutate(key.id)}
                />
              )}
            </td>
          </tr>
        )}
        pager={{ label: 'API key pages', trail, onPrevious: previous, onNext: next }}
      />
    </section>
  );
}
