import { useEffect, useMemo, useRef } from 'react';
import { Button } from 'react-aria-components';

import { useResource } from '../api/queries';
import { when } from '../components/format';
import { ErrorState, Loading } from '../components/states';
import { StatusBadge } from '../components/StatusBadge';
import { recentCostText } from '../lib/costs';
import { cpuSeries } from '../lib/cpu-series';
import { useCan } from '../session/session';
import {
  CpuWithAnomalies,
  ExplainResource,
  ResourceRecommendations,
} from './oracle/ResourceOracle';
import { RequestActionDialog } from './RequestActionDialog';

/** One resource: what it is, its tags, raw attributes, CPU when measured, and actions. */
export function ResourcePanel({ urn, onClose }: { urn: string; onClose: () => void }) {
  const resource = useResource(urn);
  const canOperate = useCan('operator');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [urn]);
  const data = resource.data;
  const cpu = useMemo(() => (data ? cpuSeries(data.attributes) : []), [data]);
  return (
    <aside className="panel" aria-labelledby="resource-heading">
      <div className="panel-header">
        <h2 id="resource-heading" ref={heading} tabIndex={-1}>
          {data?.name || urn.split(':').pop()}
        </h2>
        <Button className="button button-quiet" onPress={onClose} aria-label="Close details">
          Close
        </Button>
      </div>
      {resource.isPending && <Loading label="Loading the resource…" />}
      {resource.error && (
        <ErrorState error={resource.error} onRetry={() => void resource.refetch()} />
      )}
      {data && (
        <>
          <dl className="facts">
            <dt>State</dt>
            <dd>
              <StatusBadge status={data.state} />
            </dd>
            <dt>Type</dt>
            <dd>
              {data.provider} {data.type}
            </dd>
            <dt>Region</dt>
            <dd>{data.region}</dd>
            <dt>Account</dt>
            <dd>{data.accountId}</dd>
            <dt>URN</dt>
            <dd className="mono break">{data.urn}</dd>
            <dt>Last seen</dt>
            <dd>{when(data.observedAt)}</dd>
            <dt>Cost ({data.recentCost?.days ?? 30} days)</dt>
            <dd>
              {data.recentCost ? (
                <>
                  {recentCostText(data.recentCost)} effective
                  <span className="muted">
                    {' '}
                    · {recentCostText(data.recentCost, 'billed')} billed
                  </span>
                </>
              ) : (
                <span className="muted">None billed</span>
              )}
            </dd>
          </dl>
          <div className="button-row">
            {canOperate && <RequestActionDialog resource={data} />}
            <ExplainResource urn={data.urn} name={data.name || data.urn} />
          </div>
          <h3>Tags</h3>
          {Object.keys(data.tags).length === 0 ? (
            <p className="muted">No tags.</p>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(data.tags)
                  .sort(([a], [b]) => a.localeCompare(b))
                  .map(([key, value]) => (
                    <tr key={key}>
                      <th scope="row">{key}</th>
                      <td>{value}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
          <h3>CPU</h3>
          <CpuWithAnomalies urn={data.urn} points={cpu} />
          <h3>Recommendations</h3>
          <ResourceRecommendations urn={data.urn} />
          <h3>Attributes</h3>
          <pre className="raw" tabIndex={0} role="region" aria-label="Raw attributes">
            {JSON.stringify(data.attributes, null, 2)}
          </pre>
        </>
      )}
    </aside>
  );
}
