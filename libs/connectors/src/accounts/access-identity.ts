import { createHash } from 'node:crypto';

import type { AccountAccess } from './account-access';

/**
 * What identifies the credentials of an access, for caching clients built from it: the same
 * account reached with other credentials (another principal, or the same one with a rotated or
 * mistyped secret) or at another endpoint gets other clients.
 */
export function accessIdentity(access: AccountAccess): string {
  return [
    access.provider,
    access.accountId,
    access.endpoint ?? '',
    principalOf(access),
    fingerprint(secretOf(access)),
  ].join('|');
}

function fingerprint(secret: string): string {
  return secret ? createHash('sha256').update(secret).digest('hex').slice(0, 16) : '';
}

function secretOf(access: AccountAccess): string {
  const credentials = access.credentials;
  switch (credentials.kind) {
    case 'access-keys':
      return credentials.secretAccessKey;
    case 'client-secret':
      return credentials.clientSecret;
    case 'client-certificate':
      return credentials.certificatePem;
    case 'service-account-key':
      return credentials.keyJson;
    default:
      return '';
  }
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
