// Calibrated intervals, conformal style: the empirical quantiles of the model's own errors at
// rolling origins on the training data, per step ahead (pooled over neighbouring steps). Steps
// beyond the errors seen grow like the model's analytic variance.

export interface StepQuantiles {
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

const MIN_POOLED = 40;

/** The `p` quantile (linear interpolation) of ascending `sorted`. */
export function quantile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  const position = Math.min(1, Math.max(0, p)) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/** Finite-sample conformal level: the rank ⌈(n+1)p⌉ of n errors, as a fraction. */
const conformal = (p: number, n: number) => Math.min(1, Math.ceil((n + 1) * p) / n);

function quantilesOf(errors: number[]): StepQuantiles {
  const sorted = errors.sort((a, b) => a - b);
  const n = sorted.length;
  return {
    lo80: Math.min(0, quantile(sorted, 1 - conformal(0.9, n))),
    hi80: Math.max(0, quantile(sorted, conformal(0.9, n))),
    lo95: Math.min(0, quantile(sorted, 1 - conformal(0.975, n))),
    hi95: Math.max(0, quantile(sorted, conformal(0.975, n))),
  };
}

const scaled = (q: StepQuantiles, factor: number): StepQuantiles => ({
  lo80: q.lo80 * factor,
  hi80: q.hi80 * factor,
  lo95: q.lo95 * factor,
  hi95: q.hi95 * factor,
});

/**
 * Offsets from the mean for each of `horizon` steps. `errorsByStep[k]` holds the errors seen
 * k+1 steps after an origin; `variance(k)` is the analytic variance growth for extrapolation.
 * A width never shrinks from one cycle to the next at the same phase (`cycle` points apart).
 */
export function stepQuantiles(
  errorsByStep: readonly number[][],
  horizon: number,
  variance: (step: number) => number,
  cycle: number,
): StepQuantiles[] {
  const out: StepQuantiles[] = [];
  let lastEstimated = -1;
  for (let k = 0; k < horizon; k++) {
    const spread = Math.floor(k / 4);
    const pooled: number[] = [];
    let from = k - spread;
    let to = k + spread;
    const collect = () => {
      pooled.length = 0;
      for (let j = Math.max(0, from); j <= Math.min(to, errorsByStep.length - 1); j++)
        pooled.push(...errorsByStep[j]!);
    };
    collect();
    while (
      pooled.length < MIN_POOLED &&
      (from > 0 || to < errorsByStep.length - 1) &&
      to - from < 2 * k + 8
    ) {
      from--;
      to++;
      collect();
    }
    if (pooled.length >= MIN_POOLED && k < errorsByStep.length) {
      out.push(quantilesOf(pooled));
      lastEstimated = k;
    } else if (lastEstimated >= 0) {
      out.push(scaled(out[lastEstimated]!, Math.sqrt(variance(k) / variance(lastEstimated))));
    } else {
      out.push(quantilesOf([...pooled, 0]));
    }
  }
  for (let k = cycle; k < out.length; k++) {
    const previous = out[k - cycle]!;
    const current = out[k]!;
    out[k] = {
      lo80: Math.min(current.lo80, previous.lo80),
      hi80: Math.max(current.hi80, previous.hi80),
      lo95: Math.min(current.lo95, previous.lo95),
      hi95: Math.max(current.hi95, previous.hi95),
    };
  }
  return out;
}
