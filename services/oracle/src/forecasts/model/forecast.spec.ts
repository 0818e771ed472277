import { forecast } from './forecast';
import type { SeriesPoint } from './forecast-types';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5); // a Monday
const WEEK = [100, 102, 98, 101, 99, 60, 55]; // weekdays, then a cheaper weekend

/** Deterministic standard normal noise (a seeded LCG through Box-Muller). */
function noise(seed: number): () => number {
  let state = seed;
  const uniform = () => {
    state = (state * 1_664_525 + 1_013_904_223) % 2 ** 32;
    return (state + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function weeklySeries(days: number, seed: number, sigma = 3): SeriesPoint[] {
  const next = noise(seed);
  return Array.from({ length: days }, (_, i) => ({
    t: START + i * DAY,
    v: WEEK[i % 7]! + sigma * next(),
  }));
}

describe('forecast', () => {
  it('gives one point per step, on the series’ own interval, right after its end', () => {
    const series = weeklySeries(70, 1);
    const points = forecast(series, { horizon: 30 });
    expect(points).toHaveLength(30);
    expect(points[0]!.t).toBe(series.at(-1)!.t + DAY);
    expect(points[29]!.t - points[0]!.t).toBe(29 * DAY);
  });

  it('recovers the weekly pattern: the weekend forecast sits at the weekend’s level', () => {
    const points = forecast(weeklySeries(84, 2), { horizon: 14 });
    points.forEach((p, k) => expect(Math.abs(p.mean - WEEK[(84 + k) % 7]!)).toBeLessThan(5));
  });

  it('covers about 80 % and 95 % of what follows, over many series', () => {
    let inside80 = 0;
    let inside95 = 0;
    let total = 0;
    for (let seed = 10; seed < 40; seed++) {
      const whole = weeklySeries(100, seed);
      const points = forecast(whole.slice(0, 70), { horizon: 30 });
      points.forEach((p, k) => {
        const actual = whole[70 + k]!.v;
        if (actual >= p.lo80 && actual <= p.hi80) inside80++;
        if (actual >= p.lo95 && actual <= p.hi95) inside95++;
        total++;
      });
    }
    expect(inside80 / total).toBeGreaterThan(0.72);
    expect(inside80 / total).toBeLessThan(0.9);
    expect(inside95 / total).toBeGreaterThan(0.88);
  });

  it('nests the intervals around the mean', () => {
    for (const p of forecast(weeklySeries(70, 3), { horizon: 30 })) {
      expect(p.lo95).toBeLessThanOrEqual(p.lo80);
      expect(p.lo80).toBeLessThanOrEqual(p.mean);
      expect(p.mean).toBeLessThanOrEqual(p.hi80);
      expect(p.hi80).toBeLessThanOrEqual(p.hi95);
    }
  });

  it('is not thrown by a spike in the history, even just before the end', () => {
    const clean = weeklySeries(70, 4);
    const spiked = clean.map((p, i) => (i === 66 || i === 67 ? { ...p, v: p.v * 10 } : p));
    const before = forecast(clean, { horizon: 30 });
    const after = forecast(spiked, { horizon: 30 });
    after.forEach((p, k) => expect(Math.abs(p.mean - before[k]!.mean)).toBeLessThan(5));
    after.forEach((p) => expect(p.hi95).toBeLessThan(200));
  });

  it('follows a level shift that lasts', () => {
    const series = weeklySeries(70, 5).map((p, i) => (i >= 56 ? { ...p, v: p.v + 50 } : p));
    const points = forecast(series, { horizon: 7 });
    points.forEach((p, k) => expect(Math.abs(p.mean - (WEEK[(70 + k) % 7]! + 50))).toBeLessThan(8));
  });

  it('never forecasts below zero for a cost near zero', () => {
    const series = weeklySeries(70, 6, 2).map((p, i) => ({
      ...p,
      v: Math.max(0, (i % 7 < 5 ? 1 : 0) + Math.abs(p.v - WEEK[i % 7]!) * 0.5),
    }));
    for (const p of forecast(series, { horizon: 30 }))
      expect(Math.min(p.mean, p.lo80, p.lo95)).toBeGreaterThanOrEqual(0);
  });

  it('forecasts a series of a few days as its last week, with wide intervals', () => {
    const series = weeklySeries(12, 7);
    const points = forecast(series, { horizon: 14 });
    expect(points[0]!.mean).toBe(series[5]!.v);
    expect(points[7]!.mean).toBe(series[5]!.v);
    expect(points[13]!.hi95 - points[13]!.lo95).toBeGreaterThan(points[0]!.hi95 - points[0]!.lo95);
  });

  it('takes a day and a week of 5-minute points as its cycles', () => {
    const next = noise(8);
    const series = Array.from({ length: 288 * 10 }, (_, i) => ({
      t: START + i * 300_000,
      v: 50 + 20 * Math.sin((2 * Math.PI * i) / 288) + next(),
    }));
    const points = forecast(series, { horizon: 288 });
    points.forEach((p, k) => {
      const truth = 50 + 20 * Math.sin((2 * Math.PI * (288 * 10 + k)) / 288);
      expect(Math.abs(p.mean - truth)).toBeLessThan(4);
    });
  });

  it('refuses a horizon that is not a positive number of steps', () => {
    expect(() => forecast(weeklySeries(30, 9), { horizon: 0 })).toThrow(/horizon/);
  });
});
