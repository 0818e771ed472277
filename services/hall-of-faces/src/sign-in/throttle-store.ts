/**
 * One thing sign-in failures are counted against: an IP, an account, or an account from one IP.
 * After `freeFailures` failures each further attempt locks the subject for `baseMs`, doubling per
 * failure up to `capMs`.
 */
export interface ThrottleRule {
  /** The subject's key; the store derives its own keys from it. */
  key: string;
  freeFailures: number;
  baseMs: number;
  capMs: number;
}

export interface AdmitRequest {
  /** Identifies this attempt, so its success can lift a lock it set itself. */
  attemptId: string;
  now: number;
  /** Failures are forgotten this long after the last one. */
  memoryMs: number;
  rules: readonly ThrottleRule[];
  /**
   * A rule (by index) that does not refuse requests from addresses the account has signed in
   * from before, with the key of the set of those addresses and the address of this attempt.
   */
  knownAddresses?: { rule: number; key: string; address: string };
}

export type Admission =
  | { admitted: true }
  | {
      admitted: false;
      retryAfterMs: number;
      /** Index of the rule whose lock lasts longest. */
      rule: number;
      /** Which lock refused it: the attempt id that set it. */
      lockId: string;
      /** Failures counted when the lock was set. */
      failures: number;
      /** True for the first request this lock refuses, so a lockout is audited once. */
      firstRefusal: boolean;
    };

export interface SuccessRequest {
  attemptId: string;
  now: number;
  /** Rules whose failures are forgotten on success (the account, the account from this IP). */
  cleared: readonly string[];
  /** Rules that only take back this attempt's own count (the IP: other accounts' failures stay). */
  refunded: readonly string[];
  /** Remembers the address as one the account signs in from. */
  knownAddresses?: { key: string; address: string; ttlMs: number; max: number };
}

/** Where sign-in failures and lockouts are counted, shared by every replica of the issuer. */
export interface ThrottleStore {
  /** Refuses while a lock holds; otherwise counts the attempt as a failure until it succeeds. */
  admit(request: AdmitRequest): Promise<Admission>;
  succeeded(request: SuccessRequest): Promise<void>;
}

export const THROTTLE_STORE = Symbol('THROTTLE_STORE');
