import { type AccessRecord, requireSettings } from '../../accounts/access-record';

/** How Codex reaches one Azure subscription: a service principal's client secret. */
export interface AzureAccountAccess {
  provider: 'azure';
  /** The subscription id. */
  accountId: string;
  regions: string[];
  /** Overrides the Azure Resource Manager endpoint, e.g. a local simulator. */
  endpoint?: string;
  credentials: { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string };
}

/** Settings tenantId and clientId; the secret is the client secret. */
export function openAzureAccess(
  record: AccessRecord,
  secret: string,
  endpoint: string | undefined,
): AzureAccountAccess {
  const { tenantId, clientId } = requireSettings(record, 'client-secret', ['tenantId', 'clientId']);
  return {
    provider: 'azure',
    accountId: record.externalAccountId,
    regions: record.regions,
    ...(endpoint ? { endpoint } : {}),
    credentials: { kind: 'client-secret', tenantId, clientId, clientSecret: secret },
  };
}
