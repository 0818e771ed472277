import type { AccessRecord } from '../../accounts/access-record';
import type { ProviderEndpoints } from '../../accounts/account-access-source';
import { AccountUnavailableError } from '../../accounts/account-unavailable-error';

export interface AccessKeys {
  kind: 'access-keys';
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AssumeRole {
  kind: 'assume-role';
  roleArn: string;
  externalId: string;
}

/** How Codex reaches one customer AWS account. */
export interface AwsAccountAccess {
  provider: 'aws';
  /** The 12-digit AWS account number. */
  accountId: string;
  regions: string[];
  /** Overrides the AWS endpoints, e.g. a local moto server. */
  endpoint?: string;
  credentials: AccessKeys | AssumeRole;
}

/**
 * The part of an AWS account's credentials that is sealed (ADR 8): the key pair as JSON
 * `{"accessKeyId","secretAccessKey"}`, or the external id of a role. openAwsAccess reads it back.
 */
export function awsSecretOf(credentials: AccessKeys | AssumeRole): string {
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

/**
 * The access to an AWS account from its projected record and opened secret: the external id
 * of an assume-role account (settings.roleArn names the role), or the JSON key pair
 * {"accessKeyId","secretAccessKey"} of an access-keys account.
 */
export function openAwsAccess(
  record: AccessRecord,
  secret: string,
  endpoints: ProviderEndpoints = {},
): AwsAccountAccess {
  const endpoint = endpoints.aws;
  return {
    provider: 'aws',
    accountId: record.externalAccountId,
    regions: record.regions,
    ...(endpoint ? { endpoint } : {}),
    credentials: credentialsOf(record, secret),
  };
}

function credentialsOf(record: AccessRecord, secret: string): AwsAccountAccess['credentials'] {
  const roleArn = record.settings.roleArn;
  if (record.credentialKind === 'assume-role') {
    return {
      kind: 'assume-role',
      roleArn: typeof roleArn === 'string' ? roleArn : '',
      externalId: secret,
    };
  }
  const keys = record.credentialKind === 'access-keys' ? parseAccessKeys(secret) : undefined;
  if (!keys) {
    throw new AccountUnavailableError(
      'credentials_unreadable',
      `the access keys of account ${record.accountId} are not {"accessKeyId","secretAccessKey"}`,
    );
  }
  return { kind: 'access-keys', ...keys };
}

function parseAccessKeys(
  secret: string,
): { accessKeyId: string; secretAccessKey: string } | undefined {
  try {
    const parsed = JSON.parse(secret) as { accessKeyId?: unknown; secretAccessKey?: unknown };
    return typeof parsed.accessKeyId === 'string' && typeof parsed.secretAccessKey === 'string'
      ? { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey }
      : undefined;
  } catch {
    return undefined;
  }
}
