/** The kinds of sign-in risk the oracle finds. */
export const RISK_KINDS = [
  'impossible_travel',
  'failure_burst',
  'password_spray',
  'dormant_admin_reactivation',
  'new_country',
  'new_device',
] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

/** One sign-in attempt as the detectors read it (from a `login.observed`). */
export interface SignIn {
  loginId: string;
  /** The directory it came from, `<provider>:<directory id>`: per-IP state is kept per source. */
  source: string;
  /** Empty when the provider named no account (an unknown user name). */
  identityUrn: string;
  succeeded: boolean;
  /** A refused attempt; an interrupt that asks for a second factor is neither this nor success. */
  failed: boolean;
  ip: string;
  /** ISO 3166-1 alpha-2, empty when unknown. */
  country: string;
  userAgent: string;
  /** Epoch ms. */
  at: number;
  /** Whether the account holds a privileged role or group. */
  privileged: boolean;
}

/** What a detector found: the sign-ins behind it and facts to show. */
export interface RiskSignal {
  kind: RiskKind;
  /** The account at risk; empty for a password spray, which is about an address. */
  identityUrn: string;
  /** The sign-ins that make the signal; the last one triggered it. */
  loginIds: string[];
  /** When the triggering sign-in happened (epoch ms). */
  at: number;
  details: Record<string, string | number | boolean | string[] | null>;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
