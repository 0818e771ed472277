import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';

import { api, unwrap } from '../../api/client';
import { keys } from '../../api/queries';
import type { Account, ConnectAccount } from '../../api/views';
import { ProblemBanner } from '../../components/states';
import { CheckboxesField, Field, SelectField } from '../../components/ui';
import { AWS_REGIONS, isAwsRegion } from '../../lib/aws-regions';
import { fieldErrors, ProblemError } from '../../lib/problem';

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

/** An AWS account: regions, and an access key pair or a role to assume; verified with STS. */
export function ConnectAwsForm({ close }: { close: () => void }) {
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [regions, setRegions] = useState<string[]>(['us-east-1']);
  const [kind, setKind] = useState<Kind>('access-keys');
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secretAccessKey, setSecretAccessKey] = useState('');
  const [roleArn, setRoleArn] = useState('');
  const [externalId, setExternalId] = useState('');
  const connect = useMutation({
    mutationFn: (body: Extract<ConnectAccount, { provider: 'aws' }>) =>
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
