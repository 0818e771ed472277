import type { Auth0AccountAccess, EntraAccountAccess } from '@codex/connectors';

/** The identity providers hall-of-faces governs. */
export type IdpProvider = 'auth0' | 'entra';

/** How hall-of-faces reaches one connected identity provider. */
export type IdpAccess = Auth0AccountAccess | EntraAccountAccess;

/** One account (user) in an identity provider, as the provider reports it. */
export interface IdpAccountSnapshot {
  /** Auth0 `user_id`, Entra object `id`. */
  externalId: string;
  /** The e-mail the provider holds (Auth0 `email`, Entra `mail`), lower-cased; null when none. */
  email: string | null;
  /** Whether the provider vouches for the e-mail: Auth0 `email_verified`; Entra: `mail` is set. */
  emailVerified: boolean;
  displayName: string;
  /** Auth0 `!blocked`, Entra `accountEnabled`. */
  enabled: boolean;
  createdAt: Date | null;
  /** Last successful sign-in: Auth0 `last_login`, Entra `signInActivity.lastSignInDateTime`. */
  lastSignInAt: Date | null;
  /** Entra's MFA registration (`isMfaRegistered`); null when the provider does not say (Auth0). */
  mfaRegistered: boolean | null;
  /** Provider facts shown to people: UPN, department, job title, connection, logins count. */
  attributes: Record<string, string | number | boolean | null>;
}

/** A role (Auth0 role, Entra directory role) or a group (Entra group). */
export interface IdpContainerSnapshot {
  externalId: string;
  name: string;
  description: string | null;
  /** Whether holding it makes an account an administrator. */
  privileged: boolean;
}

/** One account's membership in a role or group, added or removed. */
export interface MembershipChange {
  kind: 'role' | 'group';
  containerId: string;
  accountId: string;
  removed: boolean;
}

/** One sign-in attempt at the provider. */
export interface IdpSignIn {
  /** Auth0 `log_id`, Entra sign-in `id`. */
  externalId: string;
  /** The account signing in; null when the provider names none (an unknown user name). */
  accountId: string | null;
  /** The user name tried, for sign-ins of unknown accounts. */
  userName: string | null;
  occurredAt: Date;
  succeeded: boolean;
  /** The provider's reason for a failure, e.g. `wrong_password` / `50126: Invalid password`. */
  failureReason: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  /** Whether a second factor was completed (Auth0 `gd_auth_succeed` just before; Entra `mfaDetail`). */
  mfa: boolean;
}

/**
 * Where a sync stopped reading, per stream; opaque to everything but the adapter that wrote it
 * (Auth0: the last `updated_at` and `log_id`; Entra: delta links and the last sign-in time).
 */
export type SyncCursor = Record<string, string>;

/** What one read of a provider found: all of it (full) or what changed since the cursor. */
export interface DirectoryChanges {
  /** Full reads replace the stored directory; incremental reads patch it. */
  full: boolean;
  accounts: IdpAccountSnapshot[];
  removedAccountIds: string[];
  /** Every role and group when `full` or when they changed; else none. */
  containers?: { roles: IdpContainerSnapshot[]; groups: IdpContainerSnapshot[] };
  /** When `full`: every membership (removed: false). Else the net changes. */
  memberships: MembershipChange[];
  /**
   * Accounts whose role memberships were read again in full (Auth0, after a role change in the
   * logs): their stored role memberships are replaced by the ones in `memberships`.
   */
  rolesReplacedFor: string[];
  signIns: IdpSignIn[];
  /** Where the next incremental read starts. */
  cursor: SyncCursor;
}

/** Progress a reader reports while it reads: the stream and how many items so far. */
export type ReadProgress = (stream: string, items: number) => void;

/** Reads one identity provider. Throws ProviderError (libs/connectors). */
export interface DirectoryReader<A extends IdpAccess = IdpAccess> {
  readonly provider: A['provider'];
  /** Everything when `cursor` is null, else what changed after it. */
  read(access: A, cursor: SyncCursor | null, progress: ReadProgress): Promise<DirectoryChanges>;
}

/** A governance change at a provider, by ids the provider knows. */
export type IdpChange =
  | { kind: 'set_enabled'; accountId: string; enabled: boolean }
  | {
      kind: 'add_membership' | 'remove_membership';
      container: 'role' | 'group';
      containerId: string;
      accountId: string;
    }
  | { kind: 'create_account'; email: string; displayName: string };

/** Makes a change at a provider and reads the account again to prove it took. */
export interface DirectoryWriter<A extends IdpAccess = IdpAccess> {
  readonly provider: A['provider'];
  /**
   * Applies the change, then reads the account back; throws ProviderError `conflict`
   * (`verificationFailed`) when the read does not show it. Returns the account as read.
   * Applying a change already in place (a blocked user blocked again) succeeds.
   */
  apply(access: A, change: IdpChange): Promise<IdpAccountSnapshot>;
}
