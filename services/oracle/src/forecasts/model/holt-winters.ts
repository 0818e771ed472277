// Additive Holt-Winters with a damped trend, made robust to outliers in the way of Gelper, Fried
// and Croux (2010): each one-step error is clipped at `CLIP` robust scales before it updates the
// state, so a spike moves the forecast by a bounded amount. An error beyond the clip that lasts
// `shiftAfter` points in a row is a level shift, and the level jumps to it.

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  phi: number;
  gamma: number;
  /** Seasonal period in points; 0 for none. */
  period: number;
  /** Points in a row beyond the clip, on one side, that make a level shift. */
  shiftAfter: number;
}

/** The state after the first `next` points: what a forecast from there starts from. */
export interface HoltWintersState {
  next: number;
  level: number;
  trend: number;
  seasonal: Float64Array;
  scale: number;
}

const CLIP = 3;
const SCALE_MEMORY = 0.02;
const SPIKE = 20;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A robust standard deviation of the noise: the MAD of lagged differences, per point. */
export function robustScale(values: readonly number[], lag: number): number {
  const step = Math.max(1, lag);
  const diffs = values.slice(step).map((v, i) => v - values[i]!);
  const mad = 1.4826 * median(diffs.map(Math.abs));
  if (mad > 0) return mad / Math.SQRT2;
  const meanAbs = diffs.reduce((sum, d) => sum + Math.abs(d), 0) / Math.max(1, diffs.length);
  if (meanAbs > 0) return meanAbs;
  return 1e-6 * Math.max(1, Math.abs(median(values)));
}

/** Sum of φ¹ … φʰ: how much of the trend `h` steps carry. */
export function dampedSteps(phi: number, steps: number): number {
  if (phi === 1) return steps;
  return (phi * (1 - phi ** steps)) / (1 - phi);
}

export function initialState(
  values: readonly number[],
  params: HoltWintersParams,
): HoltWintersState {
  const { period } = params;
  const seasonal = new Float64Array(Math.max(1, period));
  if (!period) {
    const level = median(values.slice(0, Math.min(values.length, 7)));
    return { next: 0, level, trend: 0, seasonal, scale: robustScale(values, 1) };
  }
  const cycles = Math.max(1, Math.min(3, Math.floor(values.length / period)));
  const deviations: number[][] = Array.from({ length: period }, () => []);
  const cycleMeans: number[] = [];
  for (let c = 0; c < cycles; c++) {
    const cycle = values.slice(c * period, (c + 1) * period);
    const mean = cycle.reduce((sum, v) => sum + v, 0) / cycle.length;
    cycleMeans.push(mean);
    cycle.forEach((v, j) => deviations[j]!.push(v - mean));
  }
  deviations.forEach((d, j) => (seasonal[j] = median(d)));
  return {
    next: 0,
    level: cycleMeans[0]!,
    trend: 0,
    seasonal,
    scale: robustScale(values, period),
  };
}

export interface FilterRun {
  /** State at each requested origin (after `origin` points), in the order asked. */
  snapshots: HoltWintersState[];
  final: HoltWintersState;
  /** The unclipped one-step error at each point. */
  errors: Float64Array;
  /** How far from the forecast a point may be before it counts as a spike (`SPIKE` scales). */
  spikeLimits: Float64Array;
}

const copyState = (s: HoltWintersState): HoltWintersState => ({
  ...s,
  seasonal: Float64Array.from(s.seasonal),
});

/** Runs the filter over `values`, keeping the state at each of the ascending `origins`. */
export function runFilter(
  values: readonly number[],
  params: HoltWintersParams,
  origins: readonly number[] = [],
  adjustment: (index: number) => number = () => 0,
): FilterRun {
  const { alpha, beta, phi, gamma, period, shiftAfter } = params;
  const state = initialState(values, params);
  const floor = state.scale * 0.1;
  const errors = new Float64Array(values.length);
  const spikeLimits = new Float64Array(values.length);
  const snapshots: HoltWintersState[] = [];
  let nextOrigin = 0;
  let run = 0;
  for (let i = 0; i < values.length; i++) {
    while (nextOrigin < origins.length && origins[nextOrigin] === i) {
      snapshots.push(copyState({ ...state, next: i }));
      nextOrigin++;
    }
    const phase = period ? i % period : 0;
    const season = state.seasonal[phase]!;
    const predicted = state.level + phi * state.trend + season + adjustment(i);
    const error = values[i]! - predicted;
    errors[i] = error;
    spikeLimits[i] = SPIKE * state.scale;
    const limit = CLIP * state.scale;
    const beyond = Math.abs(error) > limit;
    run = beyond
      ? run !== 0 && Math.sign(run) === Math.sign(error)
        ? run + Math.sign(error)
        : Math.sign(error)
      : 0;
    if (Math.abs(run) >= shiftAfter) {
      state.level = values[i]! - season - adjustment(i);
      state.trend = 0;
      run = 0;
      continue;
    }
    const clipped = Math.max(-limit, Math.min(limit, error));
    const cleaned = predicted + (beyond ? 0 : error) - adjustment(i);
    const previousLevel = state.level;
    state.level = alpha * (cleaned - season) + (1 - alpha) * (previousLevel + phi * state.trend);
    state.trend = beta * (state.level - previousLevel) + (1 - beta) * phi * state.trend;
    if (period) state.seasonal[phase] = gamma * (cleaned - state.level) + (1 - gamma) * season;
    const variance = (1 - SCALE_MEMORY) * state.scale ** 2 + SCALE_MEMORY * 1.1 * clipped ** 2;
    state.scale = Math.max(floor, Math.sqrt(variance));
  }
  while (nextOrigin < origins.length) {
    snapshots.push(copyState({ ...state, next: values.length }));
    nextOrigin++;
  }
  return { snapshots, final: copyState({ ...state, next: values.length }), errors, spikeLimits };
}

/** The mean forecast of the `steps` points after the state's origin. */
export function forecastFrom(
  state: HoltWintersState,
  params: HoltWintersParams,
  steps: number,
  adjustment: (index: number) => number = () => 0,
): number[] {
  const out = new Array<number>(steps);
  for (let k = 0; k < steps; k++) {
    const index = state.next + k;
    const season = params.period ? state.seasonal[index % params.period]! : 0;
    out[k] =
      state.level + dampedSteps(params.phi, k + 1) * state.trend + season + adjustment(index);
  }
  return out;
}
