import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type {
  DirectorySnapshot,
  SnapshotAccount,
  SnapshotContainer,
  SnapshotMembership,
} from './directory-snapshot';
import {
  computeFindings,
  DEFAULT_FINDING_PARAMETERS,
  type Finding,
  FINDING_KINDS,
  type FindingParameters,
} from './finding-rules';
import { findingPoints, riskScores } from './risk-score';

const REPO = resolve(__dirname, '../../../..');
const ESTATE = join(REPO, 'tools/sandbox/identity/estate.mjs');

// ---------------------------------------------------------------- the estate, as JSON

interface EstateJson {
  people: { key: string; email: string; leftAt: string | null }[];
  auth0: {
    users: {
      user_id: string;
      email: string | null;
      email_verified: boolean;
      blocked?: boolean;
      created_at: string | null;
      last_login?: string | null;
      personKey: string | null;
    }[];
    roles: { id: string; name: string; privileged: boolean }[];
    userRoles: { user_id: string; role_id: string }[];
    logs: { type: string; user_id?: string }[];
  };
  entra: {
    users: {
      id: string;
      mail: string | null;
      accountEnabled: boolean;
      createdDateTime: string | null;
      lastSignInDateTime?: string | null;
      personKey: string | null;
    }[];
    groups: { id: string; displayName: string }[];
    memberships: { groupId: string; userId: string }[];
    directoryRoles: { id: string; displayName: string }[];
    roleMembers: { roleId: string; userId: string }[];
    mfaRegistration: { id: string; isMfaRegistered: boolean }[];
  };
  groundTruth: {
    parameters: FindingParameters & { asOf: string };
    findings: { kind: string; idp: string; accountId: string; personKey: string | null }[];
  };
}

