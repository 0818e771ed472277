import { AccountBreakers } from '@codex/connectors';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';

import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';

/** Stops the breakers' timers once no provider module calls out any more. */
@Injectable()
class AccountBreakersLifecycle implements OnApplicationShutdown {
  constructor(@Inject(AccountBreakers) private readonly breakers: AccountBreakers) {}

  onApplicationShutdown(): void {
    this.breakers.shutdown();
  }
}

/**
 * The process's one set of per-account circuit breakers, shared by every provider module:
 * an account's calls, AWS or Azure, go through its breaker and no other.
 */
@Module({
  providers: [
    {
      provide: AccountBreakers,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig) => new AccountBreakers(config.aws.breaker),
    },
    AccountBreakersLifecycle,
  ],
  exports: [AccountBreakers],
})
export class AccountBreakersModule {}
