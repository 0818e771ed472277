import { createHash, randomUUID } from 'node:crypto';

import type { PlatformConfig } from '@codex/config';
import { PLATFORM_CONFIG } from '@codex/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { AuditLog } from '../audit/audit-log';
import type { IssuerConfig } from '../config';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { OAuthError } from '../tokens/oauth-error';
import { clientAddressBucket } from './client-address';
import { CLOCK, type Clock } from './clock';
import { LockoutTenant } from './lockout-tenant';
import { accountKeyOf, claimedActorOf, type SignInSubject } from './sign-in-subject';
import { THROTTLE_STORE, type ThrottleRule, type ThrottleStore } from './throttle-store';

/** What a lockout covers: one address, one account from one address, or one account. */
type Scope = 'ip' | 'account_ip' | 'account';

/** An admitted sign-in attempt; until it succeeds it counts as a failure. */
export interface SignInAttempt {
  id: string;
  subject: SignInSubject;
  /** False when the store could not be reached and the attempt was let through uncounted. */
  counted: boolean;
}

/** Addresses an account signed in from stay known this long, and this many are kept. */
const KNOWN_ADDRESS_MS = 30 * 24 * 3600 * 1000;
const KNOWN_ADDRESSES_KEPT = 10;
const UNAVAILABLE_WARNING_INTERVAL_MS = 10_000;

/**
 * Refuses a sign-in before any password is checked while its address, its account, or its
 * account from that address is locked out. Failures are counted per address (an IPv6 /64), per
 * account, and per account from one address; past the free failures each failure locks for the
 * back-off base doubled per failure, up to a few minutes for an account and a bounded time for an
 * address. The account lockout does not refuse addresses the account signed in from before, so
 * an attacker cannot keep its owner out; one address alone reaches its own lockout long before
 * the account's. A lockout is audited once, at its first refusal. When Redis cannot answer,
 * sign-in goes on uncounted (the check queue still bounds the CPU spent on passwords).
 */
@Injectable()
export class SignInThrottle {
  private readonly logger = new Logger(SignInThrottle.name);
  private readonly prefix: string;
  private readonly config: IssuerConfig['signIn'];
  private lastWarningAt = Number.NEGATIVE_INFINITY;

  constructor(
    @Inject(THROTTLE_STORE) private readonly store: ThrottleStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ISSUER_CONFIG) config: IssuerConfig,
    @Inject(PLATFORM_CONFIG) platform: PlatformConfig,
    private readonly audit: AuditLog,
    private readonly lockoutTenant: LockoutTenant,
  ) {
    this.config = config.signIn;
    this.prefix = `codex:sign-in:${installationOf(config, platform)}`;
  }

  /** Answers 429 too_many_attempts with Retry-After while a lockout holds. */
  async admit(subject: SignInSubject): Promise<SignInAttempt> {
    const attempt = { id: randomUUID(), subject, counted: true };
    const { rules, scopes, knownAddresses } = this.rulesFor(subject);
    let admission;
    try {
      admission = await this.store.admit({
        attemptId: attempt.id,
        now: this.clock.now(),
        memoryMs: this.config.failureMemoryMs,
        rules,
        knownAddresses,
      });
    } catch (error) {
      this.warnUnavailable(error);
      return { ...attempt, counted: false };
    }
    if (admission.admitted) return attempt;
    const retryAfterSeconds = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
    const scope = scopes[admission.rule] ?? 'ip';
    if (admission.firstRefusal) {
      await this.audit.record({
        tenantId: await this.lockoutTenant.of(subject),
        action: scope === 'account' ? 'sign_in.locked_out' : 'sign_in.throttled',
        actor: claimedActorOf(subject),
        sourceIp: subject.sourceIp,
        details: {
          grant: subject.grant,
          scope,
          failures: admission.failures,
          lockout: admission.lockId,
          retryAfterSeconds,
          ...(subject.grant === 'password' ? { tenant: subject.tenant } : {}),
        },
      });
    }
    throw new OAuthError(
      'too_many_attempts',
      `too many failed sign-ins; try again in ${retryAfterSeconds} s`,
      retryAfterSeconds,
    );
  }

  /** Forgets the account's failures, takes back the address's count for this attempt, and
   * remembers the address as one the account signs in from. */
  async succeeded(attempt: SignInAttempt): Promise<void> {
    if (!attempt.counted) return;
    const { rules, scopes, knownAddresses } = this.rulesFor(attempt.subject);
    const keyOf = (scope: Scope) => rules[scopes.indexOf(scope)]?.key;
    try {
      await this.store.succeeded({
        attemptId: attempt.id,
        now: this.clock.now(),
        cleared: [keyOf('account_ip'), keyOf('account')].filter((key) => key !== undefined),
        refunded: [keyOf('ip')].filter((key) => key !== undefined),
        knownAddresses: knownAddresses && {
          key: knownAddresses.key,
          address: knownAddresses.address,
          ttlMs: KNOWN_ADDRESS_MS,
          max: KNOWN_ADDRESSES_KEPT,
        },
      });
    } catch (error) {
      this.warnUnavailable(error);
    }
  }

  private rulesFor(subject: SignInSubject): {
    rules: ThrottleRule[];
    scopes: Scope[];
    knownAddresses?: { rule: number; key: string; address: string };
  } {
    const config = this.config;
    const address = clientAddressBucket(subject.sourceIp);
    const rules: ThrottleRule[] = [
      {
        key: `${this.prefix}:ip:${address}`,
        freeFailures: config.freeFailuresPerIp,
        baseMs: config.backoffBaseMs,
        capMs: config.ipLockoutMaxMs,
      },
    ];
    const scopes: Scope[] = ['ip'];
    const account = accountKeyOf(subject);
    if (account === undefined) return { rules, scopes };
    rules.push(
      {
        key: `${this.prefix}:account-ip:${account}:${address}`,
        freeFailures: config.freeFailuresPerAccountAndIp,
        baseMs: config.backoffBaseMs,
        capMs: config.accountLockoutMaxMs,
      },
      {
        key: `${this.prefix}:account:${account}`,
        freeFailures: config.freeFailuresPerAccount,
        baseMs: config.backoffBaseMs,
        capMs: config.accountLockoutMaxMs,
      },
    );
    scopes.push('account_ip', 'account');
    return {
      rules,
      scopes,
      knownAddresses: { rule: 2, key: `${this.prefix}:known:${account}`, address },
    };
  }

  private warnUnavailable(error: unknown): void {
    const now = this.clock.now();
    if (now - this.lastWarningAt < UNAVAILABLE_WARNING_INTERVAL_MS) return;
    this.lastWarningAt = now;
    this.logger.warn(
      `sign-in throttle unavailable, attempts pass uncounted: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Counts belong to one installation of the issuer: its URL and its database's name. Every replica
 * shares them; another installation on the same Redis (a test's scratch issuer) does not.
 */
function installationOf(config: IssuerConfig, platform: PlatformConfig): string {
  const database = platform.database ? new URL(platform.database.url).pathname : '';
  return createHash('sha256')
    .update(`${config.issuerUrl} ${database}`)
    .digest('base64url')
    .slice(0, 16);
}
