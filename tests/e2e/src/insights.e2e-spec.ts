import { randomUUID } from 'node:crypto';

import { create, type JsonObject } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { InsightGeneratedSchema, InsightKind, InsightSeverity } from '@codex/contracts';
import { type StandalonePublisher, startStandalonePublisher } from '@codex/messaging';
import {
  createScratchDatabase,
  eventually,
  localInfra,
  type RunningPlatform,
  type ScratchDatabase,
  startPlatform,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '@codex/testing';

import { gatewayApi } from './support/gateway-api';

interface InsightView {
  id: string;
  kind: string;
  severity: string;
  subjectUrn: string;
  type: string;
  details: Record<string, unknown>;
  status: string;
  statusReason: string | null;
}
interface Problem {
  status: number;
  code: string;
  errors?: { field: string; message: string }[];
}
interface BudgetView {
  id: string;
  forecast: { projected: string; lo80: string; hi80: string; overrunDate: string | null } | null;
}
interface BudgetAlertView {
  budgetId: string;
  threshold: number;
  basis: string;
  spent: string;
}

const month = new Date().toISOString().slice(0, 7);
const day = (n: number) => `${month}-${String(n).padStart(2, '0')}`;

describe('Insights through the gateway', () => {
  let idp: TestIdentityProvider;
  let platform: RunningPlatform;
  let outboxDatabase: ScratchDatabase;
  let oracle: StandalonePublisher;
  const tenant = `insights-${randomUUID().slice(0, 8)}`;
  let tokens: Record<'admin' | 'operator' | 'viewer' | 'stranger', string>;
  const api = gatewayApi(() => platform.gatewayUrl);

  /** Publishes an insight as the oracle would, through Kafka. */
  const publish = async (insight: {
    kind: InsightKind;
    subjectUrn: string;
    details: JsonObject;
  }): Promise<string> => {
    const insightId = randomUUID();
    await oracle.publish('insight.generated', [
      {
        payload: create(InsightGeneratedSchema, {
          insightId,
          tenantId: tenant,
          severity: InsightSeverity.MEDIUM,
          title: 'From the e2e',
          summary: 'Published by the insights e2e.',
          producedBy: 'oracle',
          generatedAt: timestampFromDate(new Date()),
          ...insight,
        }),
        metadata: { key: insight.subjectUrn, tenantId: tenant },
      },
    ]);
    return insightId;
  };
  const insightById = (id: string) =>
    eventually(
      async () => {
        const answer = await api<InsightView>('GET', `/api/v1/insights/${id}`, tokens.viewer);
        expect(answer.status).toBe(200);
        return answer.body;
      },
      { timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    platform = await startPlatform({
      env: idp.env,
      serviceEnv: {
        aetherium: { COST_INGEST_INTERVAL_MINUTES: '0' },
        'great-library': { STORAGE_DISCOVERY_INTERVAL_MINUTES: '0' },
      },
    });
    outboxDatabase = await createScratchDatabase('insights_e2e_oracle');
    oracle = await startStandalonePublisher({
      databaseUrl: outboxDatabase.url,
      source: 'oracle',
      brokers: localInfra().kafkaBrokers,
      topicPrefix: platform.topicPrefix,
      publishes: ['insight.generated'],
    });
    const token = (roles: string[]) => idp.token({ tenant, roles });
    tokens = {
      admin: await token(['admin']),
      operator: await token(['operator']),
      viewer: await token(['viewer']),
      stranger: await idp.token({ tenant: `other-${tenant}`, roles: ['admin'] }),
    };
  }, 180_000);

  afterAll(async () => {
    await oracle?.close();
    await outboxDatabase?.drop();
    await platform?.stop();
    await idp?.close();
  });

  it('serves a published insight, and lets an operator dismiss it with a reason', async () => {
    const id = await publish({
      kind: InsightKind.ANOMALY,
      subjectUrn: 'codex:aws:123456789012:us-east-1:ec2/instance/i-e2e',
      details: { type: 'metric_anomaly', score: 7.5 },
    });

    expect(await insightById(id)).toMatchObject({
      kind: 'anomaly',
      severity: 'medium',
      type: 'metric_anomaly',
      details: { type: 'metric_anomaly', score: 7.5 },
      status: 'open',
    });
    const listed = await api<{ items: InsightView[] }>(
      'GET',
      '/api/v1/insights?kind=anomaly&status=open',
      tokens.viewer,
    );
    expect(listed.body.items.map((insight) => insight.id)).toContain(id);

    const asViewer = await api<Problem>('POST', `/api/v1/insights/${id}/dismiss`, tokens.viewer, {
      reason: 'seen',
    });
    expect(asViewer.status).toBe(403);
    const dismissed = await api<InsightView>(
      'POST',
      `/api/v1/insights/${id}/dismiss`,
      tokens.operator,
      { reason: 'planned load test' },
    );
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({
      status: 'dismissed',
      statusReason: 'planned load test',
    });
  });

  it('answers 400 naming each bad query field and a missing reason', async () => {
    const list = await api<Problem>(
      'GET',
      '/api/v1/insights?kind=guess&severity=dire&limit=0&since=yesterday&cursor=nope&colour=red',
      tokens.viewer,
    );
    expect(list.status).toBe(400);
    expect(list.body.errors?.map((error) => error.field).sort()).toEqual([
      'query.colour',
      'query.cursor',
      'query.kind',
      'query.limit',
      'query.severity',
      'query.since',
    ]);
    const id = await publish({
      kind: InsightKind.RECOMMENDATION,
      subjectUrn: 'codex:aws:123456789012:us-east-1:ec2/instance/i-idle',
      details: { type: 'rightsizing' },
    });
    await insightById(id);
    const dismiss = await api<Problem>(
      'POST',
      `/api/v1/insights/${id}/dismiss`,
      tokens.operator,
      {},
    );
    expect(dismiss.status).toBe(400);
    expect(dismiss.body.errors?.map((error) => error.field)).toEqual(['body.reason']);
  });

  it("shows another tenant none of the tenant's insights", async () => {
    const id = await publish({
      kind: InsightKind.ANALYSIS,
      subjectUrn: 'codex:identity:user/alice',
      details: { type: 'identity_risk' },
    });
    await insightById(id);

    const list = await api<{ items: InsightView[] }>('GET', '/api/v1/insights', tokens.stranger);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    expect((await api('GET', `/api/v1/insights/${id}`, tokens.stranger)).status).toBe(404);
    const dismiss = await api('POST', `/api/v1/insights/${id}/dismiss`, tokens.stranger, {
      reason: 'not mine',
    });
    expect(dismiss.status).toBe(404);
    expect((await insightById(id)).status).toBe('open');
  });

  it('raises forecast alerts for a budget when the oracle forecasts its scope over the amount', async () => {
    const created = await api<BudgetView>('POST', '/api/v1/costs/budgets', tokens.admin, {
      name: 'EC2',
      scope: { kind: 'service', value: 'Amazon EC2' },
      monthlyAmount: '1000',
      currency: 'USD',
      metric: 'billed',
      thresholds: [80, 100, 200],
    });
    expect(created.status).toBe(201);
    expect(created.body.forecast).toBeNull();
    const points = Array.from({ length: 27 }, (_, index) => ({
      date: day(index + 2),
      mean: 40,
      lo80: 30,
      hi80: 50,
      lo95: 25,
      hi95: 55,
    }));
    await publish({
      kind: InsightKind.FORECAST,
      subjectUrn: 'codex:cost-scope:service:Amazon EC2',
      details: {
        type: 'cost_forecast',
        scope: { kind: 'service', value: 'Amazon EC2' },
        currency: 'USD',
        metric: 'billed',
        month,
        monthToDate: 400,
        projectedMonthTotal: 1480,
        projectedLo80: 1300,
        projectedHi80: 1700,
        horizonDays: 27,
        points,
      },
    });

    const alerts = await eventually(
      async () => {
        const answer = await api<{ items: BudgetAlertView[] }>(
          'GET',
          '/api/v1/costs/budgets/alerts',
          tokens.viewer,
        );
        const mine = answer.body.items.filter((alert) => alert.budgetId === created.body.id);
        expect(mine).toHaveLength(2);
        return mine;
      },
      { timeoutMs: 60_000 },
    );
    expect(
      alerts
        .map(({ threshold, basis, spent }) => ({ threshold, basis, spent }))
        .sort((a, b) => a.threshold - b.threshold),
    ).toEqual([
      { threshold: 80, basis: 'forecast', spent: '1480.00' },
      { threshold: 100, basis: 'forecast', spent: '1480.00' },
    ]);
    const budgets = await api<{ items: BudgetView[] }>(
      'GET',
      '/api/v1/costs/budgets',
      tokens.viewer,
    );
    expect(budgets.body.items.find((budget) => budget.id === created.body.id)?.forecast).toEqual({
      projected: '1480.00',
      lo80: '1300.00',
      hi80: '1700.00',
      // 400 spent by the 1st, then 40 a day: 1000 is reached on the 16th.
      overrunDate: day(16),
    });
    // The alerts come back as insights of their own, the higher threshold the open one.
    const alertInsights = await eventually(
      async () => {
        const answer = await api<{ items: InsightView[] }>(
          'GET',
          `/api/v1/insights?type=budget_alert&subject=codex:budget:${created.body.id}`,
          tokens.viewer,
        );
        expect(answer.body.items).toHaveLength(2);
        return answer.body.items;
      },
      { timeoutMs: 60_000 },
    );
    expect(
      alertInsights.map((insight) => [insight.details.threshold, insight.status]).sort(),
    ).toEqual([
      [100, 'open'],
      [80, 'superseded'],
    ]);
    expect(alertInsights[0]?.details).toMatchObject({ basis: 'forecast', overrunDate: day(16) });
  });
});
