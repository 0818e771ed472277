import { randomUUID } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ActionCompletedSchema, ActionOutcome } from '@codex/contracts';
import type { DeliveredEvent } from '@codex/messaging';

import {
  type AetheriumDatabase,
  insertAction,
  openAetheriumDatabase,
} from '../testing/aetherium-database.fixture';
import { ActionCompletions } from './action-completions';
import { ActionLedger } from './action-ledger';

function completion(
  tenantId: string,
  actionId: string,
  outcome: ActionOutcome,
  executor = 'engine-core',
): DeliveredEvent<'action.completed'> {
  return {
    topic: 'action.completed',
    key: actionId,
    envelope: {
      id: randomUUID(),
      source: executor,
      type: 'codex.action.completed.v1',
      time: new Date().toISOString(),
      subject: actionId,
      tenantId,
      traceparent: '',
    },
    payload: create(ActionCompletedSchema, {
      actionId,
      tenantId,
      outcome,
      executor,
      message: ActionOutcome[outcome],
      completedAt: timestampFromDate(new Date()),
    }),
  };
}

describe('action completions', () => {
  let db: AetheriumDatabase;
  let completions: ActionCompletions;
  const tenant = `tenant-${randomUUID()}`;

  const apply = (events: DeliveredEvent<'action.completed'>[]) =>
    db.runtime.transaction((manager) => completions.apply(events, manager));
  const stateOf = async (id: string) =>
    (
      await db.owner.query<{ status: string; executions: number }[]>(
        'SELECT status, executions FROM actions WHERE id = $1',
        [id],
      )
    )[0];
  const historyOf = async (id: string) =>
    (
      await db.owner.query<{ event: string }[]>(
        'SELECT event FROM action_events WHERE action_id = $1 ORDER BY occurred_at, id',
        [id],
      )
    ).map((row) => row.event);

  beforeAll(async () => {
    db = await openAetheriumDatabase();
    completions = new ActionCompletions(new ActionLedger(db.runtime));
  });

  afterAll(async () => {
    await db?.close();
  });

  it('a dispatched action takes its outcome once; a late contrary completion is recorded but changes nothing', async () => {
    const id = randomUUID();
    await insertAction(db.owner, { id, tenant_id: tenant, status: 'dispatched' });
    await apply([completion(tenant, id, ActionOutcome.SUCCEEDED)]);
    await apply([completion(tenant, id, ActionOutcome.REJECTED, 'another-executor')]);
    await apply([completion(tenant, id, ActionOutcome.SUCCEEDED)]);

    expect(await stateOf(id)).toEqual({ status: 'succeeded', executions: 3 });
    expect(await historyOf(id)).toEqual(['succeeded', 'completion_ignored', 'completion_ignored']);
  });

  it('a completion from an executor that does not own the action, even first, never closes it', async () => {
    const id = randomUUID();
    await insertAction(db.owner, { id, tenant_id: tenant, status: 'dispatched' });
    await apply([completion(tenant, id, ActionOutcome.REJECTED, 'another-executor')]);
    expect(await stateOf(id)).toEqual({ status: 'dispatched', executions: 1 });
    await apply([completion(tenant, id, ActionOutcome.SUCCEEDED)]);
    expect(await stateOf(id)).toEqual({ status: 'succeeded', executions: 2 });
    expect(await historyOf(id)).toEqual(['completion_ignored', 'succeeded']);
  });

  it('a completion for an action still waiting for approval does not dispatch or close it', async () => {
    const id = randomUUID();
    await insertAction(db.owner, { id, tenant_id: tenant, status: 'pending_approval' });
    await apply([completion(tenant, id, ActionOutcome.SUCCEEDED)]);
    expect((await stateOf(id))?.status).toBe('pending_approval');
  });

  it("a completion naming another tenant's action touches nothing", async () => {
    const id = randomUUID();
    await insertAction(db.owner, { id, tenant_id: tenant, status: 'dispatched' });
    await apply([completion(`tenant-${randomUUID()}`, id, ActionOutcome.FAILED)]);
    expect(await stateOf(id)).toEqual({ status: 'dispatched', executions: 0 });
  });
});
