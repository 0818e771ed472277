import { humanize } from './format';

const TONES: Record<string, string> = {
  running: 'good',
  connected: 'good',
  succeeded: 'good',
  active: 'good',
  stopped: 'neutral',
  disconnected: 'neutral',
  queued: 'busy',
  dispatched: 'busy',
  draft: 'warn',
  pending_approval: 'warn',
  pending: 'busy',
  stopping: 'busy',
  rejected: 'bad',
  failed: 'bad',
  terminated: 'bad',
  revoked: 'bad',
  disabled: 'bad',
};

/** A status as words with a colour; the words alone carry the meaning. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${TONES[status] ?? 'neutral'}`}>{humanize(status)}</span>;
}
