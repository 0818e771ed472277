/**
 * The directory as the governance rules see it: one row per account, role/group and
 * membership, across both identity providers. Built from the directory tables; pure data.
 */

export type SnapshotIdp = 'auth0' | 'entra';

export interface SnapshotAccount {
  idp: SnapshotIdp;
  /** Auth0 `user_id`, Entra object `id`. */
  externalId: string;
  /** The person the account is linked to by verified e-mail; null when it cannot be linked. */
  personId: string | null;
  email: string | null;
  emailVerified: boolean;
  enabled: boolean;
  createdAt: Date | null;
  /** Last successful sign-in; null when never. */
  lastSignInAt: Date | null;
  /** Entra's MFA registration; null when the provider does not say (Auth0). */
  mfaRegistered: boolean | null;
  /** A sign-in with a completed second factor was seen (Auth0 logs). */
  mfaUsed: boolean;
}

export interface SnapshotContainer {
  idp: SnapshotIdp;
  /** Auth0 roles and Entra directory roles are `role`; Entra groups are `group`. */
  kind: 'role' | 'group';
  externalId: string;
  name: string;
  /** Whether holding it makes an account an administrator (every Entra directory role is). */
  privileged: boolean;
}

export interface SnapshotMembership {
  idp: SnapshotIdp;
  kind: 'role' | 'group';
  containerId: string;
  accountId: string;
}

export interface DirectorySnapshot {
  accounts: SnapshotAccount[];
  containers: SnapshotContainer[];
  memberships: SnapshotMembership[];
}
