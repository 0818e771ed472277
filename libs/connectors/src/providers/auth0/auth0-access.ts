import { type AccessRecord, requireSettings } from '../../accounts/access-record';
import type { ProviderEndpoints } from '../../accounts/account-access-source';

/** How Codex reaches one Auth0 tenant: a machine-to-machine application's client secret. */
export interface Auth0AccountAccess {
  provider: 'auth0';
  /** The Auth0 tenant name, e.g. `acme-prod`. */
  accountId: string;
  regions: string[];
  /** Overrides the Management API base URL, e.g. a local simulator. */
  endpoint?: string;
  credentials: { kind: 'client-secret'; domain: string; clientId: string; clientSecret: string };
}

/** Settings domain and clientId; the secret is the client secret. */
export function openAuth0Access(
  record: AccessRecord,
  secret: string,
  endpoints: ProviderEndpoints = {},
): Auth0AccountAccess {
  const endpoint = endpoints.auth0;
  const { domain, clientId } = requireSettings(record, 'client-secret', ['domain', 'clientId']);
  return {
    provider: 'auth0',
    accountId: record.externalAccountId,
    regions: record.regions,
    ...(endpoint ? { endpoint } : {}),
    credentials: { kind: 'client-secret', domain, clientId, clientSecret: secret },
  };
}
