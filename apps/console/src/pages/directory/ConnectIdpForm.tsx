import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';

import { unwrap } from '../../api/client';
import { ProblemBanner } from '../../components/states';
import { Field, SelectField } from '../../components/ui';
import { CONNECT_FIELDS, connectProblemField, type Idp } from '../../lib/directory';
import { fieldErrors, ProblemError, problemMessage } from '../../lib/problem';
import { type Connection, directoryApi, type NewConnection } from './directory-api';
import { directoryKeys } from './directory-queries';

/** What the API said about the input, placed on the fields it names. */
function errorsOf(error: unknown, provider: Idp) {
  if (!(error instanceof ProblemError)) return { byField: {} as Record<string, string>, form: [] };
  const placed = fieldErrors(error.problem, CONNECT_FIELDS[provider]);
  const owner = connectProblemField(error.problem.code, provider);
  if (owner && !placed.byField[owner])
    placed.byField[owner] = problemMessage(error.problem).replace(/\.$/, '');
  return placed;
}

/**
 * An Auth0 tenant (a machine-to-machine application's client credentials) or an Entra ID
 * directory (an app registration's client secret). hall-of-faces proves the credentials with
 * a token and a read before it keeps them, then queues a first full sync.
 */
export function ConnectIdpForm({ close }: { close: () => void }) {
  const queries = useQueryClient();
  const [provider, setProvider] = useState<Idp>('auth0');
  const [name, setName] = useState('');
  const [domain, setDomain] = useState('');
  const [directoryId, setDirectoryId] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const connect = useMutation({
    mutationFn: (body: NewConnection) =>
      unwrap<Connection>(directoryApi.POST('/api/v1/identity/connections', { body })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: directoryKeys.all });
      close();
    },
  });
  const errors = errorsOf(connect.error, provider);
  const verificationFailed =
    connect.error instanceof ProblemError &&
    connect.error.problem.code === 'connection_verification_failed';
  const placedOnField =
    connect.error instanceof ProblemError &&
    connectProblemField(connect.error.problem.code, provider) !== undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const common = { name: name.trim(), clientId: clientId.trim(), clientSecret };
    connect.mutate(
      provider === 'auth0'
        ? { provider, ...common, domain: domain.trim() }
        : { provider, ...common, directoryId: directoryId.trim() },
    );
  };

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <SelectField
        label="Identity provider"
        name="provider"
        value={provider}
        onChange={(value) => {
          setProvider(value === 'entra' ? 'entra' : 'auth0');
          connect.reset();
        }}
        options={[
          { value: 'auth0', label: 'Auth0 tenant' },
          { value: 'entra', label: 'Entra ID directory' },
        ]}
        error={errors.byField.provider}
      />
      <Field
        label="Name"
        name="name"
        value={name}
        onChange={setName}
        isRequired
        error={errors.byField.name}
        description="How Codex shows this directory, e.g. Customer login"
      />
      {provider === 'auth0' ? (
        <Field
          label="Tenant domain"
          name="domain"
          value={domain}
          onChange={setDomain}
          isRequired
          error={errors.byField.domain}
          placeholder="acme.eu.auth0.com"
          autoComplete="off"
        />
      ) : (
        <Field
          label="Directory (tenant) ID"
          name="directoryId"
          value={directoryId}
          onChange={setDirectoryId}
          isRequired
          error={errors.byField.directoryId}
          placeholder="00000000-0000-0000-0000-000000000000"
          autoComplete="off"
        />
      )}
      <Field
        label={provider === 'auth0' ? 'Client ID' : 'Application (client) ID'}
        name="clientId"
        value={clientId}
        onChange={setClientId}
        isRequired
        error={errors.byField.clientId}
        description={
          provider === 'auth0'
            ? 'A machine-to-machine application authorised for the Management API'
            : 'An app registration with Microsoft Graph application permissions to read users and groups'
        }
        autoComplete="off"
      />
      <Field
        label="Client secret"
        name="clientSecret"
        type="password"
        value={clientSecret}
        onChange={setClientSecret}
        isRequired
        error={errors.byField.clientSecret}
        autoComplete="off"
      />
      {verificationFailed && (
        <p className="muted">
          Check the client ID and secret, and that the application has been granted the read
          permissions.
        </p>
      )}
      {!placedOnField && <ProblemBanner error={connect.error} extra={errors.form} />}
      <div className="form-actions">
        <Button className="button" onPress={close}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isDisabled={connect.isPending}>
          {connect.isPending
            ? `Verifying with ${provider === 'auth0' ? 'Auth0' : 'Entra ID'}…`
            : 'Connect'}
        </Button>
      </div>
    </form>
  );
}
