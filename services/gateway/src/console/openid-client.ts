import type * as OpenIdClient from 'openid-client' with { 'resolution-mode': 'import' };

export type { OpenIdClient };

let loaded: Promise<typeof OpenIdClient> | undefined;

/** openid-client ships as an ES module only; the gateway is CommonJS, so it loads it once, here. */
export function openIdClient(): Promise<typeof OpenIdClient> {
  loaded ??= import('openid-client');
  return loaded;
}
