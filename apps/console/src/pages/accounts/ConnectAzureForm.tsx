import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';

import { api, unwrap } from '../../api/client';
import { keys } from '../../api/queries';
import type { Account, ConnectAccount } from '../../api/views';
import { ProblemBanner } from '../../components/states';
import { Field, SelectField } from '../../components/ui';
import { fieldErrors, ProblemError } from '../../lib/problem';

type Kind = 'client-secret' | 'client-certificate';
const FIELDS = [
  'name',
  'subscriptionId',
  'locations',
  'credentials.tenantId',
  'credentials.clientId',
  'credentials.clientSecret',
  'credentials.certificatePem',
  'credentials',
];

/** Locations typed as a list: `westeurope, northeurope` or one a line. */
function locationsOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((location) => location.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * An Azure subscription reached through a service principal (client secret or certificate);
 * verified with Entra ID and Resource Manager before it is stored.
 */
export function ConnectAzureForm({ close }: { close: () => void }) {
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [subscriptionId, setSubscriptionId] = useState('');
  const [locations, setLocations] = useState('');
  const [kind, setKind] = useState<Kind>('client-secret');
  const [tenantId, setTenantId] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [certificatePem, setCertificatePem] = useState('');
  const connect = useMutation({
    mutationFn: (body: Extract<ConnectAccount, { provider: 'azure' }>) =>
      unwrap<Account>(api.POST('/api/v1/accounts', { body })),
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
    const principal = { tenantId: tenantId.trim(), clientId: clientId.trim() };
    connect.mutate({
      provider: 'azure',
      name: name.trim(),
      subscriptionId: subscriptionId.trim(),
      locations: locationsOf(locations),
      credentials:
        kind === 'client-secret'
          ? { kind, ...principal, clientSecret }
          : { kind, ...principal, certificatePem },
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
      <Field
        label="Subscription ID"
        name="subscriptionId"
        value={subscriptionId}
        onChange={setSubscriptionId}
        isRequired
        error={errors.byField.subscriptionId}
        placeholder="00000000-0000-0000-0000-000000000000"
        autoComplete="off"
      />
      <Field
        label="Locations"
        name="locations"
        value={locations}
        onChange={setLocations}
        error={errors.byField.locations}
        description="Where discovery looks, e.g. westeurope, eastus; empty for every location"
      />
      <Field
        label="Directory (tenant) ID"
        name="tenantId"
        value={tenantId}
        onChange={setTenantId}
        isRequired
        error={errors.byField['credentials.tenantId']}
        autoComplete="off"
      />
      <Field
        label="Application (client) ID"
        name="clientId"
        value={clientId}
        onChange={setClientId}
        isRequired
        error={errors.byField['credentials.clientId']}
        autoComplete="off"
      />
      <SelectField
        label="Credentials"
        name="kind"
        value={kind}
        onChange={(value) =>
          setKind(value === 'client-certificate' ? 'client-certificate' : 'client-secret')
        }
        options={[
          { value: 'client-secret', label: 'Client secret' },
          { value: 'client-certificate', label: 'Certificate' },
        ]}
        error={errors.byField.credentials}
      />
      {kind === 'client-secret' ? (
        <Field
          label="Client secret value"
          name="clientSecret"
          type="password"
          value={clientSecret}
          onChange={setClientSecret}
          isRequired
          error={errors.byField['credentials.clientSecret']}
          autoComplete="off"
        />
      ) : (
        <Field
          label="Private key and certificate (PEM)"
          name="certificatePem"
          multiline
          value={certificatePem}
          onChange={setCertificatePem}
          isRequired
          error={errors.byField['credentials.certificatePem']}
          description="The unencrypted RSA private key and the certificate uploaded to the application"
        />
      )}
      <ProblemBanner error={connect.error} extra={errors.form} />
      <div className="form-actions">
        <Button className="button" onPress={close}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isDisabled={connect.isPending}>
          {connect.isPending ? 'Verifying with Azure…' : 'Connect subscription'}
        </Button>
      </div>
    </form>
  );
}
