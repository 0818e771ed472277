import { CredentialKind } from '@codex/contracts';

/** A long-lived AWS key pair. */
export interface AccessKeys {
  kind: 'access-keys';
  accessKeyId: string;
  secretAccessKey: string;
}

/** sts:AssumeRole into the customer's account, with the external id they configured. */
export interface AssumeRole {
  kind: 'assume-role';
  roleArn: string;
  externalId: string;
}

export type AwsCredentials = AccessKeys | AssumeRole;

export type CredentialKindName = AwsCredentials['kind'];

/**
 * The part of the credentials that is sealed (ADR 8): the key pair as JSON
 * `{"accessKeyId","secretAccessKey"}`, or the external id.
 */
export function secretOf(credentials: AwsCredentials): string {
  switch (credentials.kind) {
    case 'access-keys':
      return JSON.stringify({
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
      });
    case 'assume-role':
      return credentials.externalId;
  }
}

/** What a sealed secret is bound to (associated data): it opens for this account only. */
export function sealingContext(tenantId: string, accountId: string): string {
  return `${tenantId}:${accountId}`;
}

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
