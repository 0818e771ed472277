import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';

import { AccountBreakers } from './account-breakers';
import {
  accessIdentity,
  type AccountCredentials,
  accountCredentials,
  type AwsAccountAccess,
  type AwsClientSettings,
  type AwsSdkClientConfig,
  awsSdkClientConfig,
  DEFAULT_AWS_CLIENT_SETTINGS,
} from './aws-credentials';

interface Destroyable {
  destroy(): void;
}

const BREAKER_STEP = { step: 'initialize', name: 'codexAccountBreaker' } as const;

/**
 * SDK clients per account, region and service, built once and reused. Every call made
 * through them, paginators and waiters included, runs inside the account's circuit breaker.
 */
export class AwsClientPool {
  private readonly clients = new Map<string, Destroyable>();
  private readonly credentials = new Map<string, AccountCredentials>();

  constructor(
    private readonly breakers = new AccountBreakers(),
    private readonly settings: AwsClientSettings = DEFAULT_AWS_CLIENT_SETTINGS,
  ) {}

  ec2(access: AwsAccountAccess, region: string): EC2Client {
    return this.client('ec2', access, region, (config) => {
      const client = new EC2Client(config);
      client.middlewareStack.add(this.breakerMiddleware(access), BREAKER_STEP);
      return client;
    });
  }

  ecs(access: AwsAccountAccess, region: string): ECSClient {
    return this.client('ecs', access, region, (config) => {
      const client = new ECSClient(config);
      client.middlewareStack.add(this.breakerMiddleware(access), BREAKER_STEP);
      return client;
    });
  }

  cloudWatch(access: AwsAccountAccess, region: string): CloudWatchClient {
    return this.client('cloudwatch', access, region, (config) => {
      const client = new CloudWatchClient(config);
      client.middlewareStack.add(this.breakerMiddleware(access), BREAKER_STEP);
      return client;
    });
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    for (const source of this.credentials.values()) source.destroy();
    this.clients.clear();
    this.credentials.clear();
  }

  private client<C extends Destroyable>(
    service: string,
    access: AwsAccountAccess,
    region: string,
    create: (config: AwsSdkClientConfig) => C,
  ): C {
    const key = `${service}|${region}|${accessIdentity(access)}`;
    const cached = this.clients.get(key);
    if (cached) {
      return cached as C;
    }
    const credentials = this.credentialsFor(access).credentials;
    const client = create(awsSdkClientConfig(region, access.endpoint, credentials, this.settings));
    this.clients.set(key, client);
    return client;
  }

  /** Runs each call, with all of the SDK's retries inside it, through the account's breaker. */
  private breakerMiddleware<I, O>(access: AwsAccountAccess) {
    return (next: (args: I) => Promise<O>) => (args: I) =>
      this.breakers.run(access.accountId, () => next(args));
  }

  private credentialsFor(access: AwsAccountAccess): AccountCredentials {
    const key = accessIdentity(access);
    let source = this.credentials.get(key);
    if (!source) {
      source = accountCredentials(access, this.settings);
      this.credentials.set(key, source);
    }
    return source;
  }
}
