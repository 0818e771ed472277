import { randomUUID } from 'node:crypto';

import { AccountStatus } from '@codex/contracts';

import {
  accountConnectedEvent,
  projectAccountEvents,
  testKeys,
} from '../accounts/connected-account.fixture';
import { freshMotoAccount } from '../providers/aws/moto-estate.fixture';
import { type DiscoveryDatabase, openDiscoveryDatabase } from './discovery-database.fixture';
import {
  AccountNotConnectedError,
  DiscoveryRunStore,
  RunInProgressError,
  RunLostError,
} from './discovery-run-store';

describe('discovery runs: queueing, claiming and scheduling', () => {
  const keys = testKeys();
  const tenantId = `tenant-${randomUUID()}`;
  let db: DiscoveryDatabase;
  let store: DiscoveryRunStore;

  beforeEach(async () => {
    db = await openDiscoveryDatabase();
    store = new DiscoveryRunStore(db.runtime);
  });

  afterEach(async () => {
    await db.close();
  });

  async function connect(status = AccountStatus.CONNECTED): Promise<string> {
    const event = await accountConnectedEvent(freshMotoAccount(['eu-west-1']), keys.wrapper, {
      tenantId,
      status,
    });
    await projectAccountEvents(db.runtime, [event]);
    return event.payload.accountId;
  }

  const manual = (accountId: string) =>
    store.enqueue({ tenantId, accountId, trigger: 'manual', requestedBy: 'test' });

  it('refuses a second run of an account while one is queued or running', async () => {
    const accountId = await connect();
    await manual(accountId);
    await expect(manual(accountId)).rejects.toBeInstanceOf(RunInProgressError);

    await store.claim(10);
    await expect(manual(accountId)).rejects.toBeInstanceOf(RunInProgressError);
  });

  it("refuses to queue a run of a disconnected account, or of another tenant's", async () => {
    const disconnected = await connect(AccountStatus.DISCONNECTED);
    const connected = await connect();

    await expect(manual(disconnected)).rejects.toBeInstanceOf(AccountNotConnectedError);
    await expect(
      store.enqueue({
        tenantId: `tenant-${randomUUID()}`,
        accountId: connected,
        trigger: 'manual',
        requestedBy: 'test',
      }),
    ).rejects.toBeInstanceOf(AccountNotConnectedError);
  });

  it('hands each queued run to one claimer only, oldest first', async () => {
    const first = await manual(await connect());
    const second = await manual(await connect());

    const claims = await Promise.all([store.claim(10), store.claim(10), store.claim(10)]);

    expect(claims.map((claim) => claim?.id).sort()).toEqual(
      [first.id, second.id, undefined].sort(),
    );
  });

  it('lets another replica take over a run whose replica stopped beating, and silences the old one', async () => {
    const run = await manual(await connect());
    const dead = await store.claim(10);
    await db.dataSource.query(
      `UPDATE discovery_runs SET heartbeat_at = now() - interval '11 minutes' WHERE id = $1`,
      [run.id],
    );

    const takeover = await store.claim(10);

    expect(takeover?.id).toBe(run.id);
    expect(takeover?.claimToken).not.toBe(dead?.claimToken);
    await expect(store.fail(dead!, 'X', 'late', {})).rejects.toBeInstanceOf(RunLostError);
  });

  it('schedules one run per connected account that is due, and none twice', async () => {
    const due = await connect();
    await connect(AccountStatus.DISCONNECTED);
    const recent = await connect();
    const claimed = await manual(recent);
    await db.dataSource.query(
      `UPDATE discovery_runs SET status = 'succeeded', created_at = now() - interval '5 minutes' WHERE id = $1`,
      [claimed.id],
    );

    expect(await Promise.all([store.enqueueDue(15), store.enqueueDue(15)])).toEqual(
      expect.arrayContaining([1, 0]),
    );
    const queued = await db.dataSource.query<{ account_id: string; trigger: string }[]>(
      `SELECT account_id, trigger FROM discovery_runs WHERE status = 'queued'`,
    );
    expect(queued).toEqual([{ account_id: due, trigger: 'schedule' }]);
    expect(await store.enqueueDue(15)).toBe(0);
    expect(await store.enqueueDue(4)).toBe(1);
  });
});
