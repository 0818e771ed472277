// Monthly-priced items (storage by the GB-month, monthly fees) bill a month's price spread over
// its days, so a day costs less in a 31-day month than in a 30-day one. Scaling each day by its
// month's length over the average month removes that step; forecasts are scaled back.
const AVERAGE_MONTH_DAYS = 365.25 / 12;

function daysInMonth(time: number): number {
  const date = new Date(time);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}

/** The factor that turns the cost of the day at grid `index` into an average month's day. */
export function monthLengthFactor(start: number, interval: number): (index: number) => number {
  return (index) => daysInMonth(start + index * interval) / AVERAGE_MONTH_DAYS;
}
