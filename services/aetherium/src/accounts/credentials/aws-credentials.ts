import type { AccessKeys, AssumeRole } from '@codex/connectors';
import { CredentialKind } from '@codex/contracts';

export type { AccessKeys, AssumeRole };

export type AwsCredentials = AccessKeys | AssumeRole;

export type CredentialKindName = AwsCredentials['kind'];

export function credentialKindOf(name: CredentialKindName): CredentialKind {
  switch (name) {
    case 'access-keys':
      return CredentialKind.ACCESS_KEYS;
    case 'assume-role':
      return CredentialKind.ASSUME_ROLE;
  }
}

/** Enough of an access key id to recognise it, never all of it: `AKIA…WXYZ`. */
export function maskAccessKeyId(accessKeyId: string): string {
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}
