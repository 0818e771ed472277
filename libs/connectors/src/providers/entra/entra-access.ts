import { type AccessRecord, requireSettings } from '../../accounts/access-record';
import type { ProviderEndpoints } from '../../accounts/account-access-source';
import { AccountUnavailableError } from '../../accounts/account-unavailable-error';

/** An app registration's proof: its client secret, or a certificate and its private key (PEM). */
export type EntraCredentials =
  | { kind: 'client-secret'; clientId: string; clientSecret: string }
  | { kind: 'client-certificate'; clientId: string; certificatePem: string };

/** How Codex reaches one Microsoft Entra ID directory: an app registration of that directory. */
export interface EntraAccountAccess {
  provider: 'entra';
  /** The directory (tenant) id. */
  accountId: string;
  regions: string[];
  /** Overrides the Microsoft Graph endpoint (the base URL before `/v1.0`), e.g. a local simulator. */
  endpoint?: string;
  /**
   * Overrides the Entra ID authority that issues the Graph tokens, e.g. a local simulator; with
   * it, instance discovery (a call to login.microsoftonline.com) is skipped.
   */
  authorityHost?: string;
  credentials: EntraCredentials;
}

/** The sealed part of Entra ID credentials: the client secret or the certificate's PEM. */
export function entraSecretOf(credentials: EntraCredentials): string {
  return credentials.kind === 'client-secret'
    ? credentials.clientSecret
    : credentials.certificatePem;
}

/**
 * Setting clientId; the directory is the external account id; the secret is the client secret
 * or the PEM of the certificate's private key and the certificate. Endpoint overrides: `entra`
 * (Graph) and `entraAuthority`.
 */
export function openEntraAccess(
  record: AccessRecord,
  secret: string,
  endpoints: ProviderEndpoints = {},
): EntraAccountAccess {
  const kind = record.credentialKind;
  if (kind !== 'client-secret' && kind !== 'client-certificate') {
    throw new AccountUnavailableError(
      'credentials_unreadable',
      `account ${record.accountId} needs client-secret or client-certificate credentials`,
    );
  }
  const { clientId } = requireSettings(record, kind, ['clientId']);
  const endpoint = endpoints.entra;
  const authorityHost = endpoints.entraAuthority;
  return {
    provider: 'entra',
    accountId: record.externalAccountId,
    regions: record.regions,
    ...(endpoint ? { endpoint } : {}),
    ...(authorityHost ? { authorityHost } : {}),
    credentials:
      kind === 'client-secret'
        ? { kind, clientId, clientSecret: secret }
        : { kind, clientId, certificatePem: secret },
  };
}
