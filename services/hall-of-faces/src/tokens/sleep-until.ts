const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once `now()` has reached `instant`. A timer can fire a little before
 * the wall clock gets there (it counts from the event loop's cached time), so
 * this checks again and sleeps the rest.
 */
export async function sleepUntil(
  instant: number,
  now: () => number = Date.now,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<void> {
  for (let left = instant - now(); left > 0; left = instant - now()) await wait(left);
}
