import { accessIdentity } from '../../accounts/access-identity';
import { AccountBreakers } from '../../breakers/account-breakers';
import { ClientPool, type Destroyable } from '../../pools/client-pool';
import type { AwsAccountAccess } from './aws-access';
import {
  type AccountCredentials,
  accountCredentials,
  type AwsClientSettings,
  type AwsSdkClientConfig,
  awsSdkClientConfig,
  DEFAULT_AWS_CLIENT_SETTINGS,
} from './aws-credentials';
import { isAwsCallerMistake } from './aws-error-classifier';

const BREAKER_STEP = { step: 'initialize', name: 'codexAccountBreaker' } as const;

type Handler = (args: never) => Promise<unknown>;

/** What this pool needs of an AWS SDK v3 client: its middleware stack, to run calls in the breaker. */
export interface AwsSdkClient extends Destroyable {
  middlewareStack: {
    add(middleware: (next: Handler) => Handler, options: typeof BREAKER_STEP): void;
  };
}

export type AwsSdkClientClass<C extends AwsSdkClient> = new (config: AwsSdkClientConfig) => C;

/**
 * SDK clients per account, region and client class, built once and reused, sharing one source
 * of credentials per account (assumed roles are renewed before they expire). Every call made
 * through them, paginators and waiters included, runs inside the account's circuit breaker.
 */
export class AwsClientPool {
  private readonly clients = new ClientPool<AwsSdkClient>();
  private readonly credentials = new ClientPool<AccountCredentials>();

  constructor(
    private readonly breakers = new AccountBreakers(),
    private readonly settings: AwsClientSettings = DEFAULT_AWS_CLIENT_SETTINGS,
  ) {}

  /** E.g. `pool.client(EC2Client, access, 'eu-west-1')`. */
  client<C extends AwsSdkClient>(
    Client: AwsSdkClientClass<C>,
    access: AwsAccountAccess,
    region: string,
  ): C {
    return this.clients.get(`${Client.name}|${region}|${accessIdentity(access)}`, () => {
      const credentials = this.credentialsFor(access).credentials;
      const client = new Client(
        awsSdkClientConfig(region, access.endpoint, credentials, this.settings),
      );
      client.middlewareStack.add(this.breakerMiddleware(access), BREAKER_STEP);
      return client;
    });
  }

  destroy(): void {
    this.clients.destroy();
    this.credentials.destroy();
  }

  /** Runs each call, with all of the SDK's retries inside it, through the account's breaker. */
  private breakerMiddleware(access: AwsAccountAccess) {
    return (next: Handler): Handler =>
      (args) =>
        this.breakers.run(access, () => next(args), isAwsCallerMistake);
  }

  private credentialsFor(access: AwsAccountAccess): AccountCredentials {
    return this.credentials.get(accessIdentity(access), () =>
      accountCredentials(access, this.settings),
    );
  }
}
