import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  AccountBreakers,
  type EntraAccountAccess,
  GraphClientPool,
  ProviderError,
} from '@codex/connectors';
import { GRAPH_SANDBOX, type IdentitySandboxes, startIdentitySandboxes } from '@codex/testing';

import type { DirectoryChanges, SyncCursor } from '../../directory/ports';
import { DEFAULT_PRIVILEGED_GROUP_NAMES, EntraDirectoryReader } from './entra-directory-reader';
import { EntraDirectoryWriter } from './entra-directory-writer';

interface Estate {
  entra: {
    users: {
      id: string;
      mail: string | null;
      accountEnabled: boolean;
      lastSignInDateTime?: string | null;
    }[];
    groups: { id: string; displayName: string }[];
    memberships: { groupId: string; userId: string }[];
    directoryRoles: { id: string }[];
    roleMembers: { roleId: string; userId: string }[];
    mfaRegistration: { id: string; isMfaRegistered: boolean }[];
    signIns: { id: string; status: { errorCode: number }; mfaDetail: unknown }[];
  };
}

/** The sandbox's estate (defaults), computed by the estate's own generator. */
function loadEstate(): Estate {
  const out = mkdtempSync(join(tmpdir(), 'entra-estate-'));
  try {
    const root = join(__dirname, '../../../../..');
    execFileSync(process.execPath, [join(root, 'tools/sandbox/identity/estate.mjs'), '--out', out]);
    return JSON.parse(readFileSync(join(out, 'estate.json'), 'utf8')) as Estate;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('EntraDirectoryReader against the Graph sandbox', () => {
  let sandboxes: IdentitySandboxes;
  let pool: GraphClientPool;
  let breakers: AccountBreakers;
  let reader: EntraDirectoryReader;
  let writer: EntraDirectoryWriter;
  let estate: Estate;
  let access: EntraAccountAccess;
  const noProgress = () => undefined;

  beforeAll(async () => {
    estate = loadEstate();
    sandboxes = await startIdentitySandboxes({});
    access = {
      provider: 'entra',
      accountId: GRAPH_SANDBOX.tenantId,
      regions: [],
      endpoint: sandboxes.graph.url,
      authorityHost: sandboxes.graph.authority,
      credentials: {
        kind: 'client-secret',
        clientId: GRAPH_SANDBOX.clientId,
        clientSecret: GRAPH_SANDBOX.clientSecret,
      },
    };
    breakers = new AccountBreakers();
    pool = new GraphClientPool(breakers);
    reader = new EntraDirectoryReader(pool);
    writer = new EntraDirectoryWriter(pool);
  });

  beforeEach(async () => {
    await sandboxes.graph.reset();
  });

  afterAll(async () => {
    breakers?.shutdown();
    pool?.destroy();
    await sandboxes?.stop();
  });

  it('reads the whole directory: accounts, groups, roles, memberships, MFA and sign-ins', async () => {
    const streams = new Map<string, number>();
    const changes = await reader.read(access, null, (stream, items) => {
      streams.set(stream, items);
    });
    const { entra } = estate;

    expect(changes.full).toBe(true);
    expect(changes.accounts).toHaveLength(entra.users.length);
    expect(changes.removedAccountIds).toEqual([]);
    expect(changes.rolesReplacedFor).toEqual([]);

    const byId = new Map(changes.accounts.map((account) => [account.externalId, account]));
    for (const user of entra.users) {
      const account = byId.get(user.id);
      expect(account).toBeDefined();
      expect(account?.email).toBe(user.mail?.toLowerCase() ?? null);
      expect(account?.emailVerified).toBe(user.mail !== null);
      expect(account?.enabled).toBe(user.accountEnabled);
      expect(account?.lastSignInAt?.toISOString() ?? null).toBe(user.lastSignInDateTime ?? null);
    }
    const registered = new Map(entra.mfaRegistration.map((r) => [r.id, r.isMfaRegistered]));
    expect(changes.accounts.filter((a) => a.mfaRegistered === true)).toHaveLength(
      entra.mfaRegistration.filter((r) => r.isMfaRegistered).length,
    );
    for (const account of changes.accounts) {
      expect(account.mfaRegistered).toBe(registered.get(account.externalId) ?? null);
    }

    expect(changes.containers?.groups).toHaveLength(34);
    expect(changes.containers?.roles).toHaveLength(6);
    expect(changes.containers?.roles.every((role) => role.privileged)).toBe(true);
    expect(
      changes.containers?.groups
        .filter((group) => group.privileged)
        .map((group) => group.name)
        .sort(),
    ).toEqual([...DEFAULT_PRIVILEGED_GROUP_NAMES].sort());

    const groupPairs = changes.memberships
      .filter((m) => m.kind === 'group')
      .map((m) => `${m.containerId}/${m.accountId}`)
      .sort();
    expect(groupPairs).toEqual(entra.memberships.map((m) => `${m.groupId}/${m.userId}`).sort());
    const rolePairs = changes.memberships
      .filter((m) => m.kind === 'role')
      .map((m) => `${m.containerId}/${m.accountId}`)
      .sort();
    expect(rolePairs).toEqual(entra.roleMembers.map((m) => `${m.roleId}/${m.userId}`).sort());
    expect(changes.memberships.every((m) => !m.removed)).toBe(true);

    expect(changes.signIns).toHaveLength(entra.signIns.length);
    expect(new Set(changes.signIns.map((s) => s.externalId)).size).toBe(entra.signIns.length);
    expect(changes.signIns.filter((s) => s.succeeded)).toHaveLength(
      entra.signIns.filter((s) => s.status.errorCode === 0).length,
    );
    expect(changes.signIns.filter((s) => s.mfa)).toHaveLength(
      entra.signIns.filter((s) => s.mfaDetail).length,
    );
    const failed = changes.signIns.find((s) => !s.succeeded);
    expect(failed?.failureReason).toMatch(/^\d+: /);
    for (let i = 1; i < changes.signIns.length; i += 1) {
      expect(changes.signIns[i]!.occurredAt.getTime()).toBeGreaterThanOrEqual(
        changes.signIns[i - 1]!.occurredAt.getTime(),
      );
    }

    expect(streams.get('accounts')).toBe(entra.users.length);
    expect(streams.get('groups')).toBe(34);
    expect(streams.get('signIns')).toBe(entra.signIns.length);
    expect(Object.keys(changes.cursor).sort()).toEqual(
      [
        'groupsDelta',
        'roleMembers',
        'rolesDigest',
        'signInIdsAt',
        'signInsAfter',
        'usersDelta',
      ].sort(),
    );
  });

  it('reads nothing new with four requests when nothing changed', async () => {
    const full = await reader.read(access, null, noProgress);
    await sandboxes.graph.clearRequests();
    const changes = await reader.read(access, full.cursor, noProgress);
    expect(await sandboxes.graph.requests()).toEqual({
      'GET /v1.0/users/delta': 1,
      'GET /v1.0/groups/delta': 1,
      'GET /v1.0/directoryRoles': 1,
      'GET /v1.0/auditLogs/signIns': 1,
    });
    expect(changes).toMatchObject({
      full: false,
      accounts: [],
      removedAccountIds: [],
      memberships: [],
      rolesReplacedFor: [],
      signIns: [],
    });
    expect(changes.containers).toBeUndefined();
    expect(changes.cursor.signInsAfter).toBe(full.cursor.signInsAfter);
  });

  it('reads exactly a disabled user, a member added and removed, and a new user', async () => {
    const full = await reader.read(access, null, noProgress);
    const { entra } = estate;
    const enabledUser = entra.users.find((u) => u.accountEnabled)!;
    const [group, other] = entra.groups;
    const members = new Set(
      entra.memberships.filter((m) => m.groupId === group!.id).map((m) => m.userId),
    );
    const joiner = entra.users.find((u) => !members.has(u.id))!;
    const leaver = entra.memberships.find((m) => m.groupId === other!.id)!;

    await writer.apply(access, { kind: 'set_enabled', accountId: enabledUser.id, enabled: false });
    await writer.apply(access, {
      kind: 'add_membership',
      container: 'group',
      containerId: group!.id,
      accountId: joiner.id,
    });
    await writer.apply(access, {
      kind: 'remove_membership',
      container: 'group',
      containerId: other!.id,
      accountId: leaver.userId,
    });
    const created = await writer.apply(access, {
      kind: 'create_account',
      email: 'new.hire@acme.example',
      displayName: 'New Hire',
    });

    await sandboxes.graph.clearRequests();
    const changes = await reader.read(access, full.cursor, noProgress);

    expect(changes.full).toBe(false);
    expect(changes.accounts.map((a) => a.externalId).sort()).toEqual(
      [enabledUser.id, created.externalId].sort(),
    );
    const disabled = changes.accounts.find((a) => a.externalId === enabledUser.id);
    expect(disabled).toMatchObject({ enabled: false, lastSignInAt: null });
    expect(changes.accounts.find((a) => a.externalId === created.externalId)).toMatchObject({
      email: 'new.hire@acme.example',
      enabled: true,
      displayName: 'New Hire',
    });
    expect(changes.removedAccountIds).toEqual([]);
    expect(changes.memberships).toEqual(
      expect.arrayContaining([
        { kind: 'group', containerId: group!.id, accountId: joiner.id, removed: false },
        { kind: 'group', containerId: other!.id, accountId: leaver.userId, removed: true },
      ]),
    );
    expect(changes.memberships).toHaveLength(2);
    expect(changes.containers).toBeUndefined();
    expect(changes.signIns).toEqual([]);
    const counts = await sandboxes.graph.requests();
    expect(counts['GET /v1.0/reports/authenticationMethods/userRegistrationDetails/{id}']).toBe(2);

    // And then nothing again.
    const again = await reader.read(access, changes.cursor, noProgress);
    expect(again).toMatchObject({ accounts: [], memberships: [], signIns: [] });
  });

  it('reports a deleted user as removed', async () => {
    const full = await reader.read(access, null, noProgress);
    const user = estate.entra.users[3]!;
    await pool.client(access).api(`users/${user.id}`).delete();
    const changes = await reader.read(access, full.cursor, noProgress);
    expect(changes.removedAccountIds).toEqual([user.id]);
    expect(changes.accounts).toEqual([]);
  });

  it('reads everything again when Graph no longer knows the delta token (410)', async () => {
    const full = await reader.read(access, null, noProgress);
    await sandboxes.graph.reset(); // a new seed epoch: older tokens are SyncStateNotFound
    const changes: DirectoryChanges = await reader.read(access, full.cursor, noProgress);
    expect(changes.full).toBe(true);
    expect(changes.accounts).toHaveLength(estate.entra.users.length);
    expect(changes.cursor.usersDelta).not.toBe(full.cursor.usersDelta);
  });

  it('throws ProviderError for a refused directory', async () => {
    const refused = await reader
      .read(
        {
          ...access,
          credentials: {
            ...access.credentials,
            clientSecret: 'wrong',
          } as typeof access.credentials,
        },
        null as SyncCursor | null,
        noProgress,
      )
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProviderError);
    expect(refused).toMatchObject({ code: 'denied' });
  });
});
