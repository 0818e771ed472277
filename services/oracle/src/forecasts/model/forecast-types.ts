/** One observation: `t` in epoch milliseconds. */
export interface SeriesPoint {
  t: number;
  v: number;
}

/** A forecast step with its 80 % and 95 % prediction intervals. */
export interface ForecastPoint {
  t: number;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export interface ForecastOptions {
  /** Steps ahead, in the series' own sampling interval. */
  horizon: number;
  levels?: readonly [0.8, 0.95];
}
