import { randomUUID } from 'node:crypto';

import type { JsonObject } from '@bufbuild/protobuf';
import type { Principal } from '@codex/auth';
import { InsightKind } from '@codex/contracts';
import { type DeliveredEvent, Outbox } from '@codex/messaging';

import { insightEvent, outboxInsights } from '../../insights/insight-events.fixture';
import { StoreInsights } from '../../insights/store-insights';
import {
  type AetheriumDatabase,
  openAetheriumDatabase,
} from '../../testing/aetherium-database.fixture';
import { BudgetAlerts } from './budget-alerts';
import { BudgetForecasts } from './budget-forecasts';
import { Budgets } from './budgets';

const month = new Date().toISOString().slice(0, 7);
const day = (n: number) => `${month}-${String(n).padStart(2, '0')}`;

/** The oracle's forecast of a scope: 400 spent so far, then 40 a day from the 2nd on. */
function forecastOf(
  tenantId: string,
  scope: { kind: string; value?: string },
  projected: number,
  generatedAt = new Date(),
): DeliveredEvent<'insight.generated'> {
  const points = Array.from({ length: 27 }, (_, index) => ({
    date: day(index + 2),
    mean: 40,
    lo80: 30,
    hi80: 50,
    lo95: 25,
    hi95: 55,
  }));
  const details: JsonObject = {
    type: 'cost_forecast',
    scope,
    currency: 'USD',
    metric: 'billed',
    month,
    monthToDate: 400,
    projectedMonthTotal: projected,
    projectedLo80: projected - 100,
    projectedHi80: projected + 150,
    horizonDays: 27,
    points,
  };
  return insightEvent({
    tenantId,
    kind: InsightKind.FORECAST,
    subjectUrn: `codex:cost-scope:${scope.kind}${scope.value ? `:${scope.value}` : ''}`,
    details,
    generatedAt,
  });
}

describe('budgets on forecast', () => {
  let db: AetheriumDatabase;
  let store: StoreInsights;
  let budgets: Budgets;

  const apply = (...events: DeliveredEvent<'insight.generated'>[]) =>
    db.runtime.transaction((manager) => store.apply(events, manager));
  const caller = (tenantId: string): Principal => ({
    subject: 'admin-1',
    person: 'admin-1',
    tenantId,
    roles: ['admin'],
    issuedAt: new Date(),
    expiresAt: new Date(Date.now() + 60_000),
  });
  const createBudget = (
    tenantId: string,
    scope: { kind: 'service'; value: string } | { kind: 'all' },
    thresholds: number[],
  ) =>
    budgets.create(caller(tenantId), {
      name: 'compute',
      scope,
      monthlyAmount: '1000',
      currency: 'USD',
      metric: 'billed',
      thresholds,
    });
  const alertsOf = async (budgetId: string) =>
    (
      await db.owner.query<{ threshold: number; basis: string; spent: string }[]>(
        'SELECT threshold, basis, spent::text AS spent FROM cost_budget_alerts WHERE budget_id = $1 ORDER BY threshold',
        [budgetId],
      )
    ).map((row) => [row.threshold, row.basis, Number(row.spent)]);
  const publishedFor = async (budgetId: string) =>
    (await outboxInsights(db.owner)).filter(
      (event) => event.payload.details?.budgetId === budgetId,
    );

  beforeAll(async () => {
    db = await openAetheriumDatabase();
    const alerts = new BudgetAlerts(new Outbox('aetherium', ['insight.generated']));
    store = new StoreInsights([new BudgetForecasts(alerts)]);
    budgets = new Budgets(db.runtime, alerts);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('raises one forecast alert per threshold the projected month total reaches, with the overrun date', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const ec2 = await createBudget(
      tenant,
      { kind: 'service', value: 'Amazon EC2' },
      [50, 80, 100, 150],
    );
    const other = await createBudget(tenant, { kind: 'service', value: 'Amazon S3' }, [50]);
    const all = await createBudget(tenant, { kind: 'all' }, [100]);

    await apply(forecastOf(tenant, { kind: 'service', value: 'Amazon EC2' }, 1240));

    expect(await alertsOf(ec2.id)).toEqual([
      [50, 'forecast', 1240],
      [80, 'forecast', 1240],
      [100, 'forecast', 1240],
    ]);
    expect(await alertsOf(other.id)).toEqual([]);
    expect(await alertsOf(all.id)).toEqual([]);
    const published = await publishedFor(ec2.id);
    expect(published.map((event) => event.payload.details)).toEqual(
      [50, 80, 100].map((threshold): unknown =>
        expect.objectContaining({
          type: 'budget_alert',
          basis: 'forecast',
          threshold,
          projected: '1240.00',
          projectedLo80: '1140.00',
          projectedHi80: '1390.00',
          // 400 spent by the 1st, then 40 a day: 1000 is reached on the 16th.
          overrunDate: day(16),
        }),
      ),
    );
    const listed = await budgets.list(caller(tenant));
    expect(listed.find((budget) => budget.id === ec2.id)?.forecast).toEqual({
      projected: '1240.00',
      lo80: '1140.00',
      hi80: '1390.00',
      overrunDate: day(16),
    });
    expect(listed.find((budget) => budget.id === other.id)?.forecast).toBeNull();
  });

  it('alerts once per threshold as forecasts are replaced; a late older forecast replaces nothing', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const scope = { kind: 'all' };
    const budget = await createBudget(tenant, { kind: 'all' }, [100, 150]);

    await apply(forecastOf(tenant, scope, 1100, new Date(Date.now() - 60_000)));
    await apply(forecastOf(tenant, scope, 1200));
    await apply(forecastOf(tenant, scope, 1600, new Date(Date.now() - 120_000)));
    expect(await alertsOf(budget.id)).toEqual([[100, 'forecast', 1100]]);
    expect((await budgets.list(caller(tenant)))[0]?.forecast?.projected).toBe('1200.00');

    await apply(forecastOf(tenant, scope, 1550));
    expect(await alertsOf(budget.id)).toEqual([
      [100, 'forecast', 1100],
      [150, 'forecast', 1550],
    ]);
  });

  it('stores the alerts it publishes as insights, the higher threshold superseding the lower, and keeps tenants apart', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const stranger = `tenant-${randomUUID()}`;
    const budget = await createBudget(tenant, { kind: 'service', value: 'Amazon RDS' }, [50, 100]);
    const strangers = await createBudget(stranger, { kind: 'service', value: 'Amazon RDS' }, [50]);

    await apply(forecastOf(tenant, { kind: 'service', value: 'Amazon RDS' }, 1200));
    await apply(...(await publishedFor(budget.id)));

    expect(await alertsOf(strangers.id)).toEqual([]);
    const stored = await db.owner.query<{ status: string; threshold: number }[]>(
      `SELECT status, (details->>'threshold')::int AS threshold FROM insights
        WHERE tenant_id = $1 AND type = 'budget_alert' ORDER BY threshold`,
      [tenant],
    );
    expect(stored).toEqual([
      { status: 'superseded', threshold: 50 },
      { status: 'open', threshold: 100 },
    ]);
  });

  it('refuses a malformed forecast, storing nothing of it', async () => {
    const tenant = `tenant-${randomUUID()}`;
    const broken = forecastOf(tenant, { kind: 'tag' }, 1200);
    await expect(apply(broken)).rejects.toThrow(/details\.scope\.value/);
    const rows = await db.owner.query<unknown[]>('SELECT 1 FROM insights WHERE tenant_id = $1', [
      tenant,
    ]);
    expect(rows).toEqual([]);
  });
});
