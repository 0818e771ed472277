import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

import type { AssumeRole } from './aws-access';
import type { AwsCredentials, AwsSdkClientConfig } from './aws-credentials';

/** Credentials are renewed this long before they expire, so no call signs with stale ones. */
const RENEW_BEFORE_EXPIRY_MS = 5 * 60_000;

export interface AssumeRoleOptions extends AwsSdkClientConfig {
  sessionSeconds: number;
  sessionName: string;
}

/** Temporary credentials from sts:AssumeRole with the external id, shared by all clients of an account. */
export class AssumedRoleCredentials {
  private readonly sts: STSClient;
  private current: Promise<AwsCredentials> | undefined;
  private expiresAt = 0;

  constructor(
    private readonly role: AssumeRole,
    private readonly options: AssumeRoleOptions,
  ) {
    this.sts = new STSClient(options);
  }

  readonly provide = (): Promise<AwsCredentials> => {
    if (!this.current || Date.now() >= this.expiresAt - RENEW_BEFORE_EXPIRY_MS) {
      const pending = this.assume();
      this.current = pending;
      pending.catch(() => {
        if (this.current === pending) this.current = undefined;
      });
    }
    return this.current;
  };

  destroy(): void {
    this.sts.destroy();
  }

  private async assume(): Promise<AwsCredentials> {
    this.expiresAt = Number.POSITIVE_INFINITY;
    const { Credentials: issued } = await this.sts.send(
      new AssumeRoleCommand({
        RoleArn: this.role.roleArn,
        ExternalId: this.role.externalId,
        RoleSessionName: this.options.sessionName,
        DurationSeconds: this.options.sessionSeconds,
      }),
    );
    if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.Expiration) {
      throw new Error(`sts:AssumeRole on ${this.role.roleArn} returned no credentials`);
    }
    this.expiresAt = issued.Expiration.getTime();
    return {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      sessionToken: issued.SessionToken,
      expiration: issued.Expiration,
    };
  }
}
