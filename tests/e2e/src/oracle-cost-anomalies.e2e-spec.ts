import { randomBytes, randomUUID } from 'node:crypto';

import {
  eventually,
  MotoAccount,
  type RunningPlatform,
  startPlatform,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '@codex/testing';

import { type PlantedAnomaly, writeBills } from './support/cost-bills';
import { connectCostEstate, type CostEstate, createCostSources } from './support/cost-estate';
import { gatewayApi } from './support/gateway-api';

interface AnomalyView {
  id: string;
  source: string;
  seriesKey: string;
  subjectUrn: string;
  direction: 'increase' | 'decrease';
  startedAt: string;
  impact: number | null;
  details: { rootCause: { dimension: string; value: string; share: number } };
}
interface ForecastView {
  lastActualDay: string;
  month: { month: string; monthToDate: number; projected: number; lo80: number; hi80: number };
  points: { date: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number }[];
  actual: { date: string; cost: number }[];
}
interface SourceView {
  lastRun: { runId: string; status: string; error: string | null } | null;
}

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const dayOf = (instant: string) => instant.slice(0, 10);

describe('The oracle on the sandbox bills: planted cost anomalies found, with their root cause, and forecasts', () => {
  let idp: TestIdentityProvider;
  let platform: RunningPlatform;
  const tenant = `oracle-${randomUUID().slice(0, 8)}`;
  const run = randomBytes(4).toString('hex');
  const moto = new MotoAccount();
  let tokens: Record<'admin' | 'operator' | 'viewer' | 'stranger', string>;
  let connected: CostEstate;
  let planted: PlantedAnomaly[] = [];
  let found: AnomalyView[] = [];

  const api = gatewayApi(() => platform.gatewayUrl);

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    platform = await startPlatform({
      env: idp.env,
      serviceEnv: {
        aetherium: { COST_INGEST_INTERVAL_MINUTES: '0' },
        'great-library': { STORAGE_DISCOVERY_INTERVAL_MINUTES: '0' },
        oracle: { COST_ANALYSIS_QUIET_SECONDS: '2' },
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

  it('ingests 90 days of bills with five planted anomalies from AWS, GCP and Azure', async () => {
    connected = await connectCostEstate({
      api,
      tokens,
      moto,
      run,
      project: `codex-oracle-${run}`,
      instanceTags: [
        { team: 'platform', env: 'production' },
        { team: 'platform', env: 'staging' },
        { team: 'platform', env: 'production' },
        { team: 'payments', env: 'production' },
        { team: 'payments', env: 'production' },
        { team: 'search', env: 'dev' },
      ],
    });
    const written = writeBills(connected.estate, connected.destinations, {
      end: yesterday(),
      stage: 'final',
    });
    planted = written.anomalies;
    expect(planted.map((anomaly) => anomaly.kind).sort()).toEqual([
      'drop',
      'level_shift',
      'spike',
      'spike',
      'tag_wide',
    ]);
    const sources = await createCostSources(api, tokens.admin, connected);
    for (const id of Object.values(sources)) {
      const started = await api<{ runId: string }>(
        'POST',
        `/api/v1/costs/sources/${id}/ingestions`,
        tokens.operator,
      );
      expect(started.status).toBe(202);
      const source = await eventually(
        async () => {
          const answer = await api<SourceView>('GET', `/api/v1/costs/sources/${id}`, tokens.viewer);
          if (
            answer.body.lastRun?.runId !== started.body.runId ||
            answer.body.lastRun.status === 'running'
          ) {
            throw new Error('still ingesting');
          }
          return answer.body;
        },
        { timeoutMs: 120_000 },
      );
      expect(source.lastRun).toMatchObject({ status: 'succeeded', error: null });
    }
  }, 400_000);

  it('turns each planted anomaly into an anomaly naming the planted root cause, announced as an insight', async () => {
    found = await eventually(
      async () => {
        const answer = await api<{ items: AnomalyView[] }>(
          'GET',
          '/api/v1/anomalies?source=cost&limit=200',
          tokens.viewer,
        );
        expect(answer.status).toBe(200);
        const missed = planted.filter((anomaly) => !matchOf(anomaly, answer.body.items));
        // A miss names what was found around its window, so a failure shows how it was missed.
        expect(
          missed.map((anomaly) => ({
            id: anomaly.id,
            window: `${anomaly.start}..${anomaly.end}`,
            around: answer.body.items
              .filter((item) => nearWindow(anomaly, item))
              .map(
                (item) =>
                  `${dayOf(item.startedAt)} ${item.seriesKey} ${item.details.rootCause.dimension}=${item.details.rootCause.value}`,
              ),
          })),
        ).toEqual([]);
        return answer.body.items;
      },
      { timeoutMs: 120_000 },
    );
    for (const anomaly of planted) {
      const match = matchOf(anomaly, found)!;
      expect({ planted: anomaly.id, direction: match.direction }).toEqual({
        planted: anomaly.id,
        direction: anomaly.kind === 'drop' ? 'decrease' : 'increase',
      });
      expect(Math.sign(match.impact ?? 0)).toBe(Math.sign(anomaly.expectedImpactUsd));
      const insight = await eventually(async () => {
        const answer = await api<{
          id: string;
          kind: string;
          title: string;
          details: Record<string, unknown>;
        }>('GET', `/api/v1/insights/${match.id}`, tokens.viewer);
        expect(answer.status).toBe(200);
        return answer.body;
      });
      expect(insight.details).toMatchObject({
        type: 'cost_anomaly',
        rootCause: { value: anomaly.rootCause.value },
      });
    }
  }, 180_000);

  it('raises no more than one false alarm per series over the 90 days', () => {
    const falseAlarms = new Map<string, string[]>();
    for (const anomaly of found) {
      if (planted.some((p) => matchOf(p, [anomaly]))) continue;
      falseAlarms.set(anomaly.seriesKey, [
        ...(falseAlarms.get(anomaly.seriesKey) ?? []),
        dayOf(anomaly.startedAt),
      ]);
    }
    for (const [series, days] of falseAlarms)
      expect({ series, days: days.length > 1 ? days : [] }).toEqual({ series, days: [] });
  });

  it('forecasts all cost 30 days ahead with nested 80 % and 95 % intervals, and the month projected', async () => {
    const forecast = await eventually(async () => {
      const answer = await api<ForecastView>(
        'GET',
        '/api/v1/forecasts/scope?kind=all&horizon=30&history=30',
        tokens.viewer,
      );
      expect(answer.status).toBe(200);
      return answer.body;
    });
    expect(forecast.lastActualDay).toBe(yesterday());
    expect(forecast.points).toHaveLength(30);
    expect(forecast.actual).toHaveLength(30);
    for (const point of forecast.points) {
      expect(point.lo95).toBeLessThanOrEqual(point.lo80);
      expect(point.lo80).toBeLessThanOrEqual(point.mean);
      expect(point.mean).toBeLessThanOrEqual(point.hi80);
      expect(point.hi80).toBeLessThanOrEqual(point.hi95);
      expect(point.lo95).toBeGreaterThanOrEqual(0);
    }
    const recent = forecast.actual.slice(-28).reduce((sum, day) => sum + day.cost, 0) / 28;
    const ahead = forecast.points.slice(0, 28).reduce((sum, point) => sum + point.mean, 0) / 28;
    expect(Math.abs(ahead - recent) / recent).toBeLessThan(0.25);
    expect(forecast.month.projected).toBeGreaterThanOrEqual(forecast.month.monthToDate);
  });

  it('answers bad queries and settings with 400 naming the field, and shows another tenant nothing', async () => {
    const bad = await api<{ errors: { field: string }[] }>(
      'GET',
      '/api/v1/anomalies?direction=sideways',
      tokens.viewer,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error) => error.field)).toEqual(['query.direction']);
    const settings = await api<{ errors: { field: string }[] }>(
      'PUT',
      '/api/v1/anomalies/settings',
      tokens.admin,
      {
        sensitivity: 'extreme',
        minDailyImpact: -1,
      },
    );
    expect(settings.status).toBe(400);
    expect(settings.body.errors.map((error) => error.field).sort()).toEqual([
      'body.minDailyImpact',
      'body.sensitivity',
    ]);
    const viewerPut = await api('PUT', '/api/v1/anomalies/settings', tokens.viewer, {
      sensitivity: 'low',
      minDailyImpact: 5,
    });
    expect(viewerPut.status).toBe(403);
    const stranger = await api<{ items: unknown[] }>(
      'GET',
      '/api/v1/anomalies?limit=200',
      tokens.stranger,
    );
    expect(stranger.body.items).toEqual([]);
    const strangerForecast = await api('GET', '/api/v1/forecasts/scope?kind=all', tokens.stranger);
    expect(strangerForecast.status).toBe(404);
  });
});

/** The anomaly that found a planted one: the same root cause, starting inside its window. */
function nearWindow(planted: PlantedAnomaly, anomaly: AnomalyView): boolean {
  const week = 7 * 86_400_000;
  const started = Date.parse(anomaly.startedAt);
  return started >= Date.parse(planted.start) - week && started <= Date.parse(planted.end) + week;
}

function matchOf(planted: PlantedAnomaly, found: AnomalyView[]): AnomalyView | undefined {
  return found.find(
    (anomaly) =>
      anomaly.details.rootCause.dimension === planted.rootCause.dimension &&
      anomaly.details.rootCause.value === planted.rootCause.value &&
      dayOf(anomaly.startedAt) >= planted.start &&
      dayOf(anomaly.startedAt) <= planted.end,
  );
}
