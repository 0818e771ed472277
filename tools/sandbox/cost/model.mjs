// What every bill shares: stable ids, the calendar of the 90 days, money in
// integer micro-dollars, and the daily shape of a resource's cost (week, noise, anomalies).
import { createHash } from 'node:crypto';

const digest = (...parts) => createHash('sha256').update(parts.join('|')).digest('hex');

/** A UUID-shaped id that depends only on its parts. */
export function stableUuid(...parts) {
  const h = digest(...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const stableHex = (length, ...parts) => digest(...parts).slice(0, length);

export const stableDigits = (length, ...parts) =>
  BigInt(`0x${digest(...parts).slice(0, 30)}`)
    .toString()
    .padStart(length, '7')
    .slice(0, length);

export const DAY_MS = 86_400_000;

/** The `days` days ending with `end` (included), oldest first. */
export function calendar(end, days) {
  const last = Date.parse(`${end}T00:00:00Z`);
  if (Number.isNaN(last)) throw new Error(`end '${end}' is not a YYYY-MM-DD date`);
  return Array.from({ length: days }, (_, index) => {
    const time = last - (days - 1 - index) * DAY_MS;
    const date = new Date(time).toISOString().slice(0, 10);
    const weekday = new Date(time).getUTCDay();
    return {
      index,
      date,
      month: date.slice(0, 7),
      weekend: weekday === 0 || weekday === 6,
      weekday,
      start: new Date(time).toISOString(),
      end: new Date(time + DAY_MS).toISOString(),
    };
  });
}

export function monthBounds(month) {
  const [year, number] = month.split('-').map(Number);
  const start = new Date(Date.UTC(year, number - 1, 1));
  const end = new Date(Date.UTC(year, number, 1));
  return {
    start: start.toISOString(),
    end: end.toISOString(),
    days: Math.round((end - start) / DAY_MS),
  };
}

export const micros = (usd) => Math.round(usd * 1e6);

/** Micro-dollars as a decimal string with 6 places. */
export function usd(value) {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 1e6)}.${String(abs % 1e6).padStart(6, '0')}`;
}

/** Micro-dollars to a cent string, half away from zero (as Postgres rounds numeric). */
export function cents(value) {
  const abs = Math.abs(value);
  const total = Math.floor((abs + 5000) / 10000);
  const sign = value < 0 && total > 0 ? '-' : '';
  return `${sign}${Math.floor(total / 100)}.${String(total % 100).padStart(2, '0')}`;
}

export const isProduction = (tags = {}) => tags.env === 'production' || tags.env === 'prod';

/** Weekdays cost more than weekends for production resources; everything has ±3 % noise. */
export function dailyShape(random, day, production) {
  const week = production && day.weekend ? 0.65 : 1;
  return week * (0.97 + random() * 0.06);
}

/** Spreads `total` over `weights` in integers that sum to it exactly (largest remainder). */
export function spread(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i])
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (rest <= 0) break;
    parts[i] += 1;
    rest -= 1;
  }
  return parts;
}
