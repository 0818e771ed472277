import type { ForecastPoint } from '../model';
import { naiveScale, seasonalNaive, windowAccuracy } from './accuracy';

const point = (mean: number, half80: number, half95: number): ForecastPoint => ({
  t: 0,
  mean,
  lo80: mean - half80,
  hi80: mean + half80,
  lo95: mean - half95,
  hi95: mean + half95,
});

describe('forecast accuracy of a window', () => {
  // Period 2. Training 1 3 2 5 4: seasonal differences |2−1| |5−3| |4−2| → scale (1+2+2)/3 = 5/3.
  const train = [1, 3, 2, 5, 4];
  const actual = [6, 4, 7];

  it('repeats the last cycle as the seasonal naive forecast', () => {
    expect(seasonalNaive(train, 2, 3)).toEqual([5, 4, 5]);
  });

  it('scales by the in-sample MAE of the seasonal naive forecast', () => {
    expect(naiveScale(train, 2)).toBeCloseTo(5 / 3, 12);
  });

  it('computes MASE, both MAEs and interval hits by hand', () => {
    // Forecast 5 5 6: errors 1 1 1 → MAE 1, MASE 1 ÷ 5/3 = 0.6. Naive 5 4 5: errors 1 0 2 → 1.
    const predicted = [point(5, 0.5, 1), point(5, 0.5, 1), point(6, 2, 3)];
    const result = windowAccuracy(train, actual, predicted, 2);
    expect(result.mase).toBeCloseTo(0.6, 12);
    expect(result.mae).toBeCloseTo(1, 12);
    expect(result.naiveMae).toBeCloseTo(1, 12);
    expect(result.naiveMase).toBeCloseTo(0.6, 12);
    expect(result.inside80).toBe(1);
    expect(result.inside95).toBe(3);
    expect(result.points).toBe(3);
  });
});
