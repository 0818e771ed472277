/** CPU samples of one resource over the window a rule looks at. */
export interface CpuSamples {
  /** Percent, 0–100, one per sample period. */
  values: readonly number[];
  firstAt: Date;
  lastAt: Date;
}

/** What a rule cites: how busy the resource was, and on how much evidence. */
export interface Utilisation {
  p95: number;
  max: number;
  average: number;
  samples: number;
  /** Hours from the first sample to the last. */
  spanHours: number;
}

/** The nearest-rank percentile: the smallest sample at or above `percent` of them. */
export function percentile(values: readonly number[], percent: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function utilisationOf(samples: CpuSamples): Utilisation {
  const { values } = samples;
  return {
    p95: percentile(values, 95),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
    average: values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length,
    samples: values.length,
    spanHours: (samples.lastAt.getTime() - samples.firstAt.getTime()) / 3_600_000,
  };
}

/** The utilisation as evidence: figures rounded for people, with the window asked for. */
export function evidenceOf(use: Utilisation, windowDays: number): Record<string, unknown> {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    metric: 'cpu_utilization',
    p95Percent: round(use.p95),
    maxPercent: round(use.max),
    averagePercent: round(use.average),
    samples: use.samples,
    spanHours: round(use.spanHours),
    windowDays,
  };
}
