import { randomUUID } from 'node:crypto';

import { fromBinary } from '@bufbuild/protobuf';
import {
  type AccountAccessSource,
  type Auth0AccountAccess,
  ProviderError,
} from '@codex/connectors';
import { LoginObservedSchema } from '@codex/contracts';

import {
  type DirectoryDatabase,
  directoryOutbox,
  insertConnection,
  openDirectoryDatabase,
} from '../directory-database.fixture';
import { DirectoryPublisher } from '../directory-publisher';
import { DirectoryStore } from '../directory-store';
import type { DirectoryChanges, IdpAccountSnapshot, IdpSignIn, SyncCursor } from '../ports';
import { type DirectoryReaders, RunSync } from './run-sync';
import { SyncRunStore } from './sync-run-store';

const T1 = new Date('2026-11-10T10:00:00Z');
const T2 = new Date('2026-11-11T10:00:00Z');
const T3 = new Date('2026-11-12T10:00:00Z');

const ACCESS: Auth0AccountAccess = {
  provider: 'auth0',
  accountId: 'acme-prod',
  regions: [],
  credentials: { kind: 'client-secret', domain: 'acme.test', clientId: 'id', clientSecret: 's' },
};

function account(externalId: string, email: string): IdpAccountSnapshot {
  return {
    externalId,
    email,
    emailVerified: true,
    displayName: externalId,
    enabled: true,
    createdAt: null,
    lastSignInAt: null,
    mfaRegistered: null,
    attributes: {},
  };
}

function signIn(externalId: string, occurredAt: Date, succeeded = true): IdpSignIn {
  return {
    externalId,
    accountId: 'auth0|alice',
    userName: null,
    occurredAt,
    succeeded,
    failureReason: succeeded ? null : 'wrong_password',
    ipAddress: '73.12.34.56',
    userAgent: null,
    mfa: false,
  };
}

function fullRead(signIns: IdpSignIn[], cursor: SyncCursor): DirectoryChanges {
  return {
    full: true,
    accounts: [
      account('auth0|alice', 'alice@example.com'),
      account('auth0|bob', 'bob@example.com'),
    ],
    removedAccountIds: [],
    containers: {
      roles: [{ externalId: 'rol_admin', name: 'Admin', description: null, privileged: true }],
      groups: [],
    },
    memberships: [
      { kind: 'role', containerId: 'rol_admin', accountId: 'auth0|alice', removed: false },
    ],
    rolesReplacedFor: [],
    signIns,
    cursor,
  };
}

interface RunRow {
  status: string;
  full: boolean;
  counts: Record<string, number>;
  error_code: string | null;
  error_message: string | null;
}

