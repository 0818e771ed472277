import { create, fromBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AccountConnectedSchema,
  AccountStatus,
  Provider,
  SealedSecretSchema,
} from '@codex/contracts';
import type { OutgoingEvent } from '@codex/messaging';

import type { CloudAccount } from './cloud-account.entity';
import { credentialKindOf } from './credentials/aws-credentials';

/** The account.connected event that states an account as its row now stands; keyed by account id. */
export function accountEvent(account: CloudAccount): OutgoingEvent<'account.connected'> {
  const connected = account.status === 'connected';
  return {
    metadata: { key: account.id, tenantId: account.tenantId },
    payload: create(AccountConnectedSchema, {
      accountId: account.id,
      tenantId: account.tenantId,
      provider: Provider.AWS,
      externalAccountId: account.externalAccountId,
      name: account.name,
      regions: account.regions,
      status: connected ? AccountStatus.CONNECTED : AccountStatus.DISCONNECTED,
      kind: credentialKindOf(account.credentialKind),
      roleArn: account.roleArn ?? '',
      sealedSecret:
        connected && account.sealedSecret
          ? fromBinary(SealedSecretSchema, account.sealedSecret)
          : undefined,
      connectedAt: timestampFromDate(account.verifiedAt),
      disconnectedAt: account.disconnectedAt
        ? timestampFromDate(account.disconnectedAt)
        : undefined,
    }),
  };
}
