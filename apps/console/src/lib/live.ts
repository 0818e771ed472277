/**
 * When a page polls (ADR 18): only while something it shows is still moving, every
 * LIVE_INTERVAL_MS; otherwise it refetches on focus and after its own mutations.
 */
export const LIVE_INTERVAL_MS = 1500;

export type DiscoveryStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export type ActionStatus = 'pending_approval' | 'rejected' | 'dispatched' | 'succeeded' | 'failed';

export function discoveryInProgress(status: string): boolean {
  return status === 'queued' || status === 'running';
}

export function actionInProgress(status: string): boolean {
  return status === 'pending_approval' || status === 'dispatched';
}

/** The refetch interval for a list: poll while any item is in progress. */
export function pollWhile<T>(
  items: readonly T[] | undefined,
  inProgress: (item: T) => boolean,
): number | false {
  return items?.some(inProgress) ? LIVE_INTERVAL_MS : false;
}
