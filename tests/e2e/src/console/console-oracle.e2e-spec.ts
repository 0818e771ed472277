import { randomBytes } from 'node:crypto';

import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  BOOTSTRAP,
  eventually,
  freePort,
  MotoAccount,
  type RunningPlatform,
  startPlatform,
} from '@codex/testing';
import type { Browser, Page } from 'playwright-core';

import {
  type AxeFinding,
  checkPage,
  launchChromium,
  type Person,
  personContext,
  signIn,
} from '../support/console-browser';
import { type PlantedAnomaly, writeBills } from '../support/cost-bills';
import { connectCostEstate, type CostEstate, createCostSources } from '../support/cost-estate';
import { discoverAccount, gatewayApi, passwordToken } from '../support/gateway-api';

interface SourceView {
  lastRun: { runId: string; status: string } | null;
}
interface RecommendationView {
  id: string;
  title: string;
  resourceUrn: string;
  evidence: Record<string, unknown>;
}

const ADMIN: Person = { ...BOOTSTRAP };
const US = 'us-east-1';
const CPU = [12, 15, 13, 14];
const DAY_MS = 86_400_000;
const dayBefore = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

/**
 * The console's oracle pages on a platform of its own, with the sandbox bills (five planted
 * anomalies) ingested and an oversized instance at low CPU: the cost chart's forecast band and
 * anomaly markers, the Recommendations page with Apply, and the explain drawer, whose answer is
 * the deterministic summary (the oracle's model is a closed port).
 */
