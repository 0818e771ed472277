import type { IdpAccess } from '../ports';

/**
 * Proves new credentials work before they are kept: the provider issues a token and answers a
 * read. Throws ProviderError (denied, not_found, unavailable, …) naming the provider's code.
 */
export interface ConnectionVerifier {
  verify(access: IdpAccess): Promise<void>;
}

export const CONNECTION_VERIFIER = Symbol('CONNECTION_VERIFIER');
