import { ClientSecretCredential } from '@azure/identity';
import { AUTH0_SANDBOX, GRAPH_SANDBOX, type IdentitySandboxes } from '@codex/testing';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { ManagementClient } from 'auth0';

/** The Graph sandbox as the unmodified Graph client sees it: a test's independent view. */
export function graphClientOf(sandboxes: IdentitySandboxes): Client {
  return Client.initWithMiddleware({
    baseUrl: sandboxes.graph.url,
    customHosts: new Set([new URL(sandboxes.graph.url).hostname]),
    authProvider: new TokenCredentialAuthenticationProvider(
      new ClientSecretCredential(
        GRAPH_SANDBOX.tenantId,
        GRAPH_SANDBOX.clientId,
        GRAPH_SANDBOX.clientSecret,
        { authorityHost: sandboxes.graph.authority, disableInstanceDiscovery: true },
      ),
      { scopes: ['https://graph.microsoft.com/.default'] },
    ),
  });
}

/** The Auth0 sandbox as the unmodified Management API client sees it. */
export function auth0ClientOf(sandboxes: IdentitySandboxes): ManagementClient {
  return new ManagementClient({
    domain: sandboxes.auth0.domain,
    clientId: AUTH0_SANDBOX.clientId,
    clientSecret: AUTH0_SANDBOX.clientSecret,
  });
}
