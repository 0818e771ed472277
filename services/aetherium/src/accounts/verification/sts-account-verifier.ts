import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';

import type { AssumeRole, AwsCredentials } from '../credentials/aws-credentials';
import {
  AccountVerifier,
  redact,
  VerificationFailure,
  type VerifiedAccount,
} from './account-verifier';

export interface StsSettings {
  /** Overrides the STS endpoint, e.g. a local moto server. */
  endpoint: string | undefined;
  /** The whole verification, every call and retry included, gives up after this long. */
  budgetMs: number;
  /** Longest wait for the answer to one attempt. */
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  /** Attempts per call, the first included; throttling and network errors are retried. */
  maxAttempts: number;
}

export const DEFAULT_STS_SETTINGS: Omit<StsSettings, 'endpoint'> = {
  budgetMs: 15_000,
  requestTimeoutMs: 5_000,
  connectionTimeoutMs: 3_000,
  maxAttempts: 3,
};

/** An AWS identity the SDK signs with; undefined means the SDK's default chain (Codex's own). */
type SigningCredentials =
  { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;

/**
 * Verifies AWS credentials with STS: GetCallerIdentity with the key pair, or AssumeRole
 * with the external id (signed by Codex's own identity) and GetCallerIdentity as the role.
 */
export class StsAccountVerifier extends AccountVerifier {
  constructor(private readonly settings: StsSettings) {
    super();
  }

  async verify(region: string, credentials: AwsCredentials): Promise<VerifiedAccount> {
    const deadline = AbortSignal.timeout(this.settings.budgetMs);
    const secrets =
      credentials.kind === 'access-keys'
        ? [credentials.secretAccessKey, credentials.accessKeyId]
        : [credentials.externalId];
    const call = <T>(operation: string, send: () => Promise<T>) =>
      send().catch((error: unknown) => {
        throw this.failure(operation, error, deadline, secrets);
      });
    const signing =
      credentials.kind === 'access-keys'
        ? { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey }
        : await call('sts:AssumeRole', () => this.assumeRole(region, credentials, deadline));
    const identity = await call('sts:GetCallerIdentity', () =>
      this.withClient(region, signing, (sts) =>
        sts.send(new GetCallerIdentityCommand({}), { abortSignal: deadline }),
      ),
    );
    if (!identity.Account || !identity.Arn) {
      throw new VerificationFailure(
        'sts:GetCallerIdentity',
        'IncompleteAnswer',
        'the answer names no account',
      );
    }
    return { externalAccountId: identity.Account, arn: identity.Arn };
  }

  private async assumeRole(
    region: string,
    role: AssumeRole,
    deadline: AbortSignal,
  ): Promise<NonNullable<SigningCredentials>> {
    const { Credentials: issued } = await this.withClient(region, undefined, (sts) =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: role.roleArn,
          ExternalId: role.externalId,
          RoleSessionName: 'codex-account-verification',
          DurationSeconds: 900,
        }),
        { abortSignal: deadline },
      ),
    );
    if (!issued?.AccessKeyId || !issued.SecretAccessKey) {
      throw new VerificationFailure('sts:AssumeRole', 'IncompleteAnswer', 'no credentials issued');
    }
    return {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      sessionToken: issued.SessionToken,
    };
  }

  private async withClient<T>(
    region: string,
    credentials: SigningCredentials,
    use: (sts: STSClient) => Promise<T>,
  ): Promise<T> {
    const sts = new STSClient({
      region,
      ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      maxAttempts: this.settings.maxAttempts,
      retryMode: 'standard',
      requestHandler: {
        requestTimeout: this.settings.requestTimeoutMs,
        connectionTimeout: this.settings.connectionTimeoutMs,
        throwOnRequestTimeout: true,
      },
    });
    try {
      return await use(sts);
    } finally {
      sts.destroy();
    }
  }

  private failure(
    operation: string,
    error: unknown,
    deadline: AbortSignal,
    secrets: string[],
  ): VerificationFailure {
    if (error instanceof VerificationFailure) return error;
    const [code, message] = deadline.aborted
      ? ['TimeoutError', `AWS STS did not answer within ${this.settings.budgetMs} ms`]
      : error instanceof STSServiceException
        ? [error.name, error.message]
        : error instanceof Error
          ? [(error as NodeJS.ErrnoException).code ?? error.name, error.message]
          : ['UnknownError', String(error)];
    return new VerificationFailure(operation, code, redact(message, secrets));
  }
}
