import { CredentialKind, Provider } from '@codex/contracts';

import type { ProviderName } from '../provider-error';
import type { CredentialKindName } from './connected-account.entity';

/** The connectable providers by their contract enum; Codex's own issuer is not an account. */
const PROVIDER_NAMES: ReadonlyMap<Provider, ProviderName> = new Map([
  [Provider.AWS, 'aws'],
  [Provider.AZURE, 'azure'],
  [Provider.GCP, 'gcp'],
  [Provider.AUTH0, 'auth0'],
  [Provider.ENTRA, 'entra'],
]);

export function providerName(provider: Provider): ProviderName | undefined {
  return PROVIDER_NAMES.get(provider);
}

/** The contract's enum value of a provider, for events that carry it. */
export function providerEnum(name: ProviderName): Provider {
  for (const [provider, known] of PROVIDER_NAMES) if (known === name) return provider;
  return Provider.UNSPECIFIED;
}

export function credentialKindName(kind: CredentialKind): CredentialKindName {
  switch (kind) {
    case CredentialKind.ACCESS_KEYS:
      return 'access-keys';
    case CredentialKind.ASSUME_ROLE:
      return 'assume-role';
    case CredentialKind.CLIENT_SECRET:
      return 'client-secret';
    case CredentialKind.SERVICE_ACCOUNT_KEY:
      return 'service-account-key';
    case CredentialKind.CLIENT_CERTIFICATE:
      return 'client-certificate';
    case CredentialKind.UNSPECIFIED:
      return 'unspecified';
  }
}
