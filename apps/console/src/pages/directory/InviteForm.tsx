import { useState } from 'react';

import { Field } from '../../components/ui';
import { directoryUrn, IDP_LABELS } from '../../lib/directory';
import type { Connection } from './directory-api';
import { IdentityActionForm } from './IdentityActionDialog';

/**
 * Invite a new person into a connected directory: the catalogue's `invite` on the directory
 * itself, through the same dry run and ledger as every other action.
 */
export function InviteForm({ connection, close }: { connection: Connection; close: () => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const filled = email.trim() !== '' && displayName.trim() !== '';
  return (
    <IdentityActionForm
      entry={{ provider: connection.provider, resourceType: 'identity/directory' }}
      intent={
        filled
          ? {
              targetUrn: directoryUrn(connection.provider, connection.externalId),
              targetLabel: `${email.trim()} in ${connection.name}`,
              type: 'invite',
              params: { email: email.trim(), displayName: displayName.trim() },
            }
          : undefined
      }
      missing="Enter the e-mail address and the name to show."
      fields={['params.email', 'params.displayName']}
      close={close}
    >
      {(errorFor) => (
        <>
          <Field
            label="E-mail"
            name="email"
            type="email"
            value={email}
            onChange={setEmail}
            isRequired
            error={errorFor('params.email') ?? (email.trim() ? undefined : errorFor('targetUrn'))}
            autoComplete="off"
            description={`They set their password at their first sign-in to ${IDP_LABELS[connection.provider]}`}
          />
          <Field
            label="Name to show"
            name="displayName"
            value={displayName}
            onChange={setDisplayName}
            isRequired
            error={
              errorFor('params.displayName') ??
              (displayName.trim() ? undefined : errorFor('targetUrn'))
            }
          />
        </>
      )}
    </IdentityActionForm>
  );
}
