import CircuitBreaker from 'opossum';

import { CIRCUIT_OPEN, isCallerMistake, ProviderError } from './provider-error';

export interface BreakerSettings {
  /** A call running longer counts as failed; false leaves timing to the SDK's request timeout. */
  timeoutMs: number | false;
  /** Failure share of recent calls, in percent, at which the circuit opens. */
  errorThresholdPercentage: number;
  /** How long an open circuit refuses calls before letting one through to probe. */
  resetTimeoutMs: number;
  /** Calls needed in the rolling window before the failure share may open the circuit. */
  volumeThreshold: number;
  rollingWindowMs: number;
}

export const DEFAULT_BREAKER_SETTINGS: BreakerSettings = {
  timeoutMs: 120_000,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 30_000,
  volumeThreshold: 10,
  rollingWindowMs: 60_000,
};

type ProviderCall = () => Promise<unknown>;

/**
 * One circuit breaker per cloud account, so a broken or throttling account fails fast
 * without slowing the others. A call the SDK retried and still lost counts as one failure.
 */
export class AccountBreakers {
  private readonly breakers = new Map<string, CircuitBreaker<[ProviderCall], unknown>>();

  constructor(private readonly settings: BreakerSettings = DEFAULT_BREAKER_SETTINGS) {}

  async run<T>(accountId: string, call: () => Promise<T>): Promise<T> {
    try {
      return (await this.breakerFor(accountId).fire(call)) as T;
    } catch (error) {
      if (isOpenCircuit(error)) {
        throw new ProviderError(
          CIRCUIT_OPEN,
          `Calls to AWS account ${accountId} are refused for up to ${this.settings.resetTimeoutMs} ms after repeated failures`,
          true,
          { cause: error },
        );
      }
      throw error;
    }
  }

  isOpen(accountId: string): boolean {
    return this.breakers.get(accountId)?.opened ?? false;
  }

  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  private breakerFor(accountId: string): CircuitBreaker<[ProviderCall], unknown> {
    let breaker = this.breakers.get(accountId);
    if (!breaker) {
      breaker = new CircuitBreaker((call: ProviderCall) => call(), {
        name: `aws-account-${accountId}`,
        timeout: this.settings.timeoutMs,
        errorThresholdPercentage: this.settings.errorThresholdPercentage,
        resetTimeout: this.settings.resetTimeoutMs,
        volumeThreshold: this.settings.volumeThreshold,
        rollingCountTimeout: this.settings.rollingWindowMs,
        errorFilter: isCallerMistake,
      });
      this.breakers.set(accountId, breaker);
    }
    return breaker;
  }
}

function isOpenCircuit(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'EOPENBREAKER';
}
