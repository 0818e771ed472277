import { useState } from 'react';

import { Field, SelectField } from '../../components/ui';
import { containerUrn, grantableContainers, membershipActions } from '../../lib/directory';
import type { DirectoryAccount } from './directory-api';
import { useDirectoryAccounts } from './directory-queries';
import { IdentityActionForm } from './IdentityActionDialog';

const BY_ID = '__by_id__';

/**
 * Give an account a role (Auth0) or add it to a group (Entra ID). There is no list of roles
 * and groups in the API, so the picker offers those held by the provider's accounts (its
 * first 200), and any other one by its id in the identity provider.
 */
export function AddMembershipForm({
  account,
  close,
}: {
  account: DirectoryAccount;
  close: () => void;
}) {
  const actions = membershipActions(account.provider);
  const directory = useDirectoryAccounts(account.provider);
  const options = grantableContainers(account, directory.data?.items ?? [], actions.kind);
  const [choice, setChoice] = useState('');
  const [byId, setById] = useState('');
  const picked = options.find((option) => option.urn === choice);
  const id = choice === BY_ID ? byId.trim() : undefined;
  const targetUrn = picked?.urn ?? (id ? containerUrn(account.urn, actions.kind, id) : undefined);
  const intent = targetUrn
    ? {
        targetUrn,
        targetLabel: `${picked?.name ?? id ?? ''} for ${account.displayName || account.externalId}`,
        type: actions.add,
        params: { accountId: account.externalId },
      }
    : undefined;
  const noun = actions.kind;
  return (
    <IdentityActionForm
      entry={{ provider: account.provider, resourceType: actions.resourceType }}
      intent={intent}
      missing={`Choose a ${noun}, or enter its id.`}
      close={close}
    >
      {(errorFor) => (
        <>
          <SelectField
            label={noun === 'role' ? 'Role' : 'Group'}
            name="container"
            value={choice}
            onChange={setChoice}
            emptyLabel={directory.isPending ? 'Loading…' : `Choose a ${noun}`}
            options={[
              ...options.map((option) => ({
                value: option.urn,
                label: `${option.name}${option.privileged ? ' (privileged: needs approval)' : ''}`,
              })),
              { value: BY_ID, label: `Another ${noun}, by its id` },
            ]}
            error={choice === BY_ID ? undefined : errorFor('targetUrn')}
            description={
              directory.error
                ? `The directory's ${noun}s could not be loaded; enter the id instead.`
                : undefined
            }
          />
          {choice === BY_ID && (
            <Field
              label={noun === 'role' ? 'Role id' : 'Group object id'}
              name="containerId"
              value={byId}
              onChange={setById}
              isRequired
              error={errorFor('targetUrn')}
              placeholder={noun === 'role' ? 'rol_…' : '00000000-0000-0000-0000-000000000000'}
              autoComplete="off"
            />
          )}
        </>
      )}
    </IdentityActionForm>
  );
}
