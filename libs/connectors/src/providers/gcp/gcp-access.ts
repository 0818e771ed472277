import { type AccessRecord, requireSettings } from '../../accounts/access-record';
import type { ProviderEndpoints } from '../../accounts/account-access-source';

/** How Codex reaches one GCP project: a service-account key. */
export interface GcpAccountAccess {
  provider: 'gcp';
  /** The project id. */
  accountId: string;
  regions: string[];
  /** Overrides the Google API endpoints, e.g. fake-gcs-server. */
  endpoint?: string;
  credentials: { kind: 'service-account-key'; keyJson: string };
}

/** No settings; the secret is the key file's JSON. */
export function openGcpAccess(
  record: AccessRecord,
  secret: string,
  endpoints: ProviderEndpoints = {},
): GcpAccountAccess {
  const endpoint = endpoints.gcp;
  requireSettings(record, 'service-account-key', []);
  return {
    provider: 'gcp',
    accountId: record.externalAccountId,
    regions: record.regions,
    ...(endpoint ? { endpoint } : {}),
    credentials: { kind: 'service-account-key', keyJson: secret },
  };
}
