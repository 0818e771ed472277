// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- opossum ships no types; this file declares the part used, for every program that compiles this one
/// <reference path="./opossum.d.ts" />
import CircuitBreaker from 'opossum';

import { PROVIDER_LABELS, ProviderError, type ProviderName } from '../provider-error';

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

/** The account a breaker guards: any AccountAccess is one. */
export interface BreakerAccount {
  provider: ProviderName;
  accountId: string;
}

/** True for an error that names the caller's mistake, which says nothing about the account's health. */
export type CallerMistake = (error: unknown) => boolean;

/** The code opossum gives the error of a call refused by an open circuit. */
const OPEN_BREAKER = 'EOPENBREAKER';

/** providerCode of the ProviderError raised for a refused call: Codex's, not the provider's. */
export const CIRCUIT_OPEN = 'CircuitOpen';

/**
 * One circuit breaker per provider account, so a broken or throttling account fails fast
 * without slowing the others. A call the SDK retried and still lost counts as one failure; a
 * call that failed by the caller's own mistake does not count. An open circuit refuses calls
 * with ProviderError `unavailable`, retryable after the reset timeout.
 */
export class AccountBreakers {
  private readonly breakers = new Map<string, CircuitBreaker<[() => Promise<Outcome>], Outcome>>();

  constructor(private readonly settings: BreakerSettings = DEFAULT_BREAKER_SETTINGS) {}

  async run<T>(
    account: BreakerAccount,
    call: () => Promise<T>,
    isCallerMistake: CallerMistake = () => false,
  ): Promise<T> {
    let outcome: Outcome;
    try {
      outcome = await this.breakerFor(account).fire(async () => {
        try {
          return { value: await call() };
        } catch (error) {
          if (isCallerMistake(error)) return { mistake: error };
          throw error;
        }
      });
    } catch (error) {
      if (isOpenCircuit(error)) throw this.refusal(account, error);
      throw error;
    }
    if ('mistake' in outcome) throw outcome.mistake;
    return outcome.value as T;
  }

  isOpen(account: BreakerAccount): boolean {
    return this.breakers.get(keyOf(account))?.opened ?? false;
  }

  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  private refusal(account: BreakerAccount, cause: unknown): ProviderError {
    return new ProviderError(
      'unavailable',
      `Calls to ${PROVIDER_LABELS[account.provider]} account ${account.accountId} are refused for up to ${this.settings.resetTimeoutMs} ms after repeated failures`,
      {
        provider: account.provider,
        providerCode: CIRCUIT_OPEN,
        retryAfterMs: this.settings.resetTimeoutMs,
        cause,
      },
    );
  }

  private breakerFor(account: BreakerAccount) {
    const key = keyOf(account);
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker((guarded: () => Promise<Outcome>) => guarded(), {
        name: `${account.provider}-account-${account.accountId}`,
        timeout: this.settings.timeoutMs,
        errorThresholdPercentage: this.settings.errorThresholdPercentage,
        resetTimeout: this.settings.resetTimeoutMs,
        volumeThreshold: this.settings.volumeThreshold,
        rollingCountTimeout: this.settings.rollingWindowMs,
      });
      this.breakers.set(key, breaker);
    }
    return breaker;
  }
}

type Outcome = { value: unknown } | { mistake: unknown };

function keyOf({ provider, accountId }: BreakerAccount): string {
  return `${provider}:${accountId}`;
}

function isOpenCircuit(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === OPEN_BREAKER;
}
