import { randomBytes, randomUUID } from 'node:crypto';

import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  eventually,
  freePort,
  MotoAccount,
  type RunningPlatform,
  startPlatform,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '@codex/testing';

import { discoverAccount, gatewayApi } from './support/gateway-api';
import { writeInstanceBills } from './support/instance-bills';

interface RecommendationView {
  id: string;
  kind: string;
  resourceUrn: string;
  status: string;
  saving: { monthly: number; currency: string };
  risk: { level: string; reason: string };
  effort: string;
  evidence: Record<string, unknown>;
  action: { type: string; params: Record<string, unknown> } | null;
  draftActionId: string | null;
  executedAt: string | null;
  realised: {
    realisedMonthlySaving: number;
    daysBefore: number;
    daysAfter: number;
    currency: string;
  } | null;
}
interface Problem {
  status: number;
  code: string;
  errors?: { field: string; message: string }[];
}

const US = 'us-east-1';
const DAY_MS = 86_400_000;
const BEFORE_RATE = 0.192; // m5.xlarge, USD an hour
const AFTER_RATE = 0.096; // m5.large
const CPU = [12, 15, 13, 14];

const dayAfter = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

describe('Oracle recommendations through the gateway: rightsizing applied, approved, executed and its saving measured', () => {
  let idp: TestIdentityProvider;
  let platform: RunningPlatform;
  const tenant = `oracle-${randomUUID().slice(0, 8)}`;
  const run = randomBytes(4).toString('hex');
  const moto = new MotoAccount();
  let tokens: Record<'admin' | 'operator' | 'approver' | 'viewer' | 'stranger', string>;
  let accountId = '';
  let instanceId = '';
  let urn = '';
  let recommendation: RecommendationView;

  const api = gatewayApi(() => platform.gatewayUrl);
  const refresh = async () => {
    const answer = await api<Record<string, number>>(
      'POST',
      '/api/v1/recommendations/refreshes',
      tokens.operator,
    );
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const recommendationNow = async () => {
    const answer = await api<RecommendationView>(
      'GET',
      `/api/v1/recommendations/${recommendation.id}`,
      tokens.viewer,
    );
    expect(answer.status).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    const gatewayPort = await freePort();
    platform = await startPlatform({
      env: idp.env,
      gatewayPort,
      serviceEnv: {
        aetherium: { COST_INGEST_INTERVAL_MINUTES: '0' },
        'engine-core': { DISCOVERY_INTERVAL_MINUTES: '0', CPU_PERIOD_SECONDS: '60' },
        'great-library': { STORAGE_DISCOVERY_INTERVAL_MINUTES: '0' },
        // The oracle drafts actions through the gateway, whose port is known before start.
        oracle: {
          AETHERIUM_URL: `http://127.0.0.1:${gatewayPort}`,
          RECOMMENDATION_INTERVAL_MINUTES: '0',
          RECOMMENDATION_MIN_CPU_SAMPLES: String(CPU.length),
        },
      },
    });
    const token = (roles: string[], subject: string) => idp.token({ tenant, roles, subject });
    tokens = {
      admin: await token(['admin'], 'ada@acme.test'),
      operator: await token(['operator'], 'olga@acme.test'),
      approver: await token(['approver'], 'april@acme.test'),
      viewer: await token(['viewer'], 'vic@acme.test'),
      stranger: await idp.token({ tenant: `other-${run}`, roles: ['admin'] }),
    };
    [instanceId = ''] = await moto.launch(US, 1, 'm5.xlarge', {
      Name: 'api-prod',
      env: 'production',
    });
    urn = `codex:aws:${moto.accountId}:${US}:ec2/instance/${instanceId}`;
    const connected = await api<{ id: string }>('POST', '/api/v1/accounts', tokens.admin, {
      provider: 'aws',
      name: 'oracle-sandbox',
      regions: [US],
      credentials: { kind: 'assume-role', ...moto.role },
    });
    expect(connected.status).toBe(201);
    accountId = connected.body.id;
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
    await idp?.close();
  });

  it('an m5.xlarge at 15 % CPU p95 is recommended down to m5.large, saving the list-price difference', async () => {
    const cloudwatch = new CloudWatchClient(await moto.clientConfig(US));
    // engine-core reads the newest CloudWatch datapoint at each discovery: one new minute each.
    for (const [index, value] of CPU.entries()) {
      await cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: 'AWS/EC2',
          MetricData: [
            {
              MetricName: 'CPUUtilization',
              Dimensions: [{ Name: 'InstanceId', Value: instanceId }],
              Timestamp: new Date(Date.now() - (CPU.length - index) * 120_000),
              Value: value,
              Unit: 'Percent',
            },
          ],
        }),
      );
      expect(await discoverAccount(api, tokens, accountId)).toMatchObject({ status: 'succeeded' });
    }
    recommendation = await eventually(
      async () => {
        await refresh();
        const listed = await api<{ items: RecommendationView[] }>(
          'GET',
          `/api/v1/recommendations?kind=rightsizing&resource=${encodeURIComponent(urn)}`,
          tokens.viewer,
        );
        const [found] = listed.body.items;
        if (!found || found.evidence['samples'] !== CPU.length) throw new Error('not yet');
        return found;
      },
      { timeoutMs: 90_000 },
    );
    expect(recommendation).toMatchObject({
      status: 'open',
      action: { type: 'resize', params: { instanceType: 'm5.large' } },
      saving: { monthly: 70.08, currency: 'USD' },
      evidence: { p95Percent: 15, projectedP95Percent: 30, currentSize: 'm5.xlarge' },
    });
    expect(['low', 'medium', 'high']).toContain(recommendation.risk.level);
  }, 240_000);

  it('bad queries and bodies are refused naming the field; another tenant sees nothing', async () => {
    const bad = await api<Problem>(
      'GET',
      '/api/v1/recommendations?kind=cheaper&limit=0',
      tokens.viewer,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((error) => error.field).sort()).toEqual([
      'query.kind',
      'query.limit',
    ]);
    const badCursor = await api<Problem>(
      'GET',
      '/api/v1/recommendations?cursor=nonsense',
      tokens.viewer,
    );
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors?.[0]?.field).toBe('query.cursor');
    const badBody = await api<Problem>(
      'POST',
      `/api/v1/recommendations/${recommendation.id}/dismiss`,
      tokens.operator,
      { reason: 42 },
    );
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors?.[0]?.field).toBe('body.reason');
    expect(
      (await api('POST', `/api/v1/recommendations/${recommendation.id}/apply`, tokens.viewer))
        .status,
    ).toBe(403);
    const elsewhere = await api<{ items: unknown[] }>(
      'GET',
      '/api/v1/recommendations',
      tokens.stranger,
    );
    expect(elsewhere.body.items).toEqual([]);
    expect(
      (await api('GET', `/api/v1/recommendations/${recommendation.id}`, tokens.stranger)).status,
    ).toBe(404);
  });

  it('apply makes one draft action; submitted it waits for an approver, and approved it resizes the instance', async () => {
    const applied = await api<RecommendationView>(
      'POST',
      `/api/v1/recommendations/${recommendation.id}/apply`,
      tokens.operator,
    );
    expect(applied.status).toBe(200);
    expect(applied.body.status).toBe('applied');
    const draftId = applied.body.draftActionId ?? '';
    const again = await api<RecommendationView>(
      'POST',
      `/api/v1/recommendations/${recommendation.id}/apply`,
      tokens.operator,
    );
    expect(again.body.draftActionId).toBe(draftId);
    const draft = await api<{ status: string; type: string; params: Record<string, unknown> }>(
      'GET',
      `/api/v1/actions/${draftId}`,
      tokens.viewer,
    );
    expect(draft.body).toMatchObject({
      status: 'draft',
      type: 'resize',
      params: { instanceType: 'm5.large' },
    });
    const submitted = await api<{ status: string; requiresApproval: boolean }>(
      'POST',
      `/api/v1/actions/${draftId}/submit`,
      tokens.operator,
    );
    expect(submitted.body).toMatchObject({ status: 'pending_approval', requiresApproval: true });
    expect((await moto.instance(US, instanceId)).instanceType).toBe('m5.xlarge');
    const approved = await api('POST', `/api/v1/actions/${draftId}/approve`, tokens.approver, {});
    expect(approved.status).toBe(200);
    await eventually(
      async () => {
        const action = await api<{ status: string }>(
          'GET',
          `/api/v1/actions/${draftId}`,
          tokens.viewer,
        );
        if (action.body.status !== 'succeeded') throw new Error(action.body.status);
      },
      { timeoutMs: 90_000 },
    );
    expect((await moto.instance(US, instanceId)).instanceType).toBe('m5.large');
    recommendation = await eventually(
      async () => {
        await refresh();
        const now = await recommendationNow();
        if (now.status !== 'executed') throw new Error(now.status);
        return now;
      },
      { timeoutMs: 60_000 },
    );
    expect(recommendation.executedAt).not.toBeNull();
  }, 240_000);

  it('once bills for days before and after the resize are ingested, the realised saving is what they imply', async () => {
    const actionDay = (recommendation.executedAt ?? '').slice(0, 10);
    const before = [5, 4, 3, 2, 1].map((back) => ({
      day: dayAfter(actionDay, -back),
      instanceType: 'm5.xlarge',
      hourlyRate: BEFORE_RATE,
    }));
    const after = [1, 2, 3].map((ahead) => ({
      day: dayAfter(actionDay, ahead),
      instanceType: 'm5.large',
      hourlyRate: AFTER_RATE,
    }));
    // The day of the resize bills both sizes; it counts for neither side.
    const resizeDay = { day: actionDay, instanceType: 'm5.xlarge', hourlyRate: 0.15 };
    const s3Config = await moto.clientConfig(US);
    const bucket = `billing-${run}`;
    await new S3Client(s3Config).send(new CreateBucketCommand({ Bucket: bucket }));
    writeInstanceBills(
      {
        credentials: s3Config.credentials,
        bucket,
        prefix: 'cur',
        exportName: 'codex-cur2',
        accountId: moto.accountId,
        region: US,
        instanceId,
      },
      [...before, resizeDay, ...after],
      `oracle-${run}`,
    );
    const source = await api<{ id: string }>('POST', '/api/v1/costs/sources', tokens.admin, {
      kind: 'aws-data-export',
      accountId,
      bucket,
      prefix: 'cur',
      exportName: 'codex-cur2',
      region: US,
    });
    expect(source.status).toBe(201);
    const started = await api<{ runId: string }>(
      'POST',
      `/api/v1/costs/sources/${source.body.id}/ingestions`,
      tokens.operator,
    );
    expect(started.status).toBe(202);
    const implied = Math.round((BEFORE_RATE * 24 - AFTER_RATE * 24) * 30.4 * 100) / 100;
    const measured = await eventually(
      async () => {
        await refresh();
        const now = await recommendationNow();
        if (now.realised?.daysBefore !== before.length || now.realised.daysAfter !== after.length)
          throw new Error(`not measured yet: ${JSON.stringify(now.realised)}`);
        return now;
      },
      { timeoutMs: 180_000, intervalMs: 2_000 },
    );
    expect(measured.status).toBe('measured');
    expect(measured.realised?.currency).toBe('USD');
    expect(Math.abs((measured.realised?.realisedMonthlySaving ?? 0) - implied)).toBeLessThanOrEqual(
      0.01,
    );
    const listed = await api<{ items: RecommendationView[] }>(
      'GET',
      '/api/v1/recommendations?status=measured',
      tokens.viewer,
    );
    expect(listed.body.items.map((item) => item.id)).toEqual([recommendation.id]);
  }, 300_000);
});
