import { type AccessRecord, requireSettings } from '../../accounts/access-record';

/** How Codex reaches one Microsoft Entra ID directory: an app registration's client secret. */
export interface EntraAccountAccess {
  provider: 'entra';
  /** The directory (tenant) id. */
  accountId: string;
  regions: string[];
  /** Overrides the Microsoft Graph endpoint, e.g. a local simulator. */
  endpoint?: string;
  credentials: { kind: 'client-secret'; clientId: string; clientSecret: string };
}

/** Setting clientId; the directory is the external account id; the secret is the client secret. */
export function openEntraAccess(
  record: AccessRecord,
  secret: string,
  endpoint: string | undefined,
): EntraAccountAccess {
  const { clientId } = requireSettings(record, 'client-secret', ['clientId']);
  return {
    provider: 'entra',
    accountId: record.externalAccountId,
    regions: record.regions,
    ...(endpoint ? { endpoint } : {}),
    credentials: { kind: 'client-secret', clientId, clientSecret: secret },
  };
}
