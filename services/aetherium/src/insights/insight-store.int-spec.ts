import { randomUUID } from 'node:crypto';

import type { Principal } from '@codex/auth';
import { InsightKind } from '@codex/contracts';
import type { DeliveredEvent } from '@codex/messaging';
import { NotFoundProblem, type ProblemException } from '@codex/platform';

import {
  type AetheriumDatabase,
  openAetheriumDatabase,
} from '../testing/aetherium-database.fixture';
import { insightListQuery } from './api/insight.schemas';
import { DismissInsight } from './dismiss-insight';
import { insightEvent } from './insight-events.fixture';
import { InsightReader } from './insight-reader';
import { StoreInsights } from './store-insights';

const caller = (tenantId: string): Principal => ({
  subject: 'operator-1',
  person: 'operator-1',
  tenantId,
  roles: ['operator'],
  issuedAt: new Date(),
  expiresAt: new Date(Date.now() + 60_000),
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('the insight store', () => {
  let db: AetheriumDatabase;
  let store: StoreInsights;
  let reader: InsightReader;
  let dismissals: DismissInsight;

  const apply = (...events: DeliveredEvent<'insight.generated'>[]) =>
    db.runtime.transaction((manager) => store.apply(events, manager));
  const list = (tenantId: string, query: Record<string, unknown> = {}) =>
    reader.list(caller(tenantId), insightListQuery.parse(query));
  const statusOf = async (tenantId: string, id: string) => {
    const insight = await reader.get(caller(tenantId), id);
    return { status: insight.status, supersededBy: insight.supersededBy };
  };

  beforeAll(async () => {
    db = await openAetheriumDatabase();
    store = new StoreInsights([]);
    reader = new InsightReader(db.runtime);
    dismissals = new DismissInsight(db.runtime);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('stores an insight delivered twice, or republished under a new event id, once', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const first = insightEvent({ tenantId: tenant });
    await apply(first, first);
    await apply(insightEvent({ tenantId: tenant, insightId: first.payload.insightId }));

    const page = await list(tenant);
    expect(page.items.map((insight) => [insight.id, insight.status, insight.kind])).toEqual([
      [first.payload.insightId, 'open', 'anomaly'],
    ]);
    expect(page.items[0]).toMatchObject({ type: 'metric_anomaly', severity: 'medium' });
  });

  it('lets a newer insight on the same subject and type supersede the open one, keeping history', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const subject = { tenantId: tenant, subjectUrn: 'codex:cost-scope:all' };
    const older = insightEvent({ ...subject, generatedAt: minutesAgo(30) });
    const newer = insightEvent({ ...subject, generatedAt: minutesAgo(10) });
    const late = insightEvent({ ...subject, generatedAt: minutesAgo(20) });
    const otherKey = insightEvent({
      ...subject,
      details: { type: 'metric_anomaly', dedupeKey: 'memory' },
      generatedAt: minutesAgo(25),
    });
    await apply(older);
    await apply(newer, late, otherKey);

    expect(await statusOf(tenant, older.payload.insightId)).toEqual({
      status: 'superseded',
      supersededBy: newer.payload.insightId,
    });
    expect(await statusOf(tenant, newer.payload.insightId)).toEqual({
      status: 'open',
      supersededBy: null,
    });
    expect(await statusOf(tenant, late.payload.insightId)).toEqual({
      status: 'superseded',
      supersededBy: newer.payload.insightId,
    });
    expect(await statusOf(tenant, otherKey.payload.insightId)).toMatchObject({ status: 'open' });
    const open = await list(tenant, { status: 'open' });
    expect(open.items.map((insight) => insight.id)).toEqual([
      newer.payload.insightId,
      otherKey.payload.insightId,
    ]);
  });

  it('pages newest first and filters by kind, type, subject and time', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const events = [
      insightEvent({ tenantId: tenant, subjectUrn: 'codex:x:1', generatedAt: minutesAgo(40) }),
      insightEvent({
        tenantId: tenant,
        kind: InsightKind.FORECAST,
        subjectUrn: 'codex:x:2',
        details: { type: 'node_forecast' },
        generatedAt: minutesAgo(30),
      }),
      insightEvent({ tenantId: tenant, subjectUrn: 'codex:x:3', generatedAt: minutesAgo(20) }),
    ];
    await apply(...events);
    const [oldest, forecast, newest] = events.map((event) => event.payload.insightId);

    const first = await list(tenant, { limit: '2' });
    const second = await list(tenant, { limit: '2', cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((insight) => insight.id)).toEqual([
      newest,
      forecast,
      oldest,
    ]);
    expect(second.nextCursor).toBeNull();
    expect((await list(tenant, { kind: 'forecast' })).items.map((i) => i.id)).toEqual([forecast]);
    expect((await list(tenant, { type: 'node_forecast' })).items.map((i) => i.id)).toEqual([
      forecast,
    ]);
    expect((await list(tenant, { subject: 'codex:x:1' })).items.map((i) => i.id)).toEqual([oldest]);
    const since = minutesAgo(25).toISOString();
    expect((await list(tenant, { since })).items.map((i) => i.id)).toEqual([newest]);
  });

  it('shows another tenant nothing: not in lists, not by id, not to a dismissal', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const stranger = `tenant-${randomUUID()}`;
    const event = insightEvent({ tenantId: tenant });
    await apply(event);
    const id = event.payload.insightId;

    expect((await list(stranger)).items).toEqual([]);
    await expect(reader.get(caller(stranger), id)).rejects.toBeInstanceOf(NotFoundProblem);
    await expect(
      dismissals.dismiss(caller(stranger), id, { reason: 'not mine' }),
    ).rejects.toBeInstanceOf(NotFoundProblem);
    const unscoped = await db.runtime.query<unknown[]>('SELECT id FROM insights WHERE id = $1', [
      id,
    ]);
    expect(unscoped).toEqual([]);
    expect(await statusOf(tenant, id)).toMatchObject({ status: 'open' });
  });

  it('dismisses an open insight with the reason, once; a superseded one cannot be dismissed', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const older = insightEvent({ tenantId: tenant, generatedAt: minutesAgo(5) });
    const newer = insightEvent({ tenantId: tenant });
    await apply(older, newer);

    const dismissed = await dismissals.dismiss(caller(tenant), newer.payload.insightId, {
      reason: 'planned load test',
    });
    const again = await dismissals.dismiss(caller(tenant), newer.payload.insightId, {
      reason: 'another reason',
    });

    expect(dismissed).toMatchObject({
      status: 'dismissed',
      statusReason: 'planned load test',
      statusChangedBy: 'operator-1',
    });
    expect(again).toEqual(dismissed);
    expect(await reader.get(caller(tenant), newer.payload.insightId)).toEqual(dismissed);
    await expect(
      dismissals.dismiss(caller(tenant), older.payload.insightId, { reason: 'old' }),
    ).rejects.toMatchObject({ code: 'insight_not_open' } satisfies Partial<ProblemException>);
  });
});
