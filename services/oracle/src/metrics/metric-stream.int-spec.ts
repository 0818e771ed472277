import { randomUUID } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { MetricsSampledSchema } from '@codex/contracts';
import { type DeliveredEvent, Outbox } from '@codex/messaging';

import { AnomalyInsights } from '../anomalies/anomaly-insights';
import { AnomalySettingsStore } from '../anomalies/anomaly-settings.store';
import type { ServiceConfig } from '../config';
import { openOracleDatabase, type OracleDatabase } from '../testing/oracle-database.fixture';
import { MetricRetention } from './metric-retention';
import { MetricStream } from './metric-stream';

const TENANT = 'tenant-metrics';
const URN = 'codex:aws:123456789012:us-east-1:ec2/instance/i-0abc';
const START = Date.parse('2026-11-20T00:00:00Z');
const STEP = 5 * 60_000;
const SPIKE_AT = 700;

/** CPU with a daily cycle and a little noise, 5-minute samples; 95 % at SPIKE_AT. */
function cpu(index: number): number {
  if (index === SPIKE_AT) return 95;
  const hour = ((index * 5) / 60) % 24;
  return 30 + 15 * Math.sin((hour / 24) * 2 * Math.PI) + ((index * 7919) % 13) / 13;
}

function batch(
  from: number,
  to: number,
  { urn = URN, start: first = START } = {},
): DeliveredEvent<'metrics.sampled'>[] {
  const events: DeliveredEvent<'metrics.sampled'>[] = [];
  for (let start = from; start < to; start += 12) {
    const indexes = Array.from({ length: Math.min(12, to - start) }, (_, k) => start + k);
    events.push({
      topic: 'metrics.sampled',
      key: urn,
      envelope: {
        id: randomUUID(),
        source: 'engine-core',
        type: 'codex.metrics.sampled.v1',
        time: new Date().toISOString(),
        subject: urn,
        tenantId: TENANT,
        traceparent: '',
      },
      payload: create(MetricsSampledSchema, {
        tenantId: TENANT,
        resourceUrn: urn,
        metric: 'CPUUtilization',
        unit: 'Percent',
        statistic: 'Average',
        periodSeconds: 300,
        samples: indexes.map((index) => ({
          at: timestampFromDate(new Date(first + index * STEP)),
          value: cpu(index),
        })),
        source: 'cloudwatch',
      }),
    });
  }
  return events;
}

