import { type AccessRecord, requireSettings } from '../../accounts/access-record';
import type { ProviderEndpoints } from '../../accounts/account-access-source';
import { AccountUnavailableError } from '../../accounts/account-unavailable-error';

/** A service principal's proof: its client secret, or a certificate and its private key (PEM). */
export type AzureCredentials =
  | { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string }
  | { kind: 'client-certificate'; tenantId: string; clientId: string; certificatePem: string };

/** How Codex reaches one Azure subscription: through a service principal of its directory. */
export interface AzureAccountAccess {
  provider: 'azure';
  /** The subscription id. */
  accountId: string;
  /** Locations to keep; empty keeps every location of the subscription. */
  regions: string[];
  /**
   * Overrides both the Resource Manager endpoint and the Entra ID authority host: a local
   * simulator serves the two on one origin.
   */
  endpoint?: string;
  credentials: AzureCredentials;
}

/**
 * The sealed part of an Azure account's credentials (ADR 8): the client secret, or the PEM of
 * the certificate's private key and the certificate. tenantId and clientId are settings.
 */
export function azureSecretOf(credentials: AzureCredentials): string {
  return credentials.kind === 'client-secret'
    ? credentials.clientSecret
    : credentials.certificatePem;
}

/** Settings tenantId and clientId; the secret is the client secret or the certificate's PEM. */
export function openAzureAccess(
  record: AccessRecord,
  secret: string,
  endpoints: ProviderEndpoints = {},
): AzureAccountAccess {
  const endpoint = endpoints.azure;
  const kind = record.credentialKind;
  if (kind !== 'client-secret' && kind !== 'client-certificate') {
    throw new AccountUnavailableError(
      'credentials_unreadable',
      `account ${record.accountId} needs client-secret or client-certificate credentials`,
    );
  }
  const { tenantId, clientId } = requireSettings(record, kind, ['tenantId', 'clientId']);
  const principal = { tenantId, clientId };
  return {
    provider: 'azure',
    accountId: record.externalAccountId,
    regions: record.regions,
    ...(endpoint ? { endpoint } : {}),
    credentials:
      kind === 'client-secret'
        ? { kind, ...principal, clientSecret: secret }
        : { kind, ...principal, certificatePem: secret },
  };
}
