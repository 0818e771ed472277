// Too short for a fitted model (under about three cycles): the seasonal naive forecast, with
// intervals from the spread of the seasonal differences, widened by half for the little known.
import { robustScale } from './holt-winters';
import type { StepQuantiles } from './prediction-intervals';

const Z80 = 1.2816;
const Z95 = 1.96;
const WIDENING = 1.5;

export function shortSeriesForecast(
  values: readonly number[],
  period: number,
  horizon: number,
): { mean: number[]; offsets: StepQuantiles[] } {
  const cycle = values.length >= period ? values.slice(-period) : values.slice(-1);
  const mean = Array.from({ length: horizon }, (_, k) => cycle[k % cycle.length]!);
  const lag = values.length > period ? period : 1;
  const scale =
    values.length > 1 ? robustScale(values, lag) * Math.SQRT2 : Math.abs(values[0]!) * 0.1;
  const offsets = mean.map((_, k) => {
    const width = WIDENING * scale * Math.sqrt(1 + Math.floor(k / cycle.length));
    return { lo80: -Z80 * width, hi80: Z80 * width, lo95: -Z95 * width, hi95: Z95 * width };
  });
  return { mean, offsets };
}