describe('the oracle in the console, in Chromium', () => {
  const run = randomBytes(4).toString('hex');
  const moto = new MotoAccount();
  let platform: RunningPlatform;
  let browser: Browser;
  let token = '';
  let connected: CostEstate;
  let planted: PlantedAnomaly[] = [];
  let oversizedUrn = '';
  let oversizedId = '';
  const axe: AxeFinding[] = [];
  const api = gatewayApi(() => platform.gatewayUrl);
  const yesterday = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);

  beforeAll(async () => {
    const gatewayPort = await freePort();
    [platform, browser] = await Promise.all([
      startPlatform({
        gatewayPort,
        serviceEnv: {
          aetherium: { COST_INGEST_INTERVAL_MINUTES: '0' },
          'great-library': { STORAGE_DISCOVERY_INTERVAL_MINUTES: '0' },
          'engine-core': { DISCOVERY_INTERVAL_MINUTES: '0', CPU_PERIOD_SECONDS: '60' },
          oracle: {
            AETHERIUM_URL: `http://127.0.0.1:${gatewayPort}`,
            COST_ANALYSIS_QUIET_SECONDS: '2',
            RECOMMENDATION_INTERVAL_MINUTES: '0',
            RECOMMENDATION_MIN_CPU_SAMPLES: String(CPU.length),
            LLM_API_KEY: 'e2e-unused',
            LLM_BASE_URL: `http://127.0.0.1:9/v1`,
            LLM_MAX_RETRIES: '0',
          },
        },
      }),
      launchChromium(),
    ]);
    token = await passwordToken(platform.gatewayUrl, ADMIN);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  const check = (page: Page, name: string) => checkPage(page, name, axe);

  it('seeds 90 days of bills with planted anomalies, and an m5.xlarge at 15 % CPU', async () => {
    const tokens = { admin: token, operator: token, viewer: token };
    connected = await connectCostEstate({
      api,
      tokens,
      moto,
      run,
      project: `codex-console-oracle-${run}`,
      // The same estate as the oracle's cost anomaly e2e, so a tag cause is not a tie.
      instanceTags: [
        { team: 'platform', env: 'production' },
        { team: 'platform', env: 'staging' },
        { team: 'platform', env: 'production' },
        { team: 'payments', env: 'production' },
        { team: 'payments', env: 'production' },
        { team: 'search', env: 'dev' },
      ],
    });
    // Launched after the estate is read, so the bills (and their planted causes) leave it out.
    [oversizedId = ''] = await moto.launch(US, 1, 'm5.xlarge', { Name: `api-${run}` });
    oversizedUrn = `codex:aws:${moto.accountId}:${US}:ec2/instance/${oversizedId}`;
    planted = writeBills(connected.estate, connected.destinations, {
      end: yesterday,
      stage: 'final',
    }).anomalies;
    const sources = await createCostSources(api, token, connected);
    for (const id of Object.values(sources)) {
      const started = await api<{ runId: string }>(
        'POST',
        `/api/v1/costs/sources/${id}/ingestions`,
        token,
      );
      expect(started.status).toBe(202);
      const source = await eventually(
        async () => {
          const answer = await api<SourceView>('GET', `/api/v1/costs/sources/${id}`, token);
          const last = answer.body.lastRun;
          if (last?.runId !== started.body.runId || last.status === 'running')
            throw new Error('still ingesting');
          return answer.body;
        },
        { timeoutMs: 120_000 },
      );
      expect(source.lastRun?.status).toBe('succeeded');
    }

    const cloudwatch = new CloudWatchClient(await moto.clientConfig(US));
    for (const [index, value] of CPU.entries()) {
      await cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: 'AWS/EC2',
          MetricData: [
            {
              MetricName: 'CPUUtilization',
              Dimensions: [{ Name: 'InstanceId', Value: oversizedId }],
              Timestamp: new Date(Date.now() - (CPU.length - index) * 120_000),
              Value: value,
              Unit: 'Percent',
            },
          ],
        }),
      );
      expect(await discoverAccount(api, tokens, connected.accounts.aws)).toMatchObject({
        status: 'succeeded',
      });
    }
    await eventually(
      async () => {
        await api('POST', '/api/v1/recommendations/refreshes', token);
        const listed = await api<{ items: RecommendationView[] }>(
          'GET',
          `/api/v1/recommendations?resource=${encodeURIComponent(oversizedUrn)}`,
          token,
        );
        if (listed.body.items[0]?.evidence['samples'] !== CPU.length) throw new Error('not yet');
      },
      { timeoutMs: 90_000 },
    );
    await eventually(
      async () => {
        const forecast = await api(
          'GET',
          '/api/v1/forecasts/scope?kind=all&metric=effective',
          token,
        );
        expect(forecast.status).toBe(200);
        const anomalies = await api<{ items: unknown[] }>(
          'GET',
          '/api/v1/anomalies?source=cost&limit=200',
          token,
        );
        expect(anomalies.body.items.length).toBeGreaterThanOrEqual(planted.length);
      },
      { timeoutMs: 120_000 },
    );
  }, 600_000);

  it('the Costs page draws the forecast band after the last day and marks the planted anomalies', async () => {
    const { page, context, problems } = await personContext(browser, platform.gatewayUrl);
    await signIn(page, ADMIN, `/costs?from=${dayBefore(yesterday, 89)}&through=${yesterday}`);
    const spend = page.getByRole('region', { name: /Daily cost by service/ });
    await spend.getByText('Forecast (80 % and 95 %)').waitFor();
    const forecastText = (await spend.locator('.forecast-text').textContent()) ?? '';
    expect(forecastText).toMatch(/^Forecast for the next 14 days: \$[\d,.]+ expected/);
    expect(await spend.getByRole('img').first().getAttribute('aria-label')).toContain(
      'Forecast for the next 14 days',
    );

    const markers = spend.getByRole('button', { name: /^(Anomaly|\d+ anomalies) on / });
    await markers.first().waitFor();
    const labels = await Promise.all(
      (await markers.all()).map(async (marker) => (await marker.getAttribute('aria-label')) ?? ''),
    );
    for (const anomaly of planted)
      expect({
        planted: anomaly.id,
        marked: labels.some((l) => l.includes(anomaly.rootCause.value)),
      }).toEqual({ planted: anomaly.id, marked: true });

    const list = page.getByRole('region', { name: 'Anomalies' });
    expect(await list.getByRole('listitem').count()).toBeGreaterThanOrEqual(planted.length);
    await list.getByRole('button', { name: 'Anomaly settings' }).waitFor();

    await markers.first().press('Enter'); // by keyboard: markers of nearby days may overlap
    const drawer = page.getByRole('dialog', { name: /^Explain: Cost (rose|fell)/ });
    await drawer.waitFor();
    await drawer.getByRole('button', { name: 'Close' }).click();
    await drawer.waitFor({ state: 'detached' });
    await check(page, 'oracle-costs');

    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('the Recommendations page lists the rightsizing, and Apply makes a draft action linked from it', async () => {
    const { page, context, problems } = await personContext(browser, platform.gatewayUrl);
    await signIn(page, ADMIN, '/recommendations');
    await page.getByRole('heading', { name: 'Recommendations', level: 1 }).waitFor();
    const card = page.getByRole('listitem').filter({ hasText: oversizedUrn });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('a month');
    expect(text).toContain('Open');
    await check(page, 'oracle-recommendations');

    await card.getByRole('button', { name: /^Apply: / }).click();
    const link = card.getByRole('link', { name: 'Open the draft action' });
    await link.waitFor();
    await link.click();
    await page.getByRole('heading', { name: 'Draft', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Submit' }).waitFor();
    await check(page, 'oracle-draft-action');

    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it("the explain drawer streams a resource's deterministic summary with its citations", async () => {
    const { page, context, problems } = await personContext(browser, platform.gatewayUrl);
    await signIn(page, ADMIN, `/inventory?resource=${encodeURIComponent(oversizedUrn)}`);
    await page.getByRole('heading', { name: 'Recommendations', level: 3 }).waitFor();
    await page.getByRole('button', { name: 'Explain this resource' }).click();
    const drawer = page.getByRole('dialog', { name: /^Explain: / });
    await drawer.getByText('Deterministic summary').waitFor();
    await drawer.getByRole('heading', { name: 'Cited data' }).waitFor();
    expect((await drawer.locator('.explain-text').textContent()) ?? '').toContain(
      'No language model answered',
    );
    expect(
      await drawer.getByRole('link', { name: oversizedUrn, exact: true }).getAttribute('href'),
    ).toBe(`/inventory?resource=${encodeURIComponent(oversizedUrn)}`);
    await check(page, 'oracle-explain');

    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('has no serious accessibility finding on any of these pages', () => {
    expect(axe).toEqual([]);
  });
});
