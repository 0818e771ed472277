import { create, fromBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { providerEnum, type ProviderName } from '@codex/connectors';
import { AccountConnectedSchema, AccountStatus, SealedSecretSchema } from '@codex/contracts';
import type { OutgoingEvent } from '@codex/messaging';

import type { CloudAccount } from './cloud-account.entity';
import { credentialKindOf } from './credentials/aws-credentials';

/**
 * The account.connected event that states an account as its row now stands; keyed by account id.
 * An Azure account's provider_settings carry the service principal's tenantId and clientId.
 */
export function accountEvent(account: CloudAccount): OutgoingEvent<'account.connected'> {
  const connected = account.status === 'connected';
  return {
    metadata: { key: account.id, tenantId: account.tenantId },
    payload: create(AccountConnectedSchema, {
      accountId: account.id,
      tenantId: account.tenantId,
      provider: providerEnum(account.provider as ProviderName),
      externalAccountId: account.externalAccountId,
      name: account.name,
      regions: account.regions,
      status: connected ? AccountStatus.CONNECTED : AccountStatus.DISCONNECTED,
      kind: credentialKindOf(account.credentialKind),
      roleArn: account.roleArn ?? '',
      providerSettings: providerSettingsOf(account),
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

/** What a consumer needs besides the secret to reach the account; nothing for AWS. */
function providerSettingsOf(
  account: CloudAccount,
): { tenantId: string; clientId: string } | undefined {
  const { tenantId, clientId } = account.providerSettings;
  return account.provider === 'azure' && tenantId && clientId ? { tenantId, clientId } : undefined;
}