describe('metric samples scored as they arrive', () => {
  let db: OracleDatabase;
  const stream = (metricRetentionDays = 3650) =>
    new MetricStream(
      { metricRetentionDays, detectorCacheBytes: 1 << 20 } as ServiceConfig,
      new AnomalySettingsStore(),
      new AnomalyInsights(new Outbox('oracle', ['insight.generated'])),
    );
  const apply = (events: DeliveredEvent<'metrics.sampled'>[], via = stream()) =>
    db.runtime.transaction((manager) => via.apply(events, manager));
  const series = async () =>
    (
      await db.owner.query<{ points: number; last_at: Date }[]>(
        `SELECT points, last_at FROM metric_series WHERE tenant_id = $1 AND resource_urn = $2`,
        [TENANT, URN],
      )
    )[0];
  const anomalies = () =>
    db.owner.query<{ id: string; started_at: Date; direction: string }[]>(
      `SELECT id, started_at, direction FROM anomalies WHERE tenant_id = $1 ORDER BY started_at`,
      [TENANT],
    );

  beforeAll(async () => {
    db = await openOracleDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  it('scores each sample once, in order, across batches and a restart, and finds the spike', async () => {
    await apply(batch(0, 400));
    expect(await series()).toMatchObject({ points: 400 });
    // A new MetricStream is a restarted replica: it reads the detector's state from the database.
    await apply(batch(400, 800), stream());
    expect(await series()).toMatchObject({ points: 800 });
    const found = await anomalies();
    // Once the detector has seen its first cycles (a day is 288 samples), only the spike is news.
    const afterLearning = found
      .map((anomaly) => (anomaly.started_at.getTime() - START) / STEP)
      .filter((index) => index >= 400);
    expect(afterLearning).toEqual([SPIKE_AT]);
    expect(found.map((anomaly) => anomaly.started_at.getTime())).toContain(START + SPIKE_AT * STEP);
    expect(
      found.find((anomaly) => anomaly.started_at.getTime() === START + SPIKE_AT * STEP)?.direction,
    ).toBe('increase');
    const insights = await db.owner.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE topic = 'insight.generated'`,
    );
    expect(insights[0]?.n).toBe(found.length);
  });

  it('a replica that keeps its detectors in memory scores as one that reads them back each batch, also after a rollback or another replica’s batch', async () => {
    const reference = `${URN}-reference`;
    const cachedUrn = `${URN}-cached`;
    const owner = stream();
    const other = stream();
    for (let from = 0; from < 800; from += 100) {
      await apply(batch(from, from + 100, { urn: reference }), stream());
      if (from === 300) {
        // A batch that rolls back after scoring: the cached detector is ahead of its row.
        await expect(
          db.runtime.transaction(async (manager) => {
            await owner.apply(batch(from, from + 100, { urn: cachedUrn }), manager);
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
      }
      // Every third batch goes to another replica (a rebalance), which moves the row on.
      await apply(batch(from, from + 100, { urn: cachedUrn }), from % 300 === 200 ? other : owner);
    }
    const [compared] = await db.owner.query<{ same: boolean; points: number[] }[]>(
      `SELECT bool_and(r.state = c.state AND r.last_at = c.last_at) AS same,
              array_agg(r.points) || array_agg(c.points) AS points
         FROM metric_series r JOIN metric_series c ON c.tenant_id = r.tenant_id
        WHERE r.tenant_id = $1 AND r.resource_urn = $2 AND c.resource_urn = $3`,
      [TENANT, reference, cachedUrn],
    );
    expect(compared).toEqual({ same: true, points: [800, 800] });
    const startsOf = async (urn: string) =>
      (
        await db.owner.query<{ started_at: Date; score: number }[]>(
          `SELECT started_at, score FROM anomalies WHERE tenant_id = $1 AND subject_urn = $2
            ORDER BY started_at`,
          [TENANT, urn],
        )
      ).map((a) => `${a.started_at.toISOString()} ${a.score}`);
    expect(await startsOf(cachedUrn)).toEqual(await startsOf(reference));
    const spike = new Date(START + SPIKE_AT * STEP).toISOString();
    expect((await startsOf(reference)).some((start) => start.startsWith(spike))).toBe(true);
  });

  it('scores nothing twice when a batch is delivered again', async () => {
    const before = await anomalies();
    await apply(batch(600, 800));
    expect(await series()).toMatchObject({ points: 800 });
    expect(await anomalies()).toEqual(before);
  });

  it('keeps the samples for utilisation', async () => {
    const [kept] = await db.owner.query<{ n: number; max: number }[]>(
      `SELECT count(*)::int AS n, max(value) AS max
         FROM metric_days, unnest(samples) AS value WHERE tenant_id = $1 AND resource_urn = $2`,
      [TENANT, URN],
    );
    expect(kept).toEqual({ n: 800, max: 95 });
  });

  it('keeps a sample sent twice in one batch once, at its time, with the later value', async () => {
    const again = batch(806, 818);
    for (const event of again) for (const sample of event.payload.samples) sample.value += 1;
    await apply([...batch(800, 812), ...again]);
    expect(await series()).toMatchObject({ points: 818 });
    const kept = await db.owner.query<{ at: Date; value: number }[]>(
      `SELECT (day::timestamp AT TIME ZONE 'UTC') + offset_ms * interval '1 millisecond' AS at, value
         FROM metric_days, unnest(offsets_ms, samples) AS s(offset_ms, value)
        WHERE tenant_id = $1 AND resource_urn = $2 ORDER BY at OFFSET 800`,
      [TENANT, URN],
    );
    expect(kept).toEqual(
      Array.from({ length: 18 }, (_, k) => 800 + k).map((index) => ({
        at: new Date(START + index * STEP),
        value: cpu(index) + (index >= 806 ? 1 : 0),
      })),
    );
  });

  it("sweeps every series' days past the retention, and the state of series silent that long", async () => {
    const urn = `${URN}-retained`;
    const silent = `${URN}-deleted`;
    const today = new Date(new Date().toISOString().slice(0, 10)).getTime();
    const daysAgo = (n: number) => new Date(today - n * 86_400_000).toISOString().slice(0, 10);
    const samplesADay = 86_400_000 / STEP;
    const kept = async (of: string) =>
      (
        await db.owner.query<{ day: string; n: number }[]>(
          `SELECT to_char(day, 'YYYY-MM-DD') AS day, cardinality(samples) AS n FROM metric_days
            WHERE tenant_id = $1 AND resource_urn = $2 ORDER BY day`,
          [TENANT, of],
        )
      ).map(({ day, n }) => `${day}:${n}`);
    const states = async () =>
      (
        await db.owner.query<{ resource_urn: string }[]>(
          `SELECT resource_urn FROM metric_series WHERE tenant_id = $1 AND resource_urn IN ($2, $3)
            ORDER BY resource_urn`,
          [TENANT, urn, silent],
        )
      ).map((row) => row.resource_urn);
    await apply(batch(0, 5 * samplesADay, { urn, start: today - 5 * 86_400_000 }));
    // A resource deleted four days ago: its samples stop, and nothing of its own comes again.
    await apply(batch(0, samplesADay, { urn: silent, start: today - 5 * 86_400_000 }));
    expect(await kept(urn)).toEqual([5, 4, 3, 2, 1].map((n) => `${daysAgo(n)}:${samplesADay}`));
    // A day already past the retention when its samples arrive is scored, not kept.
    const late = `${URN}-late`;
    await apply(batch(0, 3, { urn: late, start: today - 3 * 86_400_000 }), stream(2));
    expect(await kept(late)).toEqual([]);

    // The other tests' series (from 2026-11-20) are past a two-day retention too.
    const [before] = await db.owner.query<{ days: number; series: number }[]>(
      `SELECT (SELECT count(*)::int FROM metric_days WHERE day < $1::date) AS days,
              (SELECT count(*)::int FROM metric_series WHERE last_at < $2) AS series`,
      [daysAgo(2), new Date(Date.now() - 2 * 86_400_000)],
    );
    expect(before!.days).toBeGreaterThanOrEqual(4);

    const retention = new MetricRetention(db.runtime, { metricRetentionDays: 2 } as ServiceConfig);
    expect(await retention.sweep()).toEqual(before);
    expect(await kept(urn)).toEqual([2, 1].map((n) => `${daysAgo(n)}:${samplesADay}`));
    expect(await kept(silent)).toEqual([]);
    expect(await states()).toEqual([urn]);
    expect(await retention.sweep()).toEqual({ days: 0, series: 0 });
  });
});
