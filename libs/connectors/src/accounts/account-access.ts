import type { ProviderName } from '../provider-error';
import type { Auth0AccountAccess } from '../providers/auth0/auth0-access';
import type { AwsAccountAccess } from '../providers/aws/aws-access';
import type { AzureAccountAccess } from '../providers/azure/azure-access';
import type { EntraAccountAccess } from '../providers/entra/entra-access';
import type { GcpAccountAccess } from '../providers/gcp/gcp-access';

/** How Codex reaches one connected account, in the shape its provider's SDK needs. */
export type AccountAccess =
  | AwsAccountAccess
  | AzureAccountAccess
  | GcpAccountAccess
  | Auth0AccountAccess
  | EntraAccountAccess;

/** The access shape of one provider, e.g. `AccessOf<'aws'>`. */
export type AccessOf<P extends ProviderName> = Extract<AccountAccess, { provider: P }>;
