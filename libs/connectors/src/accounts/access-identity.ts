import { createHash } from 'node:crypto';

import type { AccountAccess } from './account-access';

/**
 * What identifies the credentials of an access, for caching clients built from it: the same
 * account reached with other credentials or at another endpoint gets other clients.
 */
export function accessIdentity(access: AccountAccess): string {
  return [access.provider, access.accountId, access.endpoint ?? '', principalOf(access)].join('|');
}

function principalOf(access: AccountAccess): string {
  switch (access.provider) {
    case 'aws': {
      const source = access.credentials;
      return `${source.kind}|${source.kind === 'access-keys' ? source.accessKeyId : source.roleArn}`;
    }
    case 'azure':
      return `${access.credentials.kind}|${access.credentials.tenantId}|${access.credentials.clientId}`;
    case 'entra':
      return access.credentials.clientId;
    case 'auth0':
      return `${access.credentials.domain}|${access.credentials.clientId}`;
    case 'gcp':
      return createHash('sha256').update(access.credentials.keyJson).digest('hex').slice(0, 16);
  }
}
