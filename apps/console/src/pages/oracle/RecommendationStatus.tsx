import type { RecommendationStatus as Status } from '../../lib/oracle-views';
import { statusText, statusTone } from '../../lib/recommendations';

export function RecommendationStatus({ status }: { status: Status }) {
  return <span className={`badge badge-${statusTone(status)}`}>{statusText(status)}</span>;
}
