import { randomUUID } from 'node:crypto';

import { withTenant } from '@codex/persistence';

import {
  type DirectoryDatabase,
  insertConnection,
  openDirectoryDatabase,
} from '../directory-database.fixture';
import { SyncRun } from '../sync-run.entity';
import { SyncRunStore } from './sync-run-store';

interface RunRow {
  id: string;
  tenant_id: string;
  connection_id: string;
  trigger: string;
  full: boolean;
  status: string;
  requested_by: string;
  claim_token: string | null;
  progress: Record<string, number>;
  error_code: string | null;
  started_at: Date | null;
  finished_at: Date | null;
}

const STALE_AFTER_MS = 60_000;
const HOUR_MS = 3_600_000;

describe('SyncRunStore on PostgreSQL', () => {
  let db: DirectoryDatabase;
  let runs: SyncRunStore;
  const tenant = `t-${randomUUID()}`;
  const otherTenant = `t-${randomUUID()}`;

  const rows = () =>
    db.owner.query<RunRow[]>(
      `SELECT id, tenant_id, connection_id, trigger, "full", status, requested_by, claim_token,
              progress, error_code, started_at, finished_at
         FROM directory_sync_runs ORDER BY created_at, connection_id`,
    );
  const row = async (id: string) => (await rows()).find((r) => r.id === id);

  beforeAll(async () => {
    db = await openDirectoryDatabase('hof_sync_runs');
    runs = new SyncRunStore(db.runtime);
  });

  beforeEach(async () => {
    await db.owner.query(`DELETE FROM directory_sync_runs`);
    await db.owner.query(`DELETE FROM connected_accounts`);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('keeps one active run per connection: a second request answers the first', async () => {
    const connection = randomUUID();

    const first = await runs.request(tenant, connection, 'manual', 'alice', true);
    const second = await runs.request(tenant, connection, 'manual', 'bob', false);

    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.run.id).toBe(first.run.id);
    expect(second.run).toBeInstanceOf(SyncRun);
    expect(await rows()).toEqual([
      expect.objectContaining({
        id: first.run.id,
        tenant_id: tenant,
        connection_id: connection,
        trigger: 'manual',
        full: true,
        status: 'queued',
        requested_by: 'alice',
      }),
    ]);
    // Another tenant neither sees it nor is answered with it.
    const seen = await withTenant(db.runtime, otherTenant, (manager) =>
      manager.getRepository(SyncRun).count(),
    );
    expect(seen).toBe(0);

    // Once the run is over, the next request queues a new one.
    await db.owner.query(`UPDATE directory_sync_runs SET status = 'succeeded'`);
    const third = await runs.request(tenant, connection, 'manual', 'carol', false);
    expect(third.created).toBe(true);
    expect(third.run.id).not.toBe(first.run.id);
  });

  it('claims a queued run once', async () => {
    const connection = randomUUID();
    const { run } = await runs.request(tenant, connection, 'connect', 'system', true);

    const claimed = await runs.claim(STALE_AFTER_MS);
    const again = await runs.claim(STALE_AFTER_MS);

    const { claimToken, ...rest } = claimed ?? { claimToken: '' };
    expect(rest).toEqual({ id: run.id, tenantId: tenant, connectionId: connection, full: true });
    expect(claimToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(again).toBeUndefined();
    expect(await row(run.id)).toMatchObject({
      status: 'running',
      claim_token: claimToken,
    });
    expect((await row(run.id))?.started_at).toBeInstanceOf(Date);
  });

  it('skips a run another replica is claiming (SKIP LOCKED) instead of waiting for it', async () => {
    const first = (await runs.request(tenant, randomUUID(), 'manual', 'alice', false)).run.id;
    const second = (await runs.request(tenant, randomUUID(), 'manual', 'alice', false)).run.id;
    const claiming = db.owner.createQueryRunner();
    await claiming.connect();
    await claiming.startTransaction();
    try {
      await claiming.query(`SELECT id FROM directory_sync_runs WHERE id = $1 FOR UPDATE`, [first]);

      let timer: NodeJS.Timeout | undefined;
      const claimed = await Promise.race([
        runs.claim(STALE_AFTER_MS).then((run) => run?.id),
        new Promise<string>((resolve) => (timer = setTimeout(() => resolve('blocked'), 5_000))),
      ]);
      clearTimeout(timer);

      expect(claimed).toBe(second);
    } finally {
      await claiming.rollbackTransaction();
      await claiming.release();
    }
    expect((await runs.claim(STALE_AFTER_MS))?.id).toBe(first);
    expect(await runs.claim(STALE_AFTER_MS)).toBeUndefined();
  });

  it('takes over a run whose heartbeat is stale; the old claim can no longer write', async () => {
    const { run } = await runs.request(tenant, randomUUID(), 'manual', 'alice', false);
    const old = await runs.claim(STALE_AFTER_MS);
    if (!old) throw new Error('nothing claimed');
    await runs.heartbeat(old, { users: 5 });
    expect((await row(run.id))?.progress).toEqual({ users: 5 });
    await db.owner.query(
      `UPDATE directory_sync_runs SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1`,
      [run.id],
    );

    const taken = await runs.claim(STALE_AFTER_MS);

    expect(taken?.id).toBe(run.id);
    expect(taken?.claimToken).not.toBe(old.claimToken);
    if (!taken) throw new Error('nothing taken over');
    // A run beating in time is not taken again.
    expect(await runs.claim(STALE_AFTER_MS)).toBeUndefined();

    await runs.heartbeat(old, { users: 99 });
    await runs.fail(old, 'failed', 'the old replica woke up');
    await runs.release(old);
    expect(await row(run.id)).toMatchObject({
      status: 'running',
      claim_token: taken.claimToken,
      progress: { users: 5 },
      error_code: null,
    });

    await runs.heartbeat(taken, { users: 7 });
    expect((await row(run.id))?.progress).toEqual({ users: 7 });
    await runs.fail(taken, 'throttled:429', 'too many requests');
    expect(await row(run.id)).toMatchObject({
      status: 'failed',
      error_code: 'throttled:429',
    });
    expect((await row(run.id))?.finished_at).toBeInstanceOf(Date);
    // A failed run is over: no claim finds it.
    expect(await runs.claim(STALE_AFTER_MS)).toBeUndefined();
  });

  it('release puts a run back in the queue for the next claim', async () => {
    const { run } = await runs.request(tenant, randomUUID(), 'manual', 'alice', false);
    const claimed = await runs.claim(STALE_AFTER_MS);
    if (!claimed) throw new Error('nothing claimed');

    await runs.release(claimed);

    expect(await row(run.id)).toMatchObject({ status: 'queued', claim_token: null });
    const next = await runs.claim(STALE_AFTER_MS);
    expect(next?.id).toBe(run.id);
    expect(next?.claimToken).not.toBe(claimed.claimToken);
    // The released claim can no longer finish it.
    await runs.fail(claimed, 'failed', 'late');
    expect((await row(run.id))?.status).toBe('running');
  });

  it('enqueues one scheduled run per connected identity provider, and none again within the interval', async () => {
    const auth0 = await insertConnection(db.owner, tenant, 'auth0', 'acme-prod');
    const entra = await insertConnection(db.owner, otherTenant, 'entra', 'dir-1234');
    await insertConnection(db.owner, tenant, 'aws', '123456789012');
    await insertConnection(db.owner, tenant, 'auth0', 'acme-old', 'disconnected');

    expect(await runs.enqueueDue(HOUR_MS)).toBe(2);

    const queued = await rows();
    expect(queued.map((r) => r.connection_id).sort()).toEqual([auth0, entra].sort());
    expect(queued).toEqual([
      expect.objectContaining({
        trigger: 'schedule',
        full: false,
        status: 'queued',
        requested_by: 'scheduler',
      }),
      expect.objectContaining({
        trigger: 'schedule',
        full: false,
        status: 'queued',
        requested_by: 'scheduler',
      }),
    ]);
    expect(queued.find((r) => r.connection_id === entra)?.tenant_id).toBe(otherTenant);
    expect(queued.find((r) => r.connection_id === auth0)?.tenant_id).toBe(tenant);

    // Still queued: nothing more.
    expect(await runs.enqueueDue(HOUR_MS)).toBe(0);
    // Finished within the interval: nothing more either.
    await db.owner.query(`UPDATE directory_sync_runs SET status = 'succeeded'`);
    expect(await runs.enqueueDue(HOUR_MS)).toBe(0);
    // Once the last run is older than the interval, the connection is due again.
    await db.owner.query(
      `UPDATE directory_sync_runs SET created_at = now() - interval '2 hours' WHERE connection_id = $1`,
      [auth0],
    );
    expect(await runs.enqueueDue(HOUR_MS)).toBe(1);
    const due = (await rows()).filter((r) => r.status === 'queued');
    expect(due.map((r) => r.connection_id)).toEqual([auth0]);
    // A connection with a run requested by hand is not queued twice.
    await db.owner.query(
      `UPDATE directory_sync_runs SET created_at = now() - interval '2 hours' WHERE connection_id = $1`,
      [entra],
    );
    await db.owner.query(`DELETE FROM directory_sync_runs WHERE status = 'queued'`);
    await runs.request(otherTenant, entra, 'manual', 'bob', false);
    expect(await runs.enqueueDue(HOUR_MS)).toBe(1);
    expect(
      (await rows())
        .filter((r) => r.status === 'queued')
        .map((r) => `${r.connection_id}:${r.trigger}`)
        .sort(),
    ).toEqual([`${auth0}:schedule`, `${entra}:manual`].sort());
  });
});
