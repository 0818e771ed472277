/*
 * Synthetic CPU utilisation of a fleet, as engine-core samples it: a level per instance, a daily
 * cycle, noise, and on a few instances one injected anomaly (a spike or a stall) after the
 * detector's warm-up. Seeded, so every run scores the same data.
 */
import { seededRandom } from './seeded-random';

export const CPU_PERIOD_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export interface InjectedAnomaly {
  kind: 'spike' | 'stall';
  /** Times (ms) of the first and last anomalous point. */
  from: number;
  to: number;
}

export interface CpuSample {
  at: number;
  value: number;
}

export interface CpuSeries {
  tenantId: string;
  urn: string;
  /** Every five minutes, in time order; value in percent. */
  samples: CpuSample[];
  anomaly: InjectedAnomaly | null;
}

export interface FleetOptions {
  series: number;
  points: number;
  tenants: number;
  /** Share of the series given one anomaly. */
  anomalyShare: number;
  seed: number;
  /** The last sample's time; earlier ones every five minutes before it. */
  endAt: number;
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

const clampPercent = (v: number) => Math.min(100, Math.max(0, v));

export function cpuFleet(options: FleetOptions): CpuSeries[] {
  const next = seededRandom(options.seed);
  const start = Math.floor(options.endAt / CPU_PERIOD_MS) * CPU_PERIOD_MS;
  const first = start - (options.points - 1) * CPU_PERIOD_MS;
  const everyNth = Math.max(1, Math.round(1 / options.anomalyShare));
  return Array.from({ length: options.series }, (_, index) => {
    const level = 10 + next() * 50;
    const amplitude = next() * Math.min(level, 100 - level) * 0.6;
    const phase = next() * 2 * Math.PI;
    const noise = 0.5 + next() * 2.5;
    const samples = Array.from({ length: options.points }, (_, i) => {
      const at = first + i * CPU_PERIOD_MS;
      const cycle = amplitude * Math.sin((2 * Math.PI * at) / DAY_MS + phase);
      return { at, value: clampPercent(level + cycle + noise * gaussian(next)) };
    });
    const anomaly =
      options.anomalyShare > 0 && index % everyNth === 0 ? inject(samples, next) : null;
    return {
      tenantId: `bench-tenant-${index % options.tenants}`,
      urn: `codex:aws:123456789012:eu-west-1:ec2/instance/i-${index.toString(16).padStart(17, '0')}`,
      samples,
      anomaly,
    };
  });
}

/** A spike to near 100 % or a stall near 0 for 3 to 8 points, in the second half of the series. */
function inject(samples: CpuSample[], next: () => number): InjectedAnomaly {
  const length = 3 + Math.floor(next() * 6);
  const earliest = Math.floor(samples.length * 0.55);
  const from = Math.max(
    0,
    Math.min(
      samples.length - length,
      earliest + Math.floor(next() * (samples.length * 0.4 - length)),
    ),
  );
  const kind = next() < 0.5 ? 'spike' : 'stall';
  const run = samples.slice(from, from + length);
  for (const sample of run) sample.value = kind === 'spike' ? 92 + next() * 8 : next() * 1.5;
  return { kind, from: run[0]?.at ?? 0, to: run.at(-1)?.at ?? 0 };
}
