import { Button } from 'react-aria-components';
import { Link } from 'react-router';

import { humanize, when } from '../../components/format';
import { ProblemBanner, QueryState } from '../../components/states';
import type { Recommendation } from '../../lib/oracle-views';
import {
  bySaving,
  canApply,
  evidenceEntries,
  realisedText,
  savingText,
} from '../../lib/recommendations';
import { useCan } from '../../session/session';
import { useApplyRecommendation, useRecommendations } from './oracle-queries';
import { RecommendationStatus } from './RecommendationStatus';

function Apply({ recommendation }: { recommendation: Recommendation }) {
  const apply = useApplyRecommendation();
  const draft = apply.data?.draftActionId ?? recommendation.draftActionId;
  return (
    <>
      <ProblemBanner error={apply.error} />
      {draft ? (
        <p className="banner" role="status">
          Draft action made. <Link to={`/actions/${draft}`}>Open the draft action</Link> to submit
          it for approval.
        </p>
      ) : (
        canApply(recommendation) && (
          <Button
            className="button button-primary"
            isDisabled={apply.isPending}
            onPress={() => apply.mutate(recommendation.id)}
            aria-label={`Apply: ${recommendation.title}`}
          >
            Apply
          </Button>
        )
      )}
    </>
  );
}

function RecommendationCard({ recommendation }: { recommendation: Recommendation }) {
  const canOperate = useCan('operator');
  const realised = realisedText(recommendation);
  const evidence = evidenceEntries(recommendation.evidence);
  return (
    <li className="card" id={recommendation.id}>
      <div className="card-header">
        <h2 id={`${recommendation.id}-title`}>{recommendation.title}</h2>
        <RecommendationStatus status={recommendation.status} />
      </div>
      <dl className="facts">
        <dt>Saving</dt>
        <dd>{savingText(recommendation)}</dd>
        <dt>Risk</dt>
        <dd>
          {humanize(recommendation.risk.level)}: {recommendation.risk.reason}
        </dd>
        <dt>Effort</dt>
        <dd>{humanize(recommendation.effort)}</dd>
        <dt>Resource</dt>
        <dd className="mono break">
          <Link to={`/inventory?resource=${encodeURIComponent(recommendation.resourceUrn)}`}>
            {recommendation.resourceUrn}
          </Link>
        </dd>
        {recommendation.appliedAt && (
          <>
            <dt>Applied</dt>
            <dd>
              {when(recommendation.appliedAt)}
              {recommendation.appliedBy ? ` by ${recommendation.appliedBy}` : ''}
            </dd>
          </>
        )}
        {realised && (
          <>
            <dt>Realised</dt>
            <dd>{realised}</dd>
          </>
        )}
      </dl>
      {evidence.length > 0 && (
        <details>
          <summary>Evidence</summary>
          <dl className="facts">
            {evidence.map(([label, value]) => (
              <div key={label} className="contents">
                <dt>{label}</dt>
                <dd className="break">{value}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      {canOperate && <Apply recommendation={recommendation} />}
    </li>
  );
}

/** The oracle's recommendations, largest saving first; Apply makes a draft action. */
export function RecommendationsPage() {
  const recommendations = useRecommendations();
  return (
    <>
      <h1>Recommendations</h1>
      <p className="muted">
        Rightsizing, idle resources and storage tiering from usage and the bills, largest monthly
        saving first. Apply makes a draft action; nothing changes until it is submitted and
        approved.
      </p>
      <QueryState
        query={recommendations}
        loadingLabel="Loading recommendations…"
        isEmpty={(page) => page.items.length === 0}
        empty={<p>No recommendation yet.</p>}
      >
        {(page) => (
          <ul className="stack plain-list" aria-label="Recommendations">
            {bySaving(page.items).map((item) => (
              <RecommendationCard key={item.id} recommendation={item} />
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}
