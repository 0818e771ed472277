import { randomUUID } from 'node:crypto';

import type { Principal } from '@codex/auth';
import { decodeCursor, NotFoundProblem } from '@codex/platform';

import {
  type AetheriumDatabase,
  insertAction,
  openAetheriumDatabase,
} from '../testing/aetherium-database.fixture';
import { ActionLedger } from './action-ledger';
import { actionListQuerySchema } from './api/action.schemas';

const caller = (tenantId: string): Principal => ({
  subject: 'user-1',
  person: 'user-1',
  tenantId,
  roles: ['viewer'],
  issuedAt: new Date(),
  expiresAt: new Date(Date.now() + 60_000),
});

describe('the action ledger list', () => {
  let db: AetheriumDatabase;
  let ledger: ActionLedger;
  const tenant = `tenant-${randomUUID()}`;
  const other = `tenant-${randomUUID()}`;
  const mine: string[] = [];

  beforeAll(async () => {
    db = await openAetheriumDatabase();
    ledger = new ActionLedger(db.runtime);
    const actions = [
      { tenantId: tenant, status: 'succeeded' },
      { tenantId: tenant, status: 'pending_approval' },
      { tenantId: other, status: 'succeeded' },
      { tenantId: tenant, status: 'succeeded' },
    ];
    for (const [index, action] of actions.entries()) {
      const id = randomUUID();
      if (action.tenantId === tenant) mine.push(id);
      await insertAction(db.owner, {
        id,
        tenant_id: action.tenantId,
        status: action.status,
        requested_at: new Date(Date.now() - (60 - index) * 1000).toISOString(),
      });
    }
  });

  afterAll(async () => {
    await db?.close();
  });

  const list = (tenantId: string, query: Record<string, unknown>) =>
    ledger.list(caller(tenantId), actionListQuerySchema.parse(query));

  it("pages through the tenant's actions newest first, never showing another tenant's", async () => {
    const first = await list(tenant, { limit: '2' });
    const second = await list(tenant, { limit: '2', cursor: first.nextCursor });

    expect(first.items.map((action) => action.id)).toEqual([mine[2], mine[1]]);
    expect(second.items.map((action) => action.id)).toEqual([mine[0]]);
    expect(second.nextCursor).toBeNull();
  });

  it("pages through an action's history oldest first, and hides it from another tenant", async () => {
    const [actionId = ''] = mine;
    const events = ['requested', 'approved', 'dispatched'];
    for (const [index, event] of events.entries()) {
      await db.owner.query(
        `INSERT INTO action_events (id, action_id, tenant_id, event, actor, details, occurred_at)
         VALUES ($1, $2, $3, $4, 'user-1', '{}', now() - make_interval(secs => $5))`,
        [randomUUID(), actionId, tenant, event, 10 - index],
      );
    }

    const first = await ledger.history(caller(tenant), actionId, { limit: 2 });
    const second = await ledger.history(caller(tenant), actionId, {
      limit: 2,
      cursor: decodeCursor(first.nextCursor ?? ''),
    });

    expect([...first.items, ...second.items].map((event) => event.event)).toEqual(events);
    expect(first.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(first.items[0]).not.toHaveProperty('tenantId');
    await expect(ledger.history(caller(other), actionId, { limit: 2 })).rejects.toBeInstanceOf(
      NotFoundProblem,
    );
  });

  it('filters by status across pages', async () => {
    const first = await list(tenant, { status: 'succeeded', limit: '1' });
    const second = await list(tenant, {
      status: 'succeeded',
      limit: '1',
      cursor: first.nextCursor,
    });

    expect([...first.items, ...second.items].map((action) => action.id)).toEqual([
      mine[2],
      mine[0],
    ]);
    expect(second.nextCursor).toBeNull();
  });
});