function generateEstate(args: string[]): EstateJson {
  const dir = mkdtempSync(join(tmpdir(), 'hof-estate-'));
  try {
    execFileSync(process.execPath, [ESTATE, '--out', dir, ...args], { stdio: 'pipe' });
    return JSON.parse(readFileSync(join(dir, 'estate.json'), 'utf8')) as EstateJson;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const date = (s: string | null | undefined): Date | null => (s == null ? null : new Date(s));

/**
 * The snapshot the directory tables would hold after syncing the estate. People are linked
 * as the product links them: by lower-cased verified e-mail (Auth0 `email_verified`, Entra
 * `mail` set); personKey is NOT used (the product never sees it).
 */
function snapshotOf(estate: EstateJson): DirectorySnapshot {
  const people = new Map<string, string>();
  const personOf = (email: string | null, verified: boolean): string | null => {
    if (!verified || email === null) return null;
    const e = email.toLowerCase();
    let id = people.get(e);
    if (!id) people.set(e, (id = `person-${people.size + 1}`));
    return id;
  };
  const mfaUsed = new Set(
    estate.auth0.logs.filter((l) => l.type === 'gd_auth_succeed').map((l) => l.user_id),
  );
  const mfaRegistered = new Map(estate.entra.mfaRegistration.map((r) => [r.id, r.isMfaRegistered]));
  const accounts: SnapshotAccount[] = [
    ...estate.auth0.users.map((u): SnapshotAccount => ({
      idp: 'auth0',
      externalId: u.user_id,
      personId: personOf(u.email, u.email_verified),
      email: u.email?.toLowerCase() ?? null,
      emailVerified: u.email_verified,
      enabled: !u.blocked,
      createdAt: date(u.created_at),
      lastSignInAt: date(u.last_login),
      mfaRegistered: null,
      mfaUsed: mfaUsed.has(u.user_id),
    })),
    ...estate.entra.users.map((u): SnapshotAccount => ({
      idp: 'entra',
      externalId: u.id,
      personId: personOf(u.mail, u.mail !== null),
      email: u.mail?.toLowerCase() ?? null,
      emailVerified: u.mail !== null,
      enabled: u.accountEnabled,
      createdAt: date(u.createdDateTime),
      lastSignInAt: date(u.lastSignInDateTime),
      mfaRegistered: mfaRegistered.get(u.id) ?? null,
      mfaUsed: false,
    })),
  ];
  const containers: SnapshotContainer[] = [
    ...estate.auth0.roles.map((r): SnapshotContainer => ({
      idp: 'auth0',
      kind: 'role',
      externalId: r.id,
      name: r.name,
      privileged: r.privileged,
    })),
    ...estate.entra.directoryRoles.map((r): SnapshotContainer => ({
      idp: 'entra',
      kind: 'role',
      externalId: r.id,
      name: r.displayName,
      privileged: true,
    })),
    // Groups, some of them "privileged" by name (Domain Admins…): they never make a role holder.
    ...estate.entra.groups.map((g): SnapshotContainer => ({
      idp: 'entra',
      kind: 'group',
      externalId: g.id,
      name: g.displayName,
      privileged: /admin|owner|break glass/i.test(g.displayName),
    })),
  ];
  const memberships: SnapshotMembership[] = [
    ...estate.auth0.userRoles.map((m): SnapshotMembership => ({
      idp: 'auth0',
      kind: 'role',
      containerId: m.role_id,
      accountId: m.user_id,
    })),
    ...estate.entra.roleMembers.map((m): SnapshotMembership => ({
      idp: 'entra',
      kind: 'role',
      containerId: m.roleId,
      accountId: m.userId,
    })),
    ...estate.entra.memberships.map((m): SnapshotMembership => ({
      idp: 'entra',
      kind: 'group',
      containerId: m.groupId,
      accountId: m.userId,
    })),
  ];
  return { accounts, containers, memberships };
}

const triple = (f: { kind: string; idp: string; accountId: string }): string =>
  `${f.kind} ${f.idp} ${f.accountId}`;

describe.each([
  { name: 'default estate (seed 7, 500 people)', args: [] as string[] },
  { name: 'seed 11, 300 people', args: ['--seed', '11', '--people', '300'] },
])('computeFindings against the identity estate: $name', ({ args }) => {
  let estate: EstateJson;
  let snapshot: DirectorySnapshot;
  let findings: Finding[];

  beforeAll(() => {
    estate = generateEstate(args);
    snapshot = snapshotOf(estate);
    const { asOf, ...parameters } = estate.groundTruth.parameters;
    expect({
      staleDays: parameters.staleDays,
      dormantPrivilegedDays: parameters.dormantPrivilegedDays,
      unusedPrivilegedRoleDays: parameters.unusedPrivilegedRoleDays,
    }).toEqual(DEFAULT_FINDING_PARAMETERS);
    findings = computeFindings(snapshot, DEFAULT_FINDING_PARAMETERS, new Date(asOf));
  });

  it('links accounts to people exactly as the estate’s personKey does', () => {
    const keyOf = new Map<string, string | null>();
    for (const u of estate.auth0.users) keyOf.set(`auth0 ${u.user_id}`, u.personKey);
    for (const u of estate.entra.users) keyOf.set(`entra ${u.id}`, u.personKey);
    const personByKey = new Map<string, string>();
    const keyByPerson = new Map<string, string>();
    for (const a of snapshot.accounts) {
      const pk = keyOf.get(`${a.idp} ${a.externalId}`) ?? null;
      expect(a.personId === null).toBe(pk === null);
      if (pk === null || a.personId === null) continue;
      expect(personByKey.get(pk) ?? a.personId).toBe(a.personId);
      expect(keyByPerson.get(a.personId) ?? pk).toBe(pk);
      personByKey.set(pk, a.personId);
      keyByPerson.set(a.personId, pk);
    }
  });

  it('finds exactly the ground truth’s findings', () => {
    const got = findings.map(triple).sort();
    const want = estate.groundTruth.findings.map(triple).sort();
    expect(got).toEqual(want);
    expect(new Set(got).size).toBe(got.length);
  });

  it('names a person iff the ground truth names one', () => {
    const truth = new Map(estate.groundTruth.findings.map((f) => [triple(f), f.personKey]));
    for (const f of findings) expect(f.personId === null).toBe(truth.get(triple(f)) == null);
  });

  it('has at least 3 findings of every kind, each with a severity and a sentence', () => {
    for (const kind of FINDING_KINDS)
      expect(findings.filter((f) => f.kind === kind).length).toBeGreaterThanOrEqual(3);
    for (const f of findings) {
      expect(['low', 'medium', 'high', 'critical']).toContain(f.severity);
      expect(f.summary).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('leaver drift needs no leaving date here: every drift case is a real leaver', () => {
    // The product has no leftAt; the estate's drift findings must all belong to leavers and
    // no non-leaver may have a disabled and an enabled account across the IdPs.
    const leftAt = new Map(estate.people.map((p) => [p.key, p.leftAt]));
    for (const f of estate.groundTruth.findings.filter((g) => g.kind === 'leaver_drift'))
      expect(leftAt.get(f.personKey ?? '')).toBeTruthy();
  });

  it('scores people from their findings, within 0–100', () => {
    const scores = riskScores(findings);
    const people = new Set(findings.flatMap((f) => (f.personId ? [f.personId] : [])));
    expect(new Set(scores.keys())).toEqual(people);
    for (const r of scores.values()) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(100);
      expect(r.findings).toBeGreaterThan(0);
    }
  });
});

// ---------------------------------------------------------------- edge cases

describe('computeFindings edge cases', () => {
  const asOf = new Date('2026-11-30T00:00:00.000Z');
  const DAY = 86_400_000;
  const ago = (days: number, ms = 0): Date => new Date(asOf.getTime() - days * DAY - ms);
  const P = DEFAULT_FINDING_PARAMETERS;

  let n = 0;
  function account(over: Partial<SnapshotAccount> = {}): SnapshotAccount {
    n += 1;
    return {
      idp: 'auth0',
      externalId: `auth0|u${n}`,
      personId: `person-${n}`,
      email: `u${n}@acme.example`,
      emailVerified: true,
      enabled: true,
      createdAt: ago(400),
      lastSignInAt: ago(1),
      mfaRegistered: null,
      mfaUsed: true,
      ...over,
    };
  }
  const adminRole: SnapshotContainer = {
    idp: 'auth0',
    kind: 'role',
    externalId: 'rol_admin',
    name: 'Tenant Admin',
    privileged: true,
  };
  const viewerRole: SnapshotContainer = {
    ...adminRole,
    externalId: 'rol_viewer',
    name: 'Viewer',
    privileged: false,
  };
  const globalAdmin: SnapshotContainer = {
    idp: 'entra',
    kind: 'role',
    externalId: 'role-ga',
    name: 'Global Administrator',
    privileged: true,
  };
  const adminGroup: SnapshotContainer = {
    idp: 'entra',
    kind: 'group',
    externalId: 'grp-domain-admins',
    name: 'Domain Admins',
    privileged: true,
  };
  const holds = (c: SnapshotContainer, a: SnapshotAccount): SnapshotMembership => ({
    idp: c.idp,
    kind: c.kind,
    containerId: c.externalId,
    accountId: a.externalId,
  });
  const run = (
    snapshot: Partial<DirectorySnapshot>,
    parameters: FindingParameters = P,
  ): Finding[] =>
    computeFindings(
      { accounts: [], containers: [], memberships: [], ...snapshot },
      parameters,
      asOf,
    );
  const kinds = (fs: Finding[]): string[] => fs.map((f) => `${f.kind} ${f.accountId}`).sort();

  it('finds nothing in an empty directory', () => {
    expect(run({})).toEqual([]);
  });

  it('stale: strictly more than staleDays, for both creation and last sign-in', () => {
    const exactly = account({ lastSignInAt: ago(90) });
    const justOver = account({ lastSignInAt: ago(90, 1) });
    const never = account({ lastSignInAt: null, createdAt: ago(412) });
    const young = account({ lastSignInAt: null, createdAt: ago(90) });
    const youngJustOver = account({ lastSignInAt: null, createdAt: ago(90, 1) });
    const unknownCreation = account({ lastSignInAt: null, createdAt: null });
    const disabled = account({ lastSignInAt: null, enabled: false });
    const fs = run({
      accounts: [exactly, justOver, never, young, youngJustOver, unknownCreation, disabled],
    });
    expect(kinds(fs.filter((f) => f.kind === 'stale_account'))).toEqual(
      kinds(
        [justOver, never, youngJustOver, unknownCreation].map((a) => ({
          kind: 'stale_account',
          accountId: a.externalId,
        })) as Finding[],
      ),
    );
    const neverFinding = fs.find((f) => f.accountId === never.externalId);
    expect(neverFinding?.summary).toBe('Enabled for 412 days and never signed in.');
    expect(neverFinding?.severity).toBe('medium');
    expect(fs.find((f) => f.accountId === justOver.externalId)?.summary).toBe(
      'Enabled for 400 days and last signed in 90 days ago.',
    );
  });

  it('admin without MFA: Auth0 by MFA use, Entra by registration; unknown registration is no finding', () => {
    const a0NoMfa = account({ mfaUsed: false });
    const a0Mfa = account({ mfaUsed: true });
    const a0NoMfaDisabled = account({ mfaUsed: false, enabled: false });
    const a0NoMfaViewer = account({ mfaUsed: false });
    const enNo = account({
      idp: 'entra',
      externalId: 'en-no',
      mfaRegistered: false,
      mfaUsed: false,
    });
    const enYes = account({
      idp: 'entra',
      externalId: 'en-yes',
      mfaRegistered: true,
      mfaUsed: false,
    });
    const enUnknown = account({ idp: 'entra', externalId: 'en-unk', mfaRegistered: null });
    const enGroupOnly = account({ idp: 'entra', externalId: 'en-grp', mfaRegistered: false });
    const fs = run({
      accounts: [
        a0NoMfa,
        a0Mfa,
        a0NoMfaDisabled,
        a0NoMfaViewer,
        enNo,
        enYes,
        enUnknown,
        enGroupOnly,
      ],
      containers: [adminRole, viewerRole, globalAdmin, adminGroup],
      memberships: [
        holds(adminRole, a0NoMfa),
        holds(adminRole, a0Mfa),
        holds(adminRole, a0NoMfaDisabled),
        holds(viewerRole, a0NoMfaViewer),
        holds(globalAdmin, enNo),
        holds(globalAdmin, enYes),
        holds(globalAdmin, enUnknown),
        holds(adminGroup, enGroupOnly),
      ],
    });
    expect(
      fs
        .filter((f) => f.kind === 'admin_without_mfa')
        .map((f) => f.accountId)
        .sort(),
    ).toEqual([a0NoMfa.externalId, 'en-no'].sort());
    expect(fs.find((f) => f.kind === 'admin_without_mfa' && f.idp === 'entra')?.summary).toBe(
      'Holds “Global Administrator” and has no MFA method registered.',
    );
  });

  it('dormant privileged: strictly more than dormantPrivilegedDays; enabled holders of privileged roles only', () => {
    const exactly = account({ lastSignInAt: ago(30) });
    const justOver = account({ lastSignInAt: ago(30, 1) });
    const never = account({ lastSignInAt: null });
    const disabled = account({ lastSignInAt: null, enabled: false });
    const viewer = account({ lastSignInAt: null });
    const groupOnly = account({ idp: 'entra', externalId: 'en-grp', lastSignInAt: null });
    const fs = run({
      accounts: [exactly, justOver, never, disabled, viewer, groupOnly],
      containers: [adminRole, viewerRole, adminGroup],
      memberships: [
        holds(adminRole, exactly),
        holds(adminRole, justOver),
        holds(adminRole, never),
        holds(adminRole, disabled),
        holds(viewerRole, viewer),
        holds(adminGroup, groupOnly),
      ],
    });
    expect(
      fs
        .filter((f) => f.kind === 'dormant_privileged')
        .map((f) => f.accountId)
        .sort(),
    ).toEqual([justOver.externalId, never.externalId].sort());
    expect(
      fs.find((f) => f.kind === 'dormant_privileged' && f.accountId === never.externalId)?.summary,
    ).toBe('Holds “Tenant Admin” and never signed in.');
  });

  it('leaver drift: one finding per still-enabled account of a person disabled in the other IdP', () => {
    const drift0 = account({ personId: 'p-drift' });
    const drift1 = account({
      idp: 'entra',
      externalId: 'en-drift',
      personId: 'p-drift',
      enabled: false,
    });
    const gone0 = account({ personId: 'p-gone', enabled: false });
    const gone1 = account({
      idp: 'entra',
      externalId: 'en-gone',
      personId: 'p-gone',
      enabled: false,
    });
    const here0 = account({ personId: 'p-here' });
    const here1 = account({ idp: 'entra', externalId: 'en-here', personId: 'p-here' });
    // Two Auth0 accounts of one person, one disabled, no Entra account: not drift across IdPs.
    const one0 = account({ personId: 'p-one' });
    const one1 = account({ personId: 'p-one', enabled: false });
    const fs = run({ accounts: [drift0, drift1, gone0, gone1, here0, here1, one0, one1] });
    const drift = fs.filter((f) => f.kind === 'leaver_drift');
    expect(drift.map((f) => [f.accountId, f.personId])).toEqual([[drift0.externalId, 'p-drift']]);
    expect(drift[0]?.summary).toBe(
      "Still enabled in Auth0 although the same person's account is disabled in Entra ID.",
    );
  });

  it('unlinked: every account without a person, enabled or not', () => {
    const unverified = account({ personId: null, emailVerified: false, email: 'qa@acme.example' });
    const noMail = account({
      idp: 'entra',
      externalId: 'svc',
      personId: null,
      email: null,
      emailVerified: false,
      enabled: false,
    });
    const fs = run({ accounts: [unverified, noMail, account()] });
    expect(
      fs
        .filter((f) => f.kind === 'unlinked_account')
        .map((f) => [f.accountId, f.personId, f.summary]),
    ).toEqual([
      [
        unverified.externalId,
        null,
        'Not linked to a person: its e-mail qa@acme.example is not verified.',
      ],
      ['svc', null, 'Not linked to a person: the account has no e-mail.'],
    ]);
  });

  it('unused privileged role: holders (disabled included), none recent; no holders is no finding', () => {
    const old = account({ lastSignInAt: ago(90, 1), enabled: false });
    const never = account({ lastSignInAt: null });
    const edge = account({ lastSignInAt: ago(90) });
    const unused: SnapshotContainer = {
      ...adminRole,
      externalId: 'rol_unused',
      name: 'Billing Admin',
    };
    const usedByDisabled: SnapshotContainer = {
      ...adminRole,
      externalId: 'rol_used',
      name: 'User Manager',
    };
    const empty: SnapshotContainer = { ...adminRole, externalId: 'rol_empty', name: 'Empty' };
    const notPrivileged: SnapshotContainer = { ...viewerRole, externalId: 'rol_np' };
    const recentDisabled = account({ lastSignInAt: ago(1), enabled: false });
    const fs = run({
      accounts: [old, never, edge, recentDisabled],
      containers: [unused, usedByDisabled, empty, notPrivileged, adminGroup],
      memberships: [
        holds(unused, old),
        holds(unused, never),
        holds(usedByDisabled, old),
        holds(usedByDisabled, edge),
        holds(notPrivileged, never),
        holds(adminGroup, { ...never, externalId: 'x' }),
        // A membership naming an account the snapshot does not hold is ignored.
        { idp: 'auth0', kind: 'role', containerId: 'rol_empty', accountId: 'auth0|missing' },
      ],
    });
    const roles = fs.filter((f) => f.kind === 'unused_privileged_role');
    expect(roles.map((f) => [f.idp, f.accountId, f.personId])).toEqual([
      ['auth0', 'rol_unused', null],
    ]);
    expect(roles[0]?.summary).toBe(
      'Privileged role “Billing Admin” is held by 2 accounts, none of which signed in within the last 90 days.',
    );
    // A disabled holder who signed in recently keeps the role "used".
    const fs2 = run({
      accounts: [recentDisabled],
      containers: [unused],
      memberships: [holds(unused, recentDisabled)],
    });
    expect(fs2.filter((f) => f.kind === 'unused_privileged_role')).toEqual([]);
  });

  it('takes its thresholds from the parameters', () => {
    const a = account({ lastSignInAt: ago(10) });
    const p = { ...P, staleDays: 5, dormantPrivilegedDays: 5, unusedPrivilegedRoleDays: 5 };
    const fs = run(
      { accounts: [a], containers: [adminRole], memberships: [holds(adminRole, a)] },
      p,
    );
    expect(fs.map((f) => f.kind).sort()).toEqual([
      'dormant_privileged',
      'stale_account',
      'unused_privileged_role',
    ]);
  });
});

describe('riskScores', () => {
  const f = (over: Partial<Finding>): Finding => ({
    kind: 'stale_account',
    idp: 'auth0',
    accountId: 'a',
    personId: 'p1',
    severity: 'low',
    summary: 'x.',
    ...over,
  });

  it('weights by kind and severity, skips findings without a person and caps at 100', () => {
    expect(findingPoints({ kind: 'stale_account', severity: 'low' })).toBe(4);
    expect(findingPoints({ kind: 'leaver_drift', severity: 'critical' })).toBe(75);
    expect(findingPoints({ kind: 'unused_privileged_role', severity: 'medium' })).toBe(0);
    const scores = riskScores([
      f({}),
      f({ kind: 'admin_without_mfa', severity: 'critical' }),
      f({ personId: 'p2', kind: 'leaver_drift', severity: 'critical' }),
      f({ personId: 'p2', kind: 'admin_without_mfa', severity: 'critical' }),
      f({ personId: 'p2', kind: 'dormant_privileged', severity: 'high' }),
      f({ personId: null, kind: 'unlinked_account' }),
      f({ personId: null, kind: 'unused_privileged_role', severity: 'medium' }),
    ]);
    expect([...scores.entries()]).toEqual([
      ['p1', { score: 4 + 63, findings: 2 }],
      ['p2', { score: 100, findings: 3 }],
    ]);
  });
});
