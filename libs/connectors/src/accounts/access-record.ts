import type { JsonObject } from '@bufbuild/protobuf';

import { AccountUnavailableError } from './account-unavailable-error';
import type { CredentialKindName } from './connected-account.entity';

/** What a provider's access opener reads from a projected account, besides the opened secret. */
export interface AccessRecord {
  /** Codex's id of the account. */
  accountId: string;
  externalAccountId: string;
  regions: string[];
  credentialKind: CredentialKindName;
  /** The provider's non-secret settings, e.g. roleArn, tenantId, clientId, domain. */
  settings: JsonObject;
}

/**
 * The named text settings of a record connected with the expected kind of credentials;
 * anything missing makes the account's credentials unusable.
 */
export function requireSettings<N extends string>(
  record: AccessRecord,
  kind: CredentialKindName,
  names: readonly N[],
): Record<N, string> {
  const missing = names.filter((name) => typeof record.settings[name] !== 'string');
  if (record.credentialKind !== kind || missing.length > 0) {
    throw new AccountUnavailableError(
      'credentials_unreadable',
      `account ${record.accountId} needs ${kind} credentials and the settings ${names.join(', ')}`,
    );
  }
  return Object.fromEntries(names.map((name) => [name, record.settings[name]])) as Record<
    N,
    string
  >;
}