describe('RunSync on PostgreSQL', () => {
  let db: DirectoryDatabase;
  let runs: SyncRunStore;
  let runSync: RunSync;
  const tenant = `t-${randomUUID()}`;
  let connectionId: string;
  const cursorsRead: (SyncCursor | null)[] = [];
  let answer: () => Promise<DirectoryChanges> = () => Promise.reject(new Error('no answer set'));

  const accessSource: AccountAccessSource = {
    accessFor: (tenantId, accountId) => Promise.resolve({ tenantId, accountId, access: ACCESS }),
  };
  const readers: DirectoryReaders = {
    auth0: {
      provider: 'auth0',
      read: (_access, cursor) => {
        cursorsRead.push(cursor);
        return answer();
      },
    },
    entra: {
      provider: 'entra',
      read: () => Promise.reject(new Error('the Entra reader is not for this connection')),
    },
  };

  async function runOnce(full: boolean): Promise<RunRow> {
    const { run } = await runs.request(tenant, connectionId, 'manual', 'alice', full);
    const claimed = await runs.claim(60_000);
    if (claimed?.id !== run.id) throw new Error('the requested run was not claimed');
    await runSync.execute(claimed);
    const [row] = await db.owner.query<RunRow[]>(
      `SELECT status, "full", counts, error_code, error_message FROM directory_sync_runs WHERE id = $1`,
      [run.id],
    );
    if (!row) throw new Error('run vanished');
    return row;
  }

  const directory = async () => ({
    accounts: (
      await db.owner.query<{ external_id: string }[]>(
        `SELECT external_id FROM directory_accounts WHERE connection_id = $1 ORDER BY external_id`,
        [connectionId],
      )
    ).map((row) => row.external_id),
    memberships: Number(
      (
        await db.owner.query<[{ n: number }]>(
          `SELECT count(*)::int AS n FROM directory_memberships WHERE connection_id = $1`,
          [connectionId],
        )
      )[0].n,
    ),
  });
  const state = async () =>
    (
      await db.owner.query<{ cursor: SyncCursor; sign_ins_until: Date | null }[]>(
        `SELECT cursor, sign_ins_until FROM directory_sync_state WHERE connection_id = $1`,
        [connectionId],
      )
    )[0];
  const outbox = () =>
    db.owner.query<{ topic: string; payload: Buffer }[]>(
      `SELECT topic, payload FROM outbox_messages ORDER BY seq`,
    );

  beforeAll(async () => {
    db = await openDirectoryDatabase('hof_run_sync');
    connectionId = await insertConnection(db.owner, tenant, 'auth0', 'acme-prod');
    runs = new SyncRunStore(db.runtime);
    runSync = new RunSync(
      db.runtime,
      runs,
      accessSource,
      readers,
      new DirectoryStore(),
      new DirectoryPublisher(directoryOutbox()),
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('a successful run writes the directory, the cursor, the outbox and the run outcome', async () => {
    answer = () =>
      Promise.resolve(fullRead([signIn('log-1', T1), signIn('log-2', T2, false)], { c: '1' }));

    const run = await runOnce(true);

    expect(cursorsRead).toEqual([null]);
    const messages = await outbox();
    const discovered = messages.filter((m) => m.topic === 'resource.discovered').length;
    expect(run).toEqual({
      status: 'succeeded',
      full: true,
      counts: {
        accounts: 2,
        changedAccounts: 2,
        removedAccounts: 0,
        membershipsRead: 1,
        membershipsChanged: 1,
        signIns: 2,
        signInsPublished: 2,
        resources: discovered,
      },
      error_code: null,
      error_message: null,
    });
    // The directory, its two accounts, its role and the two people.
    expect(discovered).toBe(6);
    expect(messages.filter((m) => m.topic === 'login.observed')).toHaveLength(2);
    expect(await directory()).toEqual({ accounts: ['auth0|alice', 'auth0|bob'], memberships: 1 });
    expect(await state()).toEqual({ cursor: { c: '1' }, sign_ins_until: T2 });
  });

  it('a provider error leaves the directory and the cursor as they were and fails the run with its code', async () => {
    const before = await outbox();
    answer = () =>
      Promise.reject(
        new ProviderError('throttled', 'Global rate limit exceeded', {
          provider: 'auth0',
          providerCode: 'too_many_requests',
        }),
      );

    const run = await runOnce(false);

    expect(cursorsRead.at(-1)).toEqual({ c: '1' });
    expect(run).toMatchObject({
      status: 'failed',
      error_code: 'throttled:too_many_requests',
      error_message: 'Global rate limit exceeded',
    });
    expect(await directory()).toEqual({ accounts: ['auth0|alice', 'auth0|bob'], memberships: 1 });
    expect(await state()).toEqual({ cursor: { c: '1' }, sign_ins_until: T2 });
    expect(await outbox()).toHaveLength(before.length);
  });

  it('a failure while writing rolls the whole run back: nothing of it is stored or published', async () => {
    const before = await outbox();
    answer = () =>
      Promise.resolve({
        full: false,
        accounts: [account('auth0|carol', 'carol@example.com')],
        removedAccountIds: ['auth0|bob'],
        memberships: [
          // Too long for the column: the write fails after the accounts were written.
          {
            kind: 'not-a-kind' as 'role',
            containerId: 'rol_admin',
            accountId: 'auth0|carol',
            removed: false,
          },
        ],
        rolesReplacedFor: [],
        signIns: [signIn('log-9', T3)],
        cursor: { c: '2' },
      });

    const run = await runOnce(false);

    expect(run).toMatchObject({ status: 'failed', error_code: 'failed' });
    expect(await directory()).toEqual({ accounts: ['auth0|alice', 'auth0|bob'], memberships: 1 });
    expect(await state()).toEqual({ cursor: { c: '1' }, sign_ins_until: T2 });
    expect(await outbox()).toHaveLength(before.length);
  });

  it('a forced full re-read publishes only the sign-ins at or after the watermark', async () => {
    const before = await outbox();
    answer = () =>
      Promise.resolve(
        fullRead([signIn('log-1', T1), signIn('log-2', T2, false), signIn('log-3', T3)], {
          c: '3',
        }),
      );

    const run = await runOnce(true);

    expect(cursorsRead.at(-1)).toBeNull();
    expect(run).toMatchObject({ status: 'succeeded', full: true });
    expect(run.counts).toMatchObject({ signIns: 3, signInsPublished: 2 });
    const logins = (await outbox())
      .slice(before.length)
      .filter((m) => m.topic === 'login.observed')
      .map((m) => fromBinary(LoginObservedSchema, m.payload).loginId);
    // log-2 is the watermark itself: published again rather than risk losing one at that instant.
    expect(logins).toEqual(['auth0:acme-prod:log-2', 'auth0:acme-prod:log-3']);
    expect(await state()).toEqual({ cursor: { c: '3' }, sign_ins_until: T3 });
  });

  it('an incremental read publishes every sign-in it answers and keeps the later watermark', async () => {
    const before = await outbox();
    answer = () =>
      Promise.resolve({
        full: false,
        accounts: [],
        removedAccountIds: [],
        memberships: [],
        rolesReplacedFor: [],
        // A late arrival, older than the watermark.
        signIns: [signIn('log-0', T1)],
        cursor: { c: '4' },
      });

    const run = await runOnce(false);

    expect(cursorsRead.at(-1)).toEqual({ c: '3' });
    expect(run.counts).toMatchObject({ signIns: 1, signInsPublished: 1 });
    expect(
      (await outbox()).slice(before.length).filter((m) => m.topic === 'login.observed'),
    ).toHaveLength(1);
    expect(await state()).toEqual({ cursor: { c: '4' }, sign_ins_until: T3 });
  });

  it('a replica whose claim was taken over writes nothing: the new holder does the run', async () => {
    const before = await outbox();
    const { run } = await runs.request(tenant, connectionId, 'manual', 'alice', true);
    const old = await runs.claim(60_000);
    if (old?.id !== run.id) throw new Error('the requested run was not claimed');
    await db.owner.query(
      `UPDATE directory_sync_runs SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1`,
      [run.id],
    );
    const taken = await runs.claim(60_000);
    if (taken?.id !== run.id) throw new Error('the stale run was not taken over');
    const read = fullRead([signIn('log-5', T3)], { c: 'stale' });
    read.accounts.push(account('auth0|zed', 'zed@example.com'));
    answer = () => Promise.resolve(read);

    await runSync.execute(old);

    expect(await directory()).toEqual({ accounts: ['auth0|alice', 'auth0|bob'], memberships: 1 });
    expect(await state()).toEqual({ cursor: { c: '4' }, sign_ins_until: T3 });
    expect(await outbox()).toHaveLength(before.length);
    const [held] = await db.owner.query<{ status: string; claim_token: string }[]>(
      `SELECT status, claim_token FROM directory_sync_runs WHERE id = $1`,
      [run.id],
    );
    expect(held).toEqual({ status: 'running', claim_token: taken.claimToken });

    read.cursor = { c: '5' };
    await runSync.execute(taken);

    expect((await directory()).accounts).toEqual(['auth0|alice', 'auth0|bob', 'auth0|zed']);
    expect(await state()).toEqual({ cursor: { c: '5' }, sign_ins_until: T3 });
  });
});
