import { lazy, Suspense, useMemo } from 'react';
import { Button } from 'react-aria-components';
import { Link } from 'react-router';

import { when } from '../../components/format';
import { Loading } from '../../components/states';
import { spansOnSeries } from '../../lib/anomalies';
import type { CpuPoint } from '../../lib/cpu-series';
import { savingText } from '../../lib/recommendations';
import { useExplain } from './explain-context';
import { useAnomalies, useRecommendations } from './oracle-queries';
import { RecommendationStatus } from './RecommendationStatus';

const CpuChart = lazy(() => import('../../components/CpuChart'));

/** The resource's CPU with the oracle's metric anomalies shaded on it, and listed. */
export function CpuWithAnomalies({ urn, points }: { urn: string; points: CpuPoint[] }) {
  const anomalies = useAnomalies({ source: 'metric', subject: urn, limit: 50 });
  const explain = useExplain();
  const items = anomalies.data?.items;
  const spans = useMemo(
    () =>
      spansOnSeries(
        items ?? [],
        points.map((point) => point.at),
      ),
    [items, points],
  );
  return (
    <>
      {points.length > 0 ? (
        <Suspense fallback={<Loading label="Loading the chart…" />}>
          <CpuChart points={points} spans={spans} />
        </Suspense>
      ) : (
        <p className="muted">No CPU samples recorded for this resource.</p>
      )}
      {items && items.length > 0 && (
        <ul className="list" aria-label="CPU anomalies">
          {items.map((anomaly) => (
            <li key={anomaly.id}>
              CPU {anomaly.direction === 'increase' ? 'rose' : 'fell'} to{' '}
              {anomaly.actual.toFixed(1)}% (expected {anomaly.expected.toFixed(1)} %),{' '}
              {when(anomaly.startedAt)}{' '}
              <Button
                className="link-button"
                onPress={() =>
                  explain({
                    subject: { kind: 'insight', id: anomaly.id },
                    title: `CPU anomaly on ${urn}`,
                  })
                }
              >
                Explain
              </Button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The oracle's recommendations for one resource, with a link to the Recommendations page. */
export function ResourceRecommendations({ urn }: { urn: string }) {
  const recommendations = useRecommendations(urn);
  const items = recommendations.data?.items ?? [];
  if (recommendations.isPending) return <Loading label="Loading recommendations…" />;
  if (items.length === 0) return <p className="muted">No recommendation for this resource.</p>;
  return (
    <ul className="list">
      {items.map((item) => (
        <li key={item.id}>
          {item.title}: {savingText(item)} <RecommendationStatus status={item.status} />{' '}
          <Link to={`/recommendations#${item.id}`}>See it</Link>
        </li>
      ))}
    </ul>
  );
}

/** Opens the explain panel on the resource itself. */
export function ExplainResource({ urn, name }: { urn: string; name: string }) {
  const explain = useExplain();
  return (
    <Button
      className="button"
      onPress={() => explain({ subject: { kind: 'resource', id: urn }, title: name })}
    >
      Explain this resource
    </Button>
  );
}
