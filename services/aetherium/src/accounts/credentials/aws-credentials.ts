import type { AccessKeys, AssumeRole } from '@codex/connectors';
import { CredentialKind } from '@codex/contracts';

import type { AccountCredentialKind } from '../cloud-account.entity';

export type { AccessKeys, AssumeRole };

export type AwsCredentials = AccessKeys | AssumeRole;

/** Every credential kind an account is stored with: AWS's, then Azure's. */
export type CredentialKindName = AccountCredentialKind;

export function credentialKindOf(name: CredentialKindName): CredentialKind {
  switch (name) {
    case 'access-keys':
      return CredentialKind.ACCESS_KEYS;
    case 'assume-role':
      return CredentialKind.ASSUME_ROLE;
    case 'client-secret':
      return CredentialKind.CLIENT_SECRET;
    case 'client-certificate':
      return CredentialKind.CLIENT_CERTIFICATE;
    case 'service-account-key':
      return CredentialKind.SERVICE_ACCOUNT_KEY;
  }
}

/** Enough of an access key id to recognise it, never all of it: `AKIA…WXYZ`. */
export function maskAccessKeyId(accessKeyId: string): string {
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}
