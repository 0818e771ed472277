import { AssumedRoleCredentials } from './assumed-role-credentials';
import type { AwsAccountAccess } from './aws-access';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

export interface AwsClientSettings {
  /** Attempts per call, first one included; throttled and transient failures are retried. */
  maxAttempts: number;
  /** `adaptive` also slows the client down after throttling; both back off with jitter. */
  retryMode: 'standard' | 'adaptive';
  /** Longest wait for an answer to one attempt; the attempt then fails with TimeoutError. */
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  assumeRoleSessionSeconds: number;
  /** Codex's own identity for sts:AssumeRole; the SDK's default chain when absent. */
  platformCredentials?: AwsCredentials;
}

export const DEFAULT_AWS_CLIENT_SETTINGS: AwsClientSettings = {
  maxAttempts: 6,
  retryMode: 'adaptive',
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 5_000,
  assumeRoleSessionSeconds: 3_600,
};

/** The SDK client configuration shared by every AWS client Codex builds. */
export interface AwsSdkClientConfig {
  region: string;
  endpoint?: string;
  credentials: AwsCredentials | AwsCredentialsProvider | undefined;
  maxAttempts: number;
  retryMode: string;
  requestHandler: {
    requestTimeout: number;
    connectionTimeout: number;
    throwOnRequestTimeout: true;
  };
}

export function awsSdkClientConfig(
  region: string,
  endpoint: string | undefined,
  credentials: AwsCredentials | AwsCredentialsProvider | undefined,
  settings: AwsClientSettings,
): AwsSdkClientConfig {
  return {
    region,
    ...(endpoint ? { endpoint } : {}),
    credentials,
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    requestHandler: {
      requestTimeout: settings.requestTimeoutMs,
      connectionTimeout: settings.connectionTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

/** A source of credentials for one account; assumed-role credentials are cached until near expiry. */
export interface AccountCredentials {
  credentials: AwsCredentials | AwsCredentialsProvider;
  destroy(): void;
}

export function accountCredentials(
  access: AwsAccountAccess,
  settings: AwsClientSettings,
): AccountCredentials {
  const source = access.credentials;
  switch (source.kind) {
    case 'access-keys':
      return {
        credentials: { accessKeyId: source.accessKeyId, secretAccessKey: source.secretAccessKey },
        destroy: () => undefined,
      };
    case 'assume-role': {
      const assumed = new AssumedRoleCredentials(source, {
        ...awsSdkClientConfig(
          access.regions[0] ?? 'us-east-1',
          access.endpoint,
          settings.platformCredentials,
          settings,
        ),
        sessionSeconds: settings.assumeRoleSessionSeconds,
        sessionName: `codex-${access.accountId}`,
      });
      return { credentials: assumed.provide, destroy: () => assumed.destroy() };
    }
  }
}
