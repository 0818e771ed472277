import { randomUUID } from 'node:crypto';

import { fromBinary } from '@bufbuild/protobuf';
import { LoginObservedSchema, LoginOutcome, ResourceDeletedSchema } from '@codex/contracts';
import { withTenant } from '@codex/persistence';

import {
  type DirectoryDatabase,
  directoryOutbox,
  insertConnection,
  openDirectoryDatabase,
} from './directory-database.fixture';
import { DirectoryPublisher, type PublishedConnection } from './directory-publisher';
import { type AppliedChanges, DirectoryStore } from './directory-store';
import { identityUrn, personUrn } from './identity-urns';
import type {
  DirectoryChanges,
  IdpAccountSnapshot,
  IdpContainerSnapshot,
  IdpSignIn,
  MembershipChange,
} from './ports';

const L_ALICE = new Date('2026-11-01T10:00:00Z');
const L_BOB = new Date('2026-11-02T10:00:00Z');
const SIGNED_IN = new Date('2026-11-20T08:30:00Z');
const LATER = new Date('2026-11-21T08:30:00Z');

function account(
  externalId: string,
  email: string | null,
  emailVerified: boolean,
  extra: Partial<IdpAccountSnapshot> = {},
): IdpAccountSnapshot {
  return {
    externalId,
    email,
    emailVerified,
    displayName: externalId,
    enabled: true,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    lastSignInAt: null,
    mfaRegistered: null,
    attributes: { source: 'test' },
    ...extra,
  };
}

function container(externalId: string, privileged = false): IdpContainerSnapshot {
  return { externalId, name: `name of ${externalId}`, description: null, privileged };
}

function member(
  kind: 'role' | 'group',
  containerId: string,
  accountId: string,
  removed = false,
): MembershipChange {
  return { kind, containerId, accountId, removed };
}

function signIn(
  externalId: string,
  accountId: string | null,
  occurredAt: Date,
  extra: Partial<IdpSignIn> = {},
): IdpSignIn {
  return {
    externalId,
    accountId,
    userName: null,
    occurredAt,
    succeeded: true,
    failureReason: null,
    ipAddress: null,
    userAgent: 'jest',
    mfa: false,
    ...extra,
  };
}

/** The Auth0 tenant as first read: five accounts, two roles. */
function auth0Full(): DirectoryChanges {
  return {
    full: true,
    accounts: [
      account('auth0|alice', 'Alice@Example.com', true, { lastSignInAt: L_ALICE }),
      account('auth0|bob', 'bob@example.com', true, { lastSignInAt: L_BOB }),
      account('auth0|carol', 'carol@example.com', false),
      account('auth0|dave', 'dave@example.com', true),
      account('auth0|erin', 'erin@example.com', true),
    ],
    removedAccountIds: [],
    containers: { roles: [container('rol_admin', true), container('rol_viewer')], groups: [] },
    memberships: [
      member('role', 'rol_admin', 'auth0|alice'),
      member('role', 'rol_viewer', 'auth0|bob'),
      member('role', 'rol_viewer', 'auth0|dave'),
      member('role', 'rol_viewer', 'auth0|erin'),
    ],
    rolesReplacedFor: [],
    signIns: [],
    cursor: { updatedAt: '1' },
  };
}

/** The Entra directory: Alice again, Carol verified here, Frank with no mail. */
function entraFull(): DirectoryChanges {
  return {
    full: true,
    accounts: [
      account('e-alice', 'alice@example.com', true),
      account('e-carol', 'carol@example.com', true),
      account('e-frank', null, false),
      account('e-gus', 'gus@example.com', false),
    ],
    removedAccountIds: [],
    containers: { roles: [container('r-ga', true)], groups: [container('g-eng')] },
    memberships: [member('group', 'g-eng', 'e-alice'), member('role', 'r-ga', 'e-carol')],
    rolesReplacedFor: [],
    signIns: [],
    cursor: { delta: 'x' },
  };
}

