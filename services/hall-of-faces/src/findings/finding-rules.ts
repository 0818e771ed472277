import type {
  DirectorySnapshot,
  SnapshotAccount,
  SnapshotContainer,
  SnapshotIdp,
} from './directory-snapshot';

/** The kinds of identity-governance findings, in the order they are reported. */
export const FINDING_KINDS = [
  'stale_account',
  'admin_without_mfa',
  'dormant_privileged',
  'leaver_drift',
  'unlinked_account',
  'unused_privileged_role',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type FindingSeverity = 'low' | 'medium' | 'high' | 'critical';

export interface Finding {
  kind: FindingKind;
  idp: SnapshotIdp;
  /** The account's external id; for `unused_privileged_role` the role's external id. */
  accountId: string;
  /** The person the account is linked to; null for unlinked accounts and for roles. */
  personId: string | null;
  severity: FindingSeverity;
  /** One sentence for people, e.g. "Enabled for 412 days and never signed in". */
  summary: string;
}

export interface FindingParameters {
  /** An enabled account older than this with no sign-in for this long is stale. */
  staleDays: number;
  /** A privileged account with no sign-in for this long is dormant. */
  dormantPrivilegedDays: number;
  /** A privileged role none of whose holders signed in for this long is unused. */
  unusedPrivilegedRoleDays: number;
}

export const DEFAULT_FINDING_PARAMETERS: Readonly<FindingParameters> = Object.freeze({
  staleDays: 90,
  dormantPrivilegedDays: 30,
  unusedPrivilegedRoleDays: 90,
});

const DAY_MS = 86_400_000;

const IDP_NAME: Record<SnapshotIdp, string> = { auth0: 'Auth0', entra: 'Entra ID' };

const key = (idp: SnapshotIdp, id: string): string => `${idp}\u0000${id}`;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The governance findings of a directory at `asOf`. Pure: reads only its arguments.
 *
 * "More than N days before asOf" is strict: a sign-in exactly N days before `asOf` is
 * still recent. A null last sign-in means never. Only containers of kind `role` with
 * `privileged` make an account privileged; groups never do. Memberships naming an
 * account or role not in the snapshot are ignored.
 *
 * - `stale_account`: an enabled account created more than `staleDays` before `asOf` (or
 *   at an unknown date) whose last sign-in is null or more than `staleDays` before.
 * - `admin_without_mfa`: an enabled account holding a privileged role without MFA: Auth0
 *   `mfaUsed === false` (no sign-in with a completed second factor seen), Entra
 *   `mfaRegistered === false` (unknown registration is not a finding).
 * - `dormant_privileged`: an enabled account holding a privileged role whose last sign-in
 *   is null or more than `dormantPrivilegedDays` before `asOf`.
 * - `leaver_drift`: a person with accounts in both IdPs, at least one disabled and at
 *   least one still enabled; one finding per still-enabled account (offboarded in one
 *   IdP only; the directory has no leaving date).
 * - `unlinked_account`: an account with no person (no verified e-mail to link it by).
 * - `unused_privileged_role`: a privileged role with at least one holder (disabled
 *   holders included) none of whom signed in within `unusedPrivilegedRoleDays`.
 */
export function computeFindings(
  snapshot: DirectorySnapshot,
  parameters: FindingParameters,
  asOf: Date,
): Finding[] {
  const now = asOf.getTime();
  const daysAgo = (d: Date): number => Math.floor((now - d.getTime()) / DAY_MS);
  /** Null (never) or more than `days` before asOf. */
  const olderThan = (d: Date | null, days: number): boolean =>
    d === null || d.getTime() < now - days * DAY_MS;
  const lastSignIn = (a: SnapshotAccount): string =>
    a.lastSignInAt === null
      ? 'never signed in'
      : `last signed in ${plural(daysAgo(a.lastSignInAt), 'day')} ago`;

  const accounts = new Map<string, SnapshotAccount>();
  for (const a of snapshot.accounts) accounts.set(key(a.idp, a.externalId), a);

  const privilegedRoles = new Map<string, SnapshotContainer>();
  for (const c of snapshot.containers)
    if (c.kind === 'role' && c.privileged) privilegedRoles.set(key(c.idp, c.externalId), c);

  /** Holders (accounts) per privileged role, and privileged role names per account. */
  const holders = new Map<string, SnapshotAccount[]>();
  const rolesOf = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const m of snapshot.memberships) {
    if (m.kind !== 'role') continue;
    const roleKey = key(m.idp, m.containerId);
    const role = privilegedRoles.get(roleKey);
    const accountKey = key(m.idp, m.accountId);
    const account = accounts.get(accountKey);
    if (!role || !account) continue;
    const pair = `${roleKey}\u0000${m.accountId}`;
    if (seen.has(pair)) continue;
    seen.add(pair);
    let hs = holders.get(roleKey);
    if (!hs) holders.set(roleKey, (hs = []));
    hs.push(account);
    let rs = rolesOf.get(accountKey);
    if (!rs) rolesOf.set(accountKey, (rs = []));
    rs.push(role.name);
  }
  const privilegedRolesOf = (a: SnapshotAccount): string[] =>
    rolesOf.get(key(a.idp, a.externalId)) ?? [];
  const roleList = (names: string[]): string => names.map((n) => `“${n}”`).join(', ');

  const findings: Finding[] = [];
  const push = (
    kind: FindingKind,
    a: SnapshotAccount,
    severity: FindingSeverity,
    summary: string,
  ): void => {
    findings.push({
      kind,
      idp: a.idp,
      accountId: a.externalId,
      personId: a.personId,
      severity,
      summary,
    });
  };

  for (const a of snapshot.accounts) {
    const roles = privilegedRolesOf(a);
    if (
      a.enabled &&
      olderThan(a.createdAt, parameters.staleDays) &&
      olderThan(a.lastSignInAt, parameters.staleDays)
    ) {
      const age =
        a.createdAt === null
          ? 'Enabled (created at an unknown date)'
          : `Enabled for ${plural(daysAgo(a.createdAt), 'day')}`;
      push(
        'stale_account',
        a,
        roles.length ? 'high' : a.lastSignInAt === null ? 'medium' : 'low',
        `${age} and ${lastSignIn(a)}.`,
      );
    }

    if (a.enabled && roles.length) {
      const noMfa = a.idp === 'auth0' ? a.mfaUsed === false : a.mfaRegistered === false;
      if (noMfa)
        push(
          'admin_without_mfa',
          a,
          'critical',
          a.idp === 'auth0'
            ? `Holds ${roleList(roles)} and never completed a second factor when signing in.`
            : `Holds ${roleList(roles)} and has no MFA method registered.`,
        );
      if (olderThan(a.lastSignInAt, parameters.dormantPrivilegedDays))
        push('dormant_privileged', a, 'high', `Holds ${roleList(roles)} and ${lastSignIn(a)}.`);
    }
  }

  // Leaver drift: per person, accounts in both IdPs, some disabled, some still enabled.
  const byPerson = new Map<string, SnapshotAccount[]>();
  for (const a of snapshot.accounts) {
    if (a.personId === null) continue;
    let l = byPerson.get(a.personId);
    if (!l) byPerson.set(a.personId, (l = []));
    l.push(a);
  }
  for (const accs of byPerson.values()) {
    if (!accs.some((a) => a.idp === 'auth0') || !accs.some((a) => a.idp === 'entra')) continue;
    const disabled = accs.filter((a) => !a.enabled);
    if (!disabled.length) continue;
    const where = [...new Set(disabled.map((a) => IDP_NAME[a.idp]))].join(' and ');
    for (const a of accs)
      if (a.enabled)
        push(
          'leaver_drift',
          a,
          privilegedRolesOf(a).length ? 'critical' : 'high',
          `Still enabled in ${IDP_NAME[a.idp]} although the same person's account is disabled in ${where}.`,
        );
  }

  for (const a of snapshot.accounts)
    if (a.personId === null)
      push(
        'unlinked_account',
        a,
        a.enabled && privilegedRolesOf(a).length ? 'medium' : 'low',
        a.email === null
          ? 'Not linked to a person: the account has no e-mail.'
          : `Not linked to a person: its e-mail ${a.email} is not verified.`,
      );

  for (const [roleKey, role] of privilegedRoles) {
    const hs = holders.get(roleKey);
    if (!hs?.length) continue;
    if (hs.some((h) => !olderThan(h.lastSignInAt, parameters.unusedPrivilegedRoleDays))) continue;
    findings.push({
      kind: 'unused_privileged_role',
      idp: role.idp,
      accountId: role.externalId,
      personId: null,
      severity: 'medium',
      summary: `Privileged role “${role.name}” is held by ${plural(hs.length, 'account')}, none of which signed in within the last ${plural(parameters.unusedPrivilegedRoleDays, 'day')}.`,
    });
  }

  return findings;
}
