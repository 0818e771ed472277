import { AccountBreakers, Auth0ClientPool } from '@codex/connectors';
import { type IdentitySandboxes, startIdentitySandboxes } from '@codex/testing';

import type { DirectoryChanges, SyncCursor } from '../../directory/ports';
import { AUTH0_PRIVILEGED_ROLE_NAMES, Auth0DirectoryReader } from '.';
import { type Auth0EstateFacts, auth0EstateFacts, sandboxAccess } from './auth0-estate.fixture';

describe('Auth0DirectoryReader against the Auth0 sandbox', () => {
  let sandboxes: IdentitySandboxes;
  let breakers: AccountBreakers;
  let pool: Auth0ClientPool;
  let reader: Auth0DirectoryReader;
  let estate: Auth0EstateFacts;
  let fullRead: DirectoryChanges;
  const progress: [string, number][] = [];
  const access = () => sandboxAccess(sandboxes.auth0.url);

  beforeAll(async () => {
    estate = auth0EstateFacts();
    sandboxes = await startIdentitySandboxes({});
    breakers = new AccountBreakers();
    pool = new Auth0ClientPool(breakers);
    reader = new Auth0DirectoryReader(pool);
    fullRead = await reader.read(access(), null, (stream, items) => progress.push([stream, items]));
  });

  afterAll(async () => {
    pool?.destroy();
    breakers?.shutdown();
    await sandboxes?.stop();
  });

  it('reads every user once, as the estate has them', () => {
    expect(fullRead.full).toBe(true);
    const ids = fullRead.accounts.map((account) => account.externalId);
    expect(ids).toHaveLength(estate.userIds.length);
    expect(new Set(ids)).toEqual(new Set(estate.userIds));
    for (const account of fullRead.accounts) {
      expect(account.email).toBe(account.email?.toLowerCase() ?? null);
      expect(account.mfaRegistered).toBeNull();
      expect(account.attributes['connection']).toBe('Username-Password-Authentication');
    }
    expect(fullRead.accounts.some((account) => !account.enabled)).toBe(true);
    expect(fullRead.accounts.some((account) => !account.emailVerified)).toBe(true);
    expect(fullRead.accounts.some((account) => account.attributes['department'])).toBe(true);
    expect(fullRead.removedAccountIds).toEqual([]);
  });

  it('reads the 8 roles, privileged by name, and every role membership', () => {
    const roles = fullRead.containers?.roles ?? [];
    expect(roles).toHaveLength(8);
    expect(fullRead.containers?.groups).toEqual([]);
    expect(
      roles
        .filter((role) => role.privileged)
        .map((role) => role.name)
        .sort(),
    ).toEqual([...AUTH0_PRIVILEGED_ROLE_NAMES].sort());
    for (const role of estate.roles) {
      expect(roles.find((read) => read.externalId === role.id)).toMatchObject({
        name: role.name,
        privileged: role.privileged,
      });
    }
    expect(fullRead.memberships).toHaveLength(estate.userRoles.length);
    expect(new Set(fullRead.memberships.map((m) => `${m.accountId} ${m.containerId}`))).toEqual(
      new Set(estate.userRoles.map((r) => `${r.user_id} ${r.role_id}`)),
    );
    expect(fullRead.memberships.every((m) => m.kind === 'role' && !m.removed)).toBe(true);
    expect(fullRead.rolesReplacedFor).toEqual([]);
  });

  it('reads every sign-in from the first log event, MFA marked by a Guardian event just before', () => {
    const { signIns } = fullRead;
    expect(signIns).toHaveLength(estate.signIns);
    expect(signIns.filter((signIn) => !signIn.succeeded)).toHaveLength(estate.failures);
    expect(signIns.filter((signIn) => signIn.mfa)).toHaveLength(estate.mfaSignIns);
    expect(estate.mfaSignIns).toBeGreaterThan(0);
    const unknown = signIns.filter((signIn) => signIn.accountId === null);
    expect(unknown).toHaveLength(estate.unknownUsers);
    expect(
      unknown.every((signIn) => signIn.userName && signIn.failureReason?.startsWith('fu')),
    ).toBe(true);
    const failed = signIns.find((signIn) => !signIn.succeeded && signIn.accountId);
    expect(failed?.failureReason).toBe('fp: Wrong email or password.');
    expect(signIns.every((signIn) => signIn.ipAddress && signIn.userAgent)).toBe(true);
    expect(new Set(signIns.map((signIn) => signIn.externalId)).size).toBe(signIns.length);
  });

  it('reports progress per stream and leaves a cursor', () => {
    const streams = new Set(progress.map(([stream]) => stream));
    expect(streams).toEqual(new Set(['accounts', 'roles', 'memberships', 'signIns']));
    expect(progress.filter(([stream]) => stream === 'accounts').at(-1)?.[1]).toBe(
      estate.userIds.length,
    );
    expect(fullRead.cursor['usersUpdatedAt']).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(fullRead.cursor['lastLogId']).toMatch(/^\d{24}$/);
  });

  describe('incremental reads', () => {
    let cursor: SyncCursor;
    const userIds = () => estate.userIds;

    beforeAll(() => {
      cursor = fullRead.cursor;
    });

    it('with nothing changed: one users request and one logs request, and no changes', async () => {
      await sandboxes.auth0.clearRequests();
      const changes = await reader.read(access(), cursor, () => undefined);
      const requests = await sandboxes.auth0.requests();
      expect(requests).toEqual({ 'GET /api/v2/users': 1, 'GET /api/v2/logs': 1 });
      expect(changes).toMatchObject({
        full: false,
        accounts: [],
        removedAccountIds: [],
        memberships: [],
        rolesReplacedFor: [],
        signIns: [],
      });
      expect(changes.containers).toBeUndefined();
      cursor = changes.cursor;
    });

    it('finds a sign-in, a block, a role assignment and a deletion, and nothing else', async () => {
      const [signer, blocked, promoted, deleted] = [3, 5, 7, 9].map(
        (at) => userIds()[at] ?? '',
      ) as [string, string, string, string];
      const held = new Set(
        estate.userRoles.filter((r) => r.user_id === promoted).map((r) => r.role_id),
      );
      const newRole = estate.roles.find((role) => !held.has(role.id))?.id ?? '';
      await sandboxes.auth0.control('POST', 'signin', { user_id: signer });
      const client = pool.client(access());
      await client.users.update(blocked, { blocked: true });
      await client.users.roles.assign(promoted, { roles: [newRole] });
      await client.users.delete(deleted);

      const changes = await reader.read(access(), cursor, () => undefined);
      expect(changes.full).toBe(false);
      expect(changes.accounts.map((account) => account.externalId).sort()).toEqual(
        [signer, blocked].sort(),
      );
      expect(changes.accounts.find((a) => a.externalId === blocked)?.enabled).toBe(false);
      expect(changes.accounts.find((a) => a.externalId === signer)?.lastSignInAt).not.toBeNull();
      expect(changes.signIns).toHaveLength(1);
      expect(changes.signIns[0]).toMatchObject({ accountId: signer, succeeded: true, mfa: false });
      expect(changes.rolesReplacedFor).toEqual([promoted]);
      expect(changes.memberships.map((m) => m.containerId).sort()).toEqual(
        [...held, newRole].sort(),
      );
      expect(changes.memberships.every((m) => m.accountId === promoted && !m.removed)).toBe(true);
      expect(changes.removedAccountIds).toEqual([deleted]);
      expect(changes.containers).toBeUndefined();
      cursor = changes.cursor;

      await sandboxes.auth0.clearRequests();
      const again = await reader.read(access(), cursor, () => undefined);
      expect(await sandboxes.auth0.requests()).toEqual({
        'GET /api/v2/users': 1,
        'GET /api/v2/logs': 1,
      });
      expect(again.accounts).toEqual([]);
      expect(again.signIns).toEqual([]);
      expect(again.removedAccountIds).toEqual([]);
    });
  });

  it('pages through more than 1000 users by keyset on updated_at, each once', async () => {
    await sandboxes.auth0.seed({ people: 1500, signInDays: 1 });
    try {
      const health = (await sandboxes.auth0.control('GET', 'health')) as { users: number };
      expect(health.users).toBeGreaterThan(1000);
      const changes = await reader.read(access(), null, () => undefined);
      const ids = changes.accounts.map((account) => account.externalId);
      expect(ids).toHaveLength(health.users);
      expect(new Set(ids).size).toBe(health.users);
      expect(new Set(ids)).toEqual(
        new Set(auth0EstateFacts({ people: 1500, signInDays: 1 }).userIds),
      );
      const requests = await sandboxes.auth0.requests();
      expect(requests['GET /api/v2/users']).toBeGreaterThan(10);
    } finally {
      await sandboxes.auth0.seed({ people: 500, seed: 7, signInDays: 30 });
    }
  });
});
