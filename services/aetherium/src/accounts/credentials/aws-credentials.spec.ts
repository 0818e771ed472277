import { awsSecretOf } from '@codex/connectors';

import { maskAccessKeyId } from './aws-credentials';

describe('AWS credentials', () => {
  it('show an access key id only by its first and last four characters', () => {
    expect(maskAccessKeyId('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…MPLE');
  });

  it('seal the key pair as JSON, and of a role only the external id', () => {
    expect(
      JSON.parse(
        awsSecretOf({ kind: 'access-keys', accessKeyId: 'AKIA1', secretAccessKey: 's3cr3t' }),
      ),
    ).toEqual({ accessKeyId: 'AKIA1', secretAccessKey: 's3cr3t' });
    expect(
      awsSecretOf({ kind: 'assume-role', roleArn: 'arn:aws:iam::1:role/x', externalId: 'ext-42' }),
    ).toBe('ext-42');
  });
});
