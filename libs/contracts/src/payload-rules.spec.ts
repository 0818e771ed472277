import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';

import {
  AccountConnectedSchema,
  AccountStatus,
  CredentialKind,
  SealedSecretSchema,
} from './gen/codex/events/v1/account_pb';
import { Provider } from './gen/codex/events/v1/common_pb';
import { payloadProblems } from './payload-rules';

const sealed = create(SealedSecretSchema, {
  kekId: 'kek-1',
  wrappedDataKey: new Uint8Array(32),
  dataKeyIv: new Uint8Array(12),
  dataKeyTag: new Uint8Array(16),
  ciphertext: new Uint8Array([1, 2, 3]),
  iv: new Uint8Array(12),
  tag: new Uint8Array(16),
});

const connected = (fields: MessageInitShape<typeof AccountConnectedSchema>) =>
  create(AccountConnectedSchema, {
    accountId: '0b0a5a40-8f2e-4d7e-9d53-5a1f1c6f6a11',
    tenantId: 'tenant-a',
    provider: Provider.AWS,
    externalAccountId: '123456789012',
    name: 'production',
    regions: ['eu-west-1'],
    status: AccountStatus.CONNECTED,
    kind: CredentialKind.ACCESS_KEYS,
    sealedSecret: sealed,
    connectedAt: timestampNow(),
    ...fields,
  });

describe('account.connected payload rules', () => {
  it('accept a connected account with sealed credentials, and a disconnected one without', () => {
    expect(payloadProblems('account.connected', connected({}))).toEqual([]);
    expect(
      payloadProblems(
        'account.connected',
        connected({ status: AccountStatus.DISCONNECTED, sealedSecret: undefined }),
      ),
    ).toEqual([]);
  });

  it.each([
    [
      'no sealed secret while connected',
      { sealedSecret: undefined },
      'sealed_secret is required while connected',
    ],
    [
      'a role kind without a role',
      { kind: CredentialKind.ASSUME_ROLE },
      'role_arn is required for assume-role',
    ],
    [
      'credentials after disconnecting',
      { status: AccountStatus.DISCONNECTED },
      'a disconnected account carries no sealed_secret',
    ],
    ['no account id', { accountId: '' }, 'account_id is required'],
    ['no status', { status: AccountStatus.UNSPECIFIED }, 'status is required'],
  ])('refuse %s', (_case, fields, problem) => {
    expect(payloadProblems('account.connected', connected(fields))).toContain(problem);
  });
});