interface OutboxRow {
  topic: string;
  message_key: string;
  payload: Buffer;
}

describe('DirectoryStore and DirectoryPublisher on PostgreSQL', () => {
  let db: DirectoryDatabase;
  const store = new DirectoryStore();
  const publisher = new DirectoryPublisher(directoryOutbox());
  const tenant = `t-${randomUUID()}`;
  const otherTenant = `t-${randomUUID()}`;
  let auth0: PublishedConnection;
  let entra: PublishedConnection;

  async function apply(
    connection: PublishedConnection,
    changes: DirectoryChanges,
  ): Promise<{ applied: AppliedChanges; published: OutboxRow[] }> {
    const [{ seq }] = await db.owner.query<[{ seq: string }]>(
      `SELECT COALESCE(max(seq), 0)::text AS seq FROM outbox_messages`,
    );
    const applied = await withTenant(db.runtime, connection.tenantId, async (manager) => {
      const result = await store.apply(manager, connection, changes, new Date());
      await publisher.publish(manager, connection, result, changes.signIns, new Date(), 'run-1');
      return result;
    });
    const published = await db.owner.query<OutboxRow[]>(
      `SELECT topic, message_key, payload FROM outbox_messages WHERE seq > $1 ORDER BY seq`,
      [seq],
    );
    return { applied, published };
  }

  const accounts = (connectionId: string) =>
    db.owner.query<
      {
        external_id: string;
        email: string | null;
        person_id: string | null;
        link_source: string | null;
        display_name: string;
        enabled: boolean;
        last_sign_in_at: Date | null;
        mfa_used: boolean;
        tenant_id: string;
      }[]
    >(
      `SELECT external_id, email, person_id, link_source, display_name, enabled, last_sign_in_at,
              mfa_used, tenant_id
         FROM directory_accounts WHERE connection_id = $1 ORDER BY external_id`,
      [connectionId],
    );
  const accountOf = async (connectionId: string, externalId: string) =>
    (await accounts(connectionId)).find((row) => row.external_id === externalId);
  const memberships = async (connectionId: string) =>
    (
      await db.owner.query<{ kind: string; container_id: string; account_id: string }[]>(
        `SELECT kind, container_id, account_id FROM directory_memberships WHERE connection_id = $1
          ORDER BY kind, container_id, account_id`,
        [connectionId],
      )
    ).map((row) => `${row.kind}:${row.container_id}:${row.account_id}`);
  const containers = async (connectionId: string) =>
    (
      await db.owner.query<{ kind: string; external_id: string }[]>(
        `SELECT kind, external_id FROM directory_containers WHERE connection_id = $1
          ORDER BY kind, external_id`,
        [connectionId],
      )
    ).map((row) => `${row.kind}:${row.external_id}`);
  const people = async () =>
    new Map(
      (
        await db.owner.query<{ id: string; email: string }[]>(
          `SELECT id, email FROM directory_people WHERE tenant_id = $1`,
          [tenant],
        )
      ).map((row) => [row.email, row.id]),
    );
  const keysOf = (rows: OutboxRow[], topic: string) =>
    rows
      .filter((row) => row.topic === topic)
      .map((row) => row.message_key)
      .sort();
  const userUrn = (connection: PublishedConnection, id: string) =>
    identityUrn(connection.provider, connection.externalAccountId, 'user', id);

  beforeAll(async () => {
    db = await openDirectoryDatabase('hof_directory_store');
    auth0 = {
      tenantId: tenant,
      connectionId: await insertConnection(db.owner, tenant, 'auth0', 'acme-prod'),
      provider: 'auth0',
      externalAccountId: 'acme-prod',
      name: 'Acme prod',
    };
    entra = {
      tenantId: tenant,
      connectionId: await insertConnection(db.owner, tenant, 'entra', 'dir-1234'),
      provider: 'entra',
      externalAccountId: 'dir-1234',
      name: 'Acme Entra',
    };
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('a full apply stores exactly the read and links accounts by verified e-mail only', async () => {
    const first = await apply(auth0, auth0Full());

    expect(await accounts(auth0.connectionId)).toEqual([
      expect.objectContaining({ external_id: 'auth0|alice', email: 'alice@example.com' }),
      expect.objectContaining({ external_id: 'auth0|bob', last_sign_in_at: L_BOB }),
      expect.objectContaining({ external_id: 'auth0|carol', person_id: null, link_source: null }),
      expect.objectContaining({ external_id: 'auth0|dave' }),
      expect.objectContaining({ external_id: 'auth0|erin' }),
    ]);
    expect((await accounts(auth0.connectionId)).every((row) => row.tenant_id === tenant)).toBe(
      true,
    );
    expect(await containers(auth0.connectionId)).toEqual(['role:rol_admin', 'role:rol_viewer']);
    expect(await memberships(auth0.connectionId)).toEqual([
      'role:rol_admin:auth0|alice',
      'role:rol_viewer:auth0|bob',
      'role:rol_viewer:auth0|dave',
      'role:rol_viewer:auth0|erin',
    ]);
    const afterAuth0 = await people();
    expect([...afterAuth0.keys()].sort()).toEqual([
      'alice@example.com',
      'bob@example.com',
      'dave@example.com',
      'erin@example.com',
    ]);
    expect({ ...first.applied, personIds: [...first.applied.personIds].sort() }).toEqual({
      accountIds: ['auth0|alice', 'auth0|bob', 'auth0|carol', 'auth0|dave', 'auth0|erin'],
      removedAccountIds: [],
      containersChanged: true,
      removedContainers: [],
      removedPersonIds: [],
      memberships: 4,
      signIns: 0,
      personIds: [...afterAuth0.values()].sort(),
    });

    const second = await apply(entra, entraFull());

    expect((await accounts(entra.connectionId)).map((row) => row.external_id)).toEqual([
      'e-alice',
      'e-carol',
      'e-frank',
      'e-gus',
    ]);
    expect(await containers(entra.connectionId)).toEqual(['group:g-eng', 'role:r-ga']);
    expect(await memberships(entra.connectionId)).toEqual([
      'group:g-eng:e-alice',
      'role:r-ga:e-carol',
    ]);
    const everyone = await people();
    expect(everyone.size).toBe(5);
    const alice = everyone.get('alice@example.com');
    const carol = everyone.get('carol@example.com');
    // One person for Alice's Auth0 and Entra accounts (e-mail matched case-insensitively).
    expect((await accountOf(auth0.connectionId, 'auth0|alice'))?.person_id).toBe(alice);
    expect(await accountOf(entra.connectionId, 'e-alice')).toMatchObject({
      person_id: alice,
      link_source: 'email',
    });
    // Carol's Entra account is verified, her Auth0 one is not and stays unlinked.
    expect((await accountOf(entra.connectionId, 'e-carol'))?.person_id).toBe(carol);
    expect(await accountOf(auth0.connectionId, 'auth0|carol')).toMatchObject({
      person_id: null,
      link_source: null,
    });
    expect((await accountOf(entra.connectionId, 'e-frank'))?.person_id).toBeNull();
    // An e-mail no provider vouches for makes no person.
    expect((await accountOf(entra.connectionId, 'e-gus'))?.person_id).toBeNull();
    expect(everyone.has('gus@example.com')).toBe(false);
    expect([...second.applied.personIds].sort()).toEqual([alice, carol].sort());
    // The Auth0 directory is untouched by the Entra apply.
    expect(await memberships(auth0.connectionId)).toHaveLength(4);

    // Published: the directory, its accounts, roles and groups, the people it touched.
    expect(keysOf(second.published, 'resource.discovered')).toEqual(
      [
        identityUrn('entra', 'dir-1234', 'directory', 'dir-1234'),
        userUrn(entra, 'e-alice'),
        userUrn(entra, 'e-carol'),
        userUrn(entra, 'e-frank'),
        userUrn(entra, 'e-gus'),
        identityUrn('entra', 'dir-1234', 'role', 'r-ga'),
        identityUrn('entra', 'dir-1234', 'group', 'g-eng'),
        personUrn(tenant, alice ?? ''),
        personUrn(tenant, carol ?? ''),
      ].sort(),
    );
    expect(keysOf(second.published, 'resource.deleted')).toEqual([]);
    expect(keysOf(second.published, 'login.observed')).toEqual([]);
  });

  it("another tenant's scope sees none of the directory", async () => {
    for (const table of [
      'directory_people',
      'directory_accounts',
      'directory_containers',
      'directory_memberships',
    ]) {
      const count = (tenantId: string) =>
        withTenant(db.runtime, tenantId, async (manager) => {
          const [row] = await manager.query<[{ n: number }]>(
            `SELECT count(*)::int AS n FROM ${table}`,
          );
          return row.n;
        });
      expect(await count(tenant)).toBeGreaterThan(0);
      expect(await count(otherTenant)).toBe(0);
    }
  });

  it('a manual unlink survives a later full apply, and the person stays', async () => {
    const erin = (await people()).get('erin@example.com');
    await withTenant(db.runtime, tenant, (manager) =>
      manager.query(
        `UPDATE directory_accounts SET person_id = NULL, link_source = 'manual'
          WHERE connection_id = $1 AND external_id = 'auth0|erin'`,
        [auth0.connectionId],
      ),
    );

    const again = await apply(auth0, auth0Full());

    expect(await accountOf(auth0.connectionId, 'auth0|erin')).toMatchObject({
      person_id: null,
      link_source: 'manual',
    });
    expect((await people()).get('erin@example.com')).toBe(erin);
    expect(again.applied.removedAccountIds).toEqual([]);
    expect(again.applied.removedPersonIds).toEqual([]);
    expect(keysOf(again.published, 'resource.deleted')).toEqual([]);
  });

  it('an incremental apply patches exactly what it names, forgets people left with no account and publishes it', async () => {
    const before = await people();
    const dave = before.get('dave@example.com') ?? '';
    const bob = before.get('bob@example.com') ?? '';
    const alice = before.get('alice@example.com') ?? '';

    const { applied, published } = await apply(auth0, {
      full: false,
      accounts: [
        account('auth0|bob', 'bob@example.com', true, {
          displayName: 'Robert',
          enabled: false,
          lastSignInAt: null,
        }),
      ],
      removedAccountIds: ['auth0|dave'],
      memberships: [
        member('role', 'rol_viewer', 'auth0|alice'),
        member('role', 'rol_admin', 'auth0|alice', true),
        member('role', 'rol_admin', 'auth0|bob'),
      ],
      rolesReplacedFor: ['auth0|bob'],
      signIns: [
        signIn('log-1', 'auth0|alice', SIGNED_IN, { mfa: true, ipAddress: '73.12.34.56' }),
        signIn('log-2', 'auth0|bob', LATER, {
          succeeded: false,
          failureReason: 'wrong_password',
          ipAddress: '10.0.0.7',
        }),
        signIn('log-3', null, LATER, {
          succeeded: false,
          userName: 'mallory',
          failureReason: 'wrong_username',
        }),
      ],
      cursor: { updatedAt: '2' },
    });

    expect(await accounts(auth0.connectionId)).toEqual([
      expect.objectContaining({
        external_id: 'auth0|alice',
        person_id: alice,
        last_sign_in_at: SIGNED_IN,
        mfa_used: true,
      }),
      expect.objectContaining({
        external_id: 'auth0|bob',
        person_id: bob,
        display_name: 'Robert',
        enabled: false,
        // The snapshot has no last sign-in and the failed sign-in does not count.
        last_sign_in_at: L_BOB,
        mfa_used: false,
      }),
      expect.objectContaining({ external_id: 'auth0|carol', display_name: 'auth0|carol' }),
      expect.objectContaining({ external_id: 'auth0|erin', link_source: 'manual' }),
    ]);
    expect(await containers(auth0.connectionId)).toEqual(['role:rol_admin', 'role:rol_viewer']);
    expect(await memberships(auth0.connectionId)).toEqual([
      'role:rol_admin:auth0|bob',
      'role:rol_viewer:auth0|alice',
      'role:rol_viewer:auth0|erin',
    ]);
    const after = await people();
    expect(after.has('dave@example.com')).toBe(false);
    // Erin's only account was unlinked by hand: she is kept, to be linked back.
    expect(after.has('erin@example.com')).toBe(true);
    expect(after.size).toBe(4);
    // Bob changed; Alice's roles changed and she signed in: both are published again, no one else.
    expect({
      ...applied,
      accountIds: [...applied.accountIds].sort(),
      personIds: [...applied.personIds].sort(),
    }).toEqual({
      accountIds: ['auth0|alice', 'auth0|bob'],
      removedAccountIds: ['auth0|dave'],
      containersChanged: false,
      removedContainers: [],
      removedPersonIds: [dave],
      // Alice: +viewer −admin; Bob's roles replaced: −viewer +admin.
      memberships: 4,
      signIns: 3,
      personIds: [alice, bob].sort(),
    });

    expect(keysOf(published, 'resource.discovered')).toEqual(
      [
        userUrn(auth0, 'auth0|alice'),
        userUrn(auth0, 'auth0|bob'),
        personUrn(tenant, alice),
        personUrn(tenant, bob),
      ].sort(),
    );
    expect(keysOf(published, 'resource.deleted')).toEqual(
      [userUrn(auth0, 'auth0|dave'), personUrn(tenant, dave)].sort(),
    );
    const deleted = published
      .filter((row) => row.topic === 'resource.deleted')
      .map((row) => fromBinary(ResourceDeletedSchema, row.payload));
    expect(deleted.map((event) => event.resourceType).sort()).toEqual([
      'identity/person',
      'identity/user',
    ]);
    const logins = published
      .filter((row) => row.topic === 'login.observed')
      .map((row) => fromBinary(LoginObservedSchema, row.payload));
    expect(
      logins.map((login) => ({
        loginId: login.loginId,
        identityUrn: login.identityUrn,
        outcome: login.outcome,
        country: login.country,
        mfa: login.mfa,
        userName: login.userName,
      })),
    ).toEqual([
      {
        loginId: 'auth0:acme-prod:log-1',
        identityUrn: userUrn(auth0, 'auth0|alice'),
        outcome: LoginOutcome.SUCCEEDED,
        country: 'US',
        mfa: true,
        userName: '',
      },
      {
        loginId: 'auth0:acme-prod:log-2',
        identityUrn: userUrn(auth0, 'auth0|bob'),
        outcome: LoginOutcome.FAILED,
        country: '',
        mfa: false,
        userName: '',
      },
      {
        loginId: 'auth0:acme-prod:log-3',
        identityUrn: '',
        outcome: LoginOutcome.FAILED,
        country: '',
        mfa: false,
        userName: 'mallory',
      },
    ]);
  });

  it('a full apply removes what the read no longer has, counting each removal once', async () => {
    const read = auth0Full();
    read.accounts = read.accounts.filter(
      (a) => a.externalId !== 'auth0|dave' && a.externalId !== 'auth0|bob',
    );
    read.containers = { roles: [container('rol_admin', true)], groups: [] };
    read.memberships = [member('role', 'rol_admin', 'auth0|alice')];
    const bob = (await people()).get('bob@example.com') ?? '';

    const { applied, published } = await apply(auth0, read);

    expect((await accounts(auth0.connectionId)).map((row) => row.external_id)).toEqual([
      'auth0|alice',
      'auth0|carol',
      'auth0|erin',
    ]);
    expect(await containers(auth0.connectionId)).toEqual(['role:rol_admin']);
    expect(await memberships(auth0.connectionId)).toEqual(['role:rol_admin:auth0|alice']);
    expect(applied.removedAccountIds).toEqual(['auth0|bob']);
    expect(applied.removedContainers).toEqual([{ kind: 'role', externalId: 'rol_viewer' }]);
    expect(applied.removedPersonIds).toEqual([bob]);
    // The viewer role's two holders (it is gone), Bob's admin role (he is gone), and Alice's
    // admin role (read again).
    expect(applied.memberships).toBe(4);
    expect(await accountOf(auth0.connectionId, 'auth0|erin')).toMatchObject({
      person_id: null,
      link_source: 'manual',
    });
    expect((await people()).has('erin@example.com')).toBe(true);
    expect(keysOf(published, 'resource.deleted')).toEqual(
      [
        userUrn(auth0, 'auth0|bob'),
        identityUrn('auth0', 'acme-prod', 'role', 'rol_viewer'),
        personUrn(tenant, bob),
      ].sort(),
    );
    // The Entra directory and its people are untouched.
    expect(await memberships(entra.connectionId)).toHaveLength(2);
    expect((await people()).has('carol@example.com')).toBe(true);
  });

  it('an incremental read with the roles and groups drops the memberships of the ones gone', async () => {
    const { applied, published } = await apply(entra, {
      full: false,
      accounts: [],
      removedAccountIds: [],
      containers: { roles: [container('r-ga', true)], groups: [] },
      memberships: [],
      rolesReplacedFor: [],
      signIns: [],
      cursor: { delta: 'y' },
    });

    expect(await containers(entra.connectionId)).toEqual(['role:r-ga']);
    expect(await memberships(entra.connectionId)).toEqual(['role:r-ga:e-carol']);
    expect(applied.removedContainers).toEqual([{ kind: 'group', externalId: 'g-eng' }]);
    expect(keysOf(published, 'resource.deleted')).toEqual([
      identityUrn('entra', 'dir-1234', 'group', 'g-eng'),
    ]);
  });

  it('a directory of 20,000 accounts and 200,000 memberships is applied, and a second read of it changes nothing', async () => {
    const big: PublishedConnection = {
      tenantId: tenant,
      connectionId: await insertConnection(db.owner, tenant, 'entra', 'dir-big'),
      provider: 'entra',
      externalAccountId: 'dir-big',
      name: 'Big',
    };
    const groups = Array.from({ length: 10 }, (_, g) => container(`g-${g}`));
    const read = (): DirectoryChanges => ({
      full: true,
      accounts: Array.from({ length: 20_000 }, (_, i) => account(`big-${i}`, null, false)),
      removedAccountIds: [],
      containers: { roles: [], groups },
      memberships: Array.from({ length: 200_000 }, (_, i) =>
        member('group', `g-${i % 10}`, `big-${Math.floor(i / 10)}`),
      ),
      rolesReplacedFor: [],
      signIns: [],
      cursor: {},
    });

    const first = await apply(big, read());
    expect(first.applied.accountIds).toHaveLength(20_000);
    expect(first.applied.memberships).toBe(200_000);
    expect((await memberships(big.connectionId)).length).toBe(200_000);
    expect(keysOf(first.published, 'resource.discovered')).toHaveLength(1 + 10 + 20_000);

    const again = await apply(big, read());
    expect(again.applied.accountIds).toEqual([]);
    expect(again.applied.memberships).toBe(0);
    // The directory and its groups, no account and no person.
    expect(keysOf(again.published, 'resource.discovered')).toHaveLength(1 + 10);
  });
});
