import { DialogButton } from '../../components/ui';
import {
  type Bucket,
  formatBytes,
  formatUsd,
  type Recommendation,
  recommendationScope,
} from '../../lib/storage';
import { useCan } from '../../session/session';
import { StorageActionForm } from './StorageActionForm';

function RecommendationItem({ bucket, item }: { bucket: Bucket; item: Recommendation }) {
  const canOperate = useCan('operator');
  const scope = recommendationScope(item);
  return (
    <li className="card">
      <h3>
        {item.fromClass} → {item.toClass}: {scope}
      </h3>
      <p>{item.explanation}</p>
      <dl className="facts">
        <dt>Size</dt>
        <dd>{formatBytes(item.bytes)}</dd>
        <dt>Cost a month</dt>
        <dd>
          {formatUsd(item.currentMonthlyCost)} now, {formatUsd(item.projectedMonthlyCost)} after
        </dd>
        <dt>Saving a month</dt>
        <dd>{formatUsd(item.monthlySaving)}</dd>
        <dt>One-off transition</dt>
        <dd>
          {formatUsd(item.oneOffTransitionCost)}, paid back in {item.paybackMonths} months
        </dd>
        <dt>Minimum stay</dt>
        <dd>{item.minimumDurationDays} days</dd>
      </dl>
      {canOperate && (
        <DialogButton
          label="Apply"
          title={`Apply: ${item.fromClass} → ${item.toClass} for ${scope}`}
          variant="primary"
        >
          {(close) => (
            <StorageActionForm
              bucket={bucket}
              intent={{ ...item.action, targetLabel: `${scope} of ${bucket.name}` }}
              close={close}
            >
              {() => <p className="muted">Suggested reason: {item.action.reason}</p>}
            </StorageActionForm>
          )}
        </DialogButton>
      )}
    </li>
  );
}

/** Cheaper classes for what is read rarely, each with the request that applies it. */
export function Recommendations({ bucket }: { bucket: Bucket }) {
  return (
    <section aria-labelledby="recommendations-heading" className="stack">
      <h2 id="recommendations-heading">Recommendations</h2>
      {bucket.recommendations.length === 0 ? (
        <p className="muted">No cheaper class would pay for itself here.</p>
      ) : (
        <ul className="cards">
          {bucket.recommendations.map((item) => (
            <RecommendationItem
              key={`${item.prefix}:${item.toClass}`}
              bucket={bucket}
              item={item}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
