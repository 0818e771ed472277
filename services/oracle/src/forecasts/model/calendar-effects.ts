// Month-start and month-end effects of daily series (credits, taxes, fees booked on one day a
// month): a day of the month whose one-step errors agreed in sign and stood out in at least two
// months gets their median added to its forecasts.
import { DAY_MS } from './series-grid';

type MonthDay = 'first' | 'last';

function monthDay(time: number): MonthDay | null {
  const date = new Date(time);
  if (date.getUTCDate() === 1) return 'first';
  if (new Date(time + DAY_MS).getUTCDate() === 1) return 'last';
  return null;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The effect to add at each grid index (0 where none), learnt from one-step `errors`. */
export function monthDayEffects(
  start: number,
  interval: number,
  errors: Float64Array,
  scale: number,
  warmUp: number,
): (index: number) => number {
  if (interval !== DAY_MS) return () => 0;
  const seen = new Map<MonthDay, number[]>();
  for (let i = warmUp; i < errors.length; i++) {
    const day = monthDay(start + i * interval);
    if (day) seen.set(day, [...(seen.get(day) ?? []), errors[i]!]);
  }
  const effects = new Map<MonthDay, number>();
  for (const [day, errs] of seen) {
    const sameSign = errs.every((e) => Math.sign(e) === Math.sign(errs[0]!));
    if (errs.length >= 2 && sameSign && errs.every((e) => Math.abs(e) > 3 * scale))
      effects.set(day, median(errs));
  }
  if (!effects.size) return () => 0;
  return (index) => {
    const day = monthDay(start + index * interval);
    return day ? (effects.get(day) ?? 0) : 0;
  };
}
