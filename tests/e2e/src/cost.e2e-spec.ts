import { randomBytes, randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { validateFocusHeader, validateFocusRow } from '@codex/contracts';
import {
  eventually,
  MotoAccount,
  type RunningPlatform,
  startPlatform,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '@codex/testing';
import { parse } from 'csv-parse/sync';

import {
  type BillDestinations,
  type BillEstate,
  type GroundTruthTotal,
  writeBills,
} from './support/cost-bills';
import { connectCostEstate, COST_SUBSCRIPTION, createCostSources } from './support/cost-estate';
import { costEventSums, type CostSums } from './support/cost-events';
import { gatewayApi } from './support/gateway-api';
import { azureAccount } from './support/storage-estate';

interface Source {
  id: string;
  kind: string;
  lastRun: {
    runId: string;
    status: 'running' | 'succeeded' | 'failed';
    error: string | null;
  } | null;
}
interface Ingestion {
  billingPeriod: string;
  version: string;
  status: string;
  lineCount: number;
  error: string | null;
}
interface Group {
  key: string;
  currency: string;
  billed: string;
  effective: string;
}
interface Resource {
  urn: string;
  name: string;
  recentCost: { billed: string; effective: string } | null;
}
interface Problem {
  status: number;
  code: string;
  detail: string;
}

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const nextMonth = (period: string) => {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
};

describe('Cost through the gateway: bills of AWS, GCP and Azure in FOCUS', () => {
  let idp: TestIdentityProvider;
  let platform: RunningPlatform;
  const tenant = `cost-${randomUUID().slice(0, 8)}`;
  const run = randomBytes(4).toString('hex');
  const project = `codex-cost-${run}`;
  const moto = new MotoAccount();
  const end = yesterday();
  let tokens: Record<'admin' | 'operator' | 'viewer' | 'stranger', string>;
  const accounts = { aws: '', gcp: '', azure: '' };
  const sources = { aws: '', gcp: '', azure: '' };
  let estate: BillEstate;
  let destinations: BillDestinations;
  let truth: GroundTruthTotal[] = [];
  let restatedPeriod = '';
  let out = '';

  const api = gatewayApi(() => platform.gatewayUrl);

  const ingest = async (sourceId: string): Promise<Source> => {
    const started = await api<{ runId: string }>(
      'POST',
      `/api/v1/costs/sources/${sourceId}/ingestions`,
      tokens.operator,
    );
    expect(started.status).toBe(202);
    return eventually(
      async () => {
        const source = await api<Source>('GET', `/api/v1/costs/sources/${sourceId}`, tokens.viewer);
        if (
          source.body.lastRun?.runId !== started.body.runId ||
          source.body.lastRun.status === 'running'
        ) {
          throw new Error('still ingesting');
        }
        return source.body;
      },
      { timeoutMs: 120_000 },
    );
  };
  const totalsOf = async (period: string) => {
    const answer = await api<{ groups: Group[] }>(
      'GET',
      `/api/v1/costs?groupBy=provider&from=${period}-01&to=${nextMonth(period)}`,
      tokens.viewer,
    );
    expect(answer.status).toBe(200);
    return answer.body.groups;
  };
  const expectTotalsToMatchTruth = async () => {
    for (const period of [...new Set(truth.map((total) => total.billingPeriod))]) {
      const expected = truth
        .filter((total) => total.billingPeriod === period)
        .map(({ provider, currency, billed, effective }) => ({
          key: provider,
          currency,
          billed,
          effective,
        }))
        .sort((a, b) => a.key.localeCompare(b.key));
      const actual = (await totalsOf(period))
        .map(({ key, currency, billed, effective }) => ({ key, currency, billed, effective }))
        .sort((a, b) => a.key.localeCompare(b.key));
      expect({ period, totals: actual }).toEqual({ period, totals: expected });
    }
  };

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    platform = await startPlatform({
      env: idp.env,
      serviceEnv: {
        aetherium: { COST_INGEST_INTERVAL_MINUTES: '0' },
        'great-library': { STORAGE_DISCOVERY_INTERVAL_MINUTES: '0' },
      },
    });
    const token = (roles: string[]) => idp.token({ tenant, roles });
    tokens = {
      admin: await token(['admin']),
      operator: await token(['operator']),
      viewer: await token(['viewer']),
      stranger: await idp.token({ tenant: `other-${run}`, roles: ['admin'] }),
    };
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
    await idp?.close();
  });

  it('connects an AWS account, a GCP project and an Azure subscription, and discovers what they run', async () => {
    const connected = await connectCostEstate({
      api,
      tokens,
      moto,
      run,
      project,
      instanceTags: [
        { team: 'data', env: 'production' },
        { team: 'payments', env: 'production' },
        { team: 'payments', env: 'production' },
      ],
    });
    Object.assign(accounts, connected.accounts);
    estate = connected.estate;
    destinations = connected.destinations;
  }, 300_000);

  it('ingests all three sources; totals per provider per month equal the bills to the cent, billed and effective', async () => {
    const written = writeBills(estate, destinations, { end, stage: 'final' });
    truth = written.groundTruth.totals;
    restatedPeriod = written.restatedPeriod;
    out = written.out;
    Object.assign(sources, await createCostSources(api, tokens.admin, { accounts, destinations }));
    for (const id of Object.values(sources)) {
      const source = await ingest(id);
      expect({
        kind: source.kind,
        status: source.lastRun?.status,
        error: source.lastRun?.error,
      }).toEqual({ kind: source.kind, status: 'succeeded', error: null });
    }
    expect(new Set(truth.map((total) => total.provider))).toEqual(new Set(['aws', 'gcp', 'azure']));
    await expectTotalsToMatchTruth();
  }, 300_000);

  it('publishes cost.ingested daily lines whose latest figures add up to the bills', async () => {
    const expected: CostSums = Object.fromEntries(
      truth.map((total) => [
        `${total.provider}|${total.billingPeriod}`,
        {
          billed: Math.round(Number(total.billed) * 100),
          effective: Math.round(Number(total.effective) * 100),
        },
      ]),
    );
    expect(await costEventSums(platform, tenant, expected)).toEqual(expected);
  }, 120_000);

  it('a restated month replaces what came before; delivering the restatement again leaves totals unchanged', async () => {
    writeBills(estate, destinations, { end, stage: 'original', out });
    expect((await ingest(sources.aws)).lastRun?.status).toBe('succeeded');
    const original = (await totalsOf(restatedPeriod)).find((group) => group.key === 'aws');
    const restated = truth.find(
      (total) => total.provider === 'aws' && total.billingPeriod === restatedPeriod,
    );
    expect(original?.billed).not.toBe(restated?.billed);
    writeBills(estate, destinations, { end, stage: 'final', out });
    expect((await ingest(sources.aws)).lastRun?.status).toBe('succeeded');
    await expectTotalsToMatchTruth();
    writeBills(estate, destinations, { end, stage: 'redelivered', out });
    expect((await ingest(sources.aws)).lastRun?.status).toBe('succeeded');
    const history = await api<{ items: Ingestion[] }>(
      'GET',
      `/api/v1/costs/sources/${sources.aws}/ingestions`,
      tokens.viewer,
    );
    expect(
      history.body.items.filter(
        (item) => item.billingPeriod === restatedPeriod && item.status === 'succeeded',
      ).length,
    ).toBe(4);
    await expectTotalsToMatchTruth();
  }, 300_000);

  it('exports FOCUS 1.2 CSV whose every row passes the specification column rules', async () => {
    const from = truth.map((total) => total.billingPeriod).sort()[0] ?? '';
    const response = await fetch(
      `${platform.gatewayUrl}/api/v1/costs/export?from=${from}-01&to=${nextMonth(end.slice(0, 7))}`,
      {
        headers: { authorization: `Bearer ${tokens.viewer}` },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const rows: string[][] = parse(await response.text());
    const [header = [], ...body] = rows;
    expect(validateFocusHeader(header)).toEqual([]);
    const violations = body.flatMap((values, index) =>
      validateFocusRow(
        Object.fromEntries(header.map((name, column) => [name, values[column] ?? ''])),
        index + 2,
      ),
    );
    expect(violations.slice(0, 20)).toEqual([]);
    const ingested = await Promise.all(
      Object.values(sources).map(async (id) => {
        const history = await api<{ items: Ingestion[] }>(
          'GET',
          `/api/v1/costs/sources/${id}/ingestions`,
          tokens.viewer,
        );
        const latest = new Map<string, number>();
        for (const item of history.body.items
          .filter((entry) => entry.status === 'succeeded')
          .reverse())
          latest.set(item.billingPeriod, item.lineCount);
        return [...latest.values()].reduce((sum, count) => sum + count, 0);
      }),
    );
    expect(body.length).toBe(ingested.reduce((sum, count) => sum + count, 0));
  }, 120_000);

  it('shows each sandbox instance its cost in the inventory, and lists the unallocated cost', async () => {
    const instances = await api<{ items: Resource[] }>(
      'GET',
      '/api/v1/inventory/resources?provider=aws&type=ec2/instance',
      tokens.viewer,
    );
    expect(instances.body.items).toHaveLength(3);
    for (const instance of instances.body.items) {
      expect(Number(instance.recentCost?.billed ?? 0)).toBeGreaterThan(0);
    }
    const from = `${end.slice(0, 7)}-01`;
    const unallocated = await api<{
      items: { resourceId: string; allocated: boolean; provider: string }[];
      unallocated: { billed: string }[];
    }>(
      'GET',
      `/api/v1/costs/resources?allocation=unallocated&from=${truth.map((total) => total.billingPeriod).sort()[0]}-01&to=${nextMonth(end.slice(0, 7))}&limit=500`,
      tokens.viewer,
    );
    expect(unallocated.status).toBe(200);
    expect(unallocated.body.items.every((item) => !item.allocated)).toBe(true);
    expect(unallocated.body.items.some((item) => item.resourceId.startsWith('nat-'))).toBe(true);
    expect(unallocated.body.items.some((item) => item.resourceId === '')).toBe(true);
    expect(Number(unallocated.body.unallocated[0]?.billed)).toBeGreaterThan(0);
    const allocated = await api<{ items: { resourceUrn: string; allocated: boolean }[] }>(
      'GET',
      `/api/v1/costs/resources?allocation=allocated&from=${from}&to=${nextMonth(end.slice(0, 7))}&limit=500`,
      tokens.viewer,
    );
    const urns = new Set(allocated.body.items.map((item) => item.resourceUrn));
    for (const instance of instances.body.items) expect(urns).toContain(instance.urn);
  });

  it('refuses a truncated export file with an error naming it, and keeps the month as it was', async () => {
    const period = truth.map((total) => total.billingPeriod).sort()[0] ?? '';
    const before = await totalsOf(period);
    const s3 = new S3Client(await moto.clientConfig('us-east-1'));
    const dataKey = `cur/codex-cur2/data/BILLING_PERIOD=${period}/codex-cur2-broken.snappy.parquet`;
    await s3.send(
      new PutObjectCommand({
        Bucket: destinations.aws.bucket,
        Key: dataKey,
        Body: Buffer.from('PAR1 this is not a parquet file'),
      }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: destinations.aws.bucket,
        Key: `cur/codex-cur2/metadata/BILLING_PERIOD=${period}/codex-cur2-Manifest.json`,
        Body: JSON.stringify({
          executionId: `broken-${run}`,
          billingPeriod: { start: `${period}-01T00:00:00.000Z` },
          dataFiles: [`s3://${destinations.aws.bucket}/${dataKey}`],
        }),
      }),
    );
    const source = await ingest(sources.aws);
    expect(source.lastRun?.status).toBe('failed');
    expect(source.lastRun?.error).toContain(`s3://${destinations.aws.bucket}/${dataKey}`);
    expect(source.lastRun?.error).toContain('not a readable Parquet file');
    expect(await totalsOf(period)).toEqual(before);
    const history = await api<{ items: Ingestion[] }>(
      'GET',
      `/api/v1/costs/sources/${sources.aws}/ingestions`,
      tokens.viewer,
    );
    expect(history.body.items[0]).toMatchObject({
      billingPeriod: period,
      version: `broken-${run}`,
      status: 'failed',
      lineCount: 0,
    });
  }, 120_000);

  it('refuses an export run whose blob holds fewer rows than its manifest counts, and keeps the month', async () => {
    const period = truth.map((total) => total.billingPeriod).sort()[0] ?? '';
    const before = await totalsOf(period);
    const container = (await azureAccount(COST_SUBSCRIPTION, 'codexprodassets')).getContainerClient(
      destinations.azure.container,
    );
    const root = `focus/${destinations.azure.exportName}/`;
    let sample = '';
    for await (const blob of container.listBlobsFlat({ prefix: root })) {
      if (blob.name.endsWith('.csv.gz') && blob.name.includes(`/${period.replace('-', '')}01-`)) {
        sample = blob.name;
        break;
      }
    }
    expect(sample).not.toBe('');
    const csv = gunzipSync(await container.getBlobClient(sample).downloadToBuffer()).toString(
      'utf8',
    );
    const [header = '', first = ''] = csv.split(/\r?\n/);
    const folder = sample.split('/').slice(0, -2).join('/');
    const runId = `truncated-${run}`;
    const part = `${folder}/${runId}/part_0_0001.csv.gz`;
    const body = gzipSync(`${header}\n${first}\n`);
    await container.getBlockBlobClient(part).upload(body, body.length);
    const manifest = JSON.stringify({
      exportConfig: { exportName: destinations.azure.exportName, type: 'FocusCost' },
      runInfo: {
        runId,
        submittedTime: new Date(Date.now() + 60_000).toISOString(),
        startDate: `${period}-01T00:00:00`,
        endDate: `${period}-28T00:00:00`,
      },
      blobs: [{ blobName: part, dataRowCount: 100, byteCount: body.length }],
      dataRowCount: 100,
      blobCount: 1,
    });
    await container
      .getBlockBlobClient(`${folder}/${runId}/manifest.json`)
      .upload(manifest, manifest.length);
    const source = await ingest(sources.azure);
    expect(source.lastRun?.status).toBe('failed');
    expect(source.lastRun?.error).toContain(
      `codexprodassets/${destinations.azure.container}/${part}`,
    );
    expect(source.lastRun?.error).toContain('holds 1 rows where the manifest counts 100');
    expect(await totalsOf(period)).toEqual(before);
  }, 120_000);

  it('answers series, movers and tag groupings from the rollups, and another tenant sees none of it', async () => {
    const last = end.slice(0, 7);
    const series = await api<{ periods: string[]; series: { key: string; points: string[] }[] }>(
      'GET',
      `/api/v1/costs/series?groupBy=service&granularity=day&from=${last}-01&to=${nextMonth(last)}`,
      tokens.viewer,
    );
    expect(series.status).toBe(200);
    expect(series.body.series.length).toBeGreaterThan(0);
    expect(
      series.body.series.every((entry) => entry.points.length === series.body.periods.length),
    ).toBe(true);
    const tags = await api<{ groups: Group[] }>(
      'GET',
      `/api/v1/costs?groupBy=tag:team&from=${last}-01&to=${nextMonth(last)}`,
      tokens.viewer,
    );
    expect(tags.body.groups.map((group) => group.key)).toEqual(
      expect.arrayContaining(['payments', 'data']),
    );
    const movers = await api<{ movers: unknown[] }>(
      'GET',
      `/api/v1/costs/movers?groupBy=service&from=${last}-01&to=${nextMonth(last)}&previousFrom=${truth.map((t) => t.billingPeriod).sort()[0]}-01&previousTo=${last}-01`,
      tokens.viewer,
    );
    expect(movers.status).toBe(200);
    const bad = await api<Problem & { errors: { field: string }[] }>(
      'GET',
      '/api/v1/costs?from=2026-09-10&to=2026-09-01&groupBy=colour',
      tokens.viewer,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error) => error.field).sort()).toEqual([
      'query.groupBy',
      'query.to',
    ]);
    const stranger = await api<{ groups: Group[] }>(
      'GET',
      `/api/v1/costs?from=${last}-01&to=${nextMonth(last)}`,
      tokens.stranger,
    );
    expect(stranger.body.groups).toEqual([]);
    const foreign = await api<Problem>(
      'GET',
      `/api/v1/costs/sources/${sources.aws}`,
      tokens.stranger,
    );
    expect(foreign.status).toBe(404);
  });

  it('raises a budget alert once when a threshold is reached', async () => {
    const created = await api<{ id: string; spent: string; percentUsed: number }>(
      'POST',
      '/api/v1/costs/budgets',
      tokens.admin,
      {
        name: 'payments',
        scope: { kind: 'tag', value: 'team=payments' },
        monthlyAmount: '1',
        thresholds: [50, 100],
      },
    );
    expect(created.status).toBe(201);
    const alerts = await api<{ items: { budgetId: string; threshold: number }[] }>(
      'GET',
      '/api/v1/costs/budgets/alerts',
      tokens.viewer,
    );
    const mine = alerts.body.items.filter((alert) => alert.budgetId === created.body.id);
    const current = new Date().toISOString().slice(0, 7);
    if (current === end.slice(0, 7)) {
      expect(mine.map((alert) => alert.threshold).sort((a, b) => a - b)).toEqual([50, 100]);
    } else {
      expect(mine).toEqual([]);
    }
    const invalid = await api<Problem & { errors: { field: string; message: string }[] }>(
      'POST',
      '/api/v1/costs/budgets',
      tokens.admin,
      {
        name: 'x',
        scope: { kind: 'tag', value: 'no-equals' },
        monthlyAmount: '-5',
      },
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((error) => error.field).sort()).toEqual([
      'body.monthlyAmount',
      'body.scope.value',
    ]);
  });
});
