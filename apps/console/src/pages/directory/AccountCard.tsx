import { useMutation, useQueryClient } from '@tanstack/react-query';

import { unwrap } from '../../api/client';
import { when } from '../../components/format';
import { ProblemBanner } from '../../components/states';
import { ConfirmButton, DialogButton } from '../../components/ui';
import { IDP_LABELS, membershipActions } from '../../lib/directory';
import { useCan } from '../../session/session';
import { AddMembershipForm } from './AddMembership';
import { EnabledBadge, PrivilegedBadge } from './badges';
import { type DirectoryAccount, directoryApi } from './directory-api';
import { directoryKeys } from './directory-queries';
import { IdentityActionDialog } from './IdentityActionDialog';

function mfaText(account: DirectoryAccount): string {
  if (account.mfaRegistered === null) return account.mfaUsed ? 'Used' : 'Not known';
  if (!account.mfaRegistered) return 'Not registered';
  return account.mfaUsed ? 'Registered and used' : 'Registered, not used yet';
}

/** One account of a person in one identity provider: its state, access and the actions on it. */
export function AccountCard({ account }: { account: DirectoryAccount }) {
  const queries = useQueryClient();
  const canOperate = useCan('operator');
  const canAdmin = useCan('admin');
  const actions = membershipActions(account.provider);
  const name = account.displayName || account.email || account.externalId;
  const user = { provider: account.provider, resourceType: 'identity/user' };
  const unlink = useMutation({
    mutationFn: () =>
      unwrap<unknown>(
        directoryApi.POST('/api/v1/identity/directory/unlink', {
          body: { connectionId: account.connectionId, externalId: account.externalId },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: directoryKeys.all }),
  });
  const headingId = `account-${account.connectionId}-${account.externalId}`.replace(
    /[^A-Za-z0-9_-]/g,
    '_',
  );

  return (
    <li className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h3 id={headingId}>{name}</h3>
        <span>
          <EnabledBadge enabled={account.enabled} /> {account.privileged && <PrivilegedBadge />}
        </span>
      </div>
      <dl className="facts">
        <dt>{IDP_LABELS[account.provider]} id</dt>
        <dd className="mono break">{account.externalId}</dd>
        <dt>E-mail</dt>
        <dd>
          {account.email ?? '—'}
          {account.email && !account.emailVerified ? ' (not verified)' : ''}
        </dd>
        <dt>MFA</dt>
        <dd>{mfaText(account)}</dd>
        <dt>Last sign-in</dt>
        <dd>{account.lastSignInAt ? when(account.lastSignInAt) : 'Never'}</dd>
        <dt>Created</dt>
        <dd>{when(account.createdAt)}</dd>
        <dt>Linked</dt>
        <dd>
          {account.linkSource === 'manual'
            ? 'By hand'
            : account.linkSource === 'email'
              ? 'By e-mail'
              : '—'}
        </dd>
      </dl>
      <h4>{actions.kind === 'role' ? 'Roles' : 'Groups'}</h4>
      {account.memberships.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="list">
          {account.memberships.map((membership) => (
            <li key={membership.urn}>
              {membership.name || membership.id}{' '}
              <span className="muted small">
                {membership.kind} {membership.id}
              </span>{' '}
              {membership.privileged && <PrivilegedBadge />}{' '}
              {canOperate && membership.kind === actions.kind && (
                <IdentityActionDialog
                  label={actions.kind === 'role' ? 'Revoke' : 'Remove'}
                  title={
                    actions.kind === 'role'
                      ? `Revoke ${membership.name || membership.id} from ${name}`
                      : `Remove ${name} from ${membership.name || membership.id}`
                  }
                  entry={{ provider: account.provider, resourceType: actions.resourceType }}
                  intent={{
                    targetUrn: membership.urn,
                    targetLabel: `${membership.name || membership.id} from ${name}`,
                    type: actions.remove,
                    params: { accountId: account.externalId },
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <ProblemBanner error={unlink.error} />
      {(canOperate || canAdmin) && (
        <div className="form-actions">
          {canOperate && (
            <IdentityActionDialog
              label={account.enabled ? 'Block' : 'Unblock'}
              title={`${account.enabled ? 'Block' : 'Unblock'} ${name} in ${IDP_LABELS[account.provider]}`}
              variant={account.enabled ? 'danger' : 'secondary'}
              entry={user}
              intent={{
                targetUrn: account.urn,
                targetLabel: name,
                type: account.enabled ? 'block' : 'unblock',
                params: {},
              }}
            />
          )}
          {canOperate && (
            <DialogButton
              label={actions.kind === 'role' ? 'Assign a role' : 'Add to a group'}
              title={
                actions.kind === 'role' ? `Assign a role to ${name}` : `Add ${name} to a group`
              }
            >
              {(close) => <AddMembershipForm account={account} close={close} />}
            </DialogButton>
          )}
          {canAdmin && (
            <ConfirmButton
              label="Unlink"
              title={`Unlink ${name}?`}
              message="The account stays in the directory but no longer belongs to this person, and linking by e-mail leaves it alone."
              confirmLabel="Unlink"
              isPending={unlink.isPending}
              onConfirm={() => unlink.mutate()}
            />
          )}
        </div>
      )}
    </li>
  );
}
