import { Link } from 'react-router';

import { useAccounts, useActions, useDiscoveryRuns, useSummary } from '../api/queries';
import type { InventorySummary } from '../api/views';
import { humanize, when } from '../components/format';
import { QueryState } from '../components/states';
import { StatusBadge } from '../components/StatusBadge';
import { LatestInsights } from './oracle/LatestInsights';

function Breakdown({
  title,
  counts,
  total,
}: {
  title: string;
  counts: Record<string, number>;
  total: number;
}) {
  const entries = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return (
    <section className="card" aria-labelledby={`by-${title}`}>
      <h3 id={`by-${title}`}>By {title}</h3>
      <ul className="bars">
        {entries.map(([name, count]) => (
          <li key={name}>
            <span className="bar-label">{title === 'state' ? humanize(name) : name}</span>
            <meter min={0} max={total} value={count} aria-label={`${name}: ${count} of ${total}`} />
            <span className="bar-value">{count}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Summary({ summary }: { summary: InventorySummary }) {
  return (
    <>
      <p className="lead">
        <strong>{summary.total}</strong> resources in the inventory.{' '}
        <Link to="/inventory">Browse the inventory</Link>
      </p>
      <div className="grid-3">
        <Breakdown title="provider" counts={summary.byProvider} total={summary.total} />
        <Breakdown title="type" counts={summary.byType} total={summary.total} />
        <Breakdown title="state" counts={summary.byState} total={summary.total} />
      </div>
    </>
  );
}

export function OverviewPage() {
  const summary = useSummary();
  const waiting = useActions('pending_approval', undefined, 10);
  const recent = useActions(undefined, undefined, 5);
  const runs = useDiscoveryRuns(undefined, 5);
  const accounts = useAccounts();
  const accountName = (id: string) => accounts.data?.items.find((a) => a.id === id)?.name ?? id;
  return (
    <>
      <h1>Overview</h1>
      <section aria-labelledby="resources-heading">
        <h2 id="resources-heading">Resources</h2>
        <QueryState
          query={summary}
          isEmpty={(s) => s.total === 0}
          empty={
            <p>
              No resources yet. <Link to="/accounts">Connect an account</Link> and run discovery.
            </p>
          }
        >
          {(s) => <Summary summary={s} />}
        </QueryState>
      </section>
      <div className="grid-2">
        <section aria-labelledby="waiting-heading" className="card">
          <h2 id="waiting-heading">Waiting for approval</h2>
          <QueryState
            query={waiting}
            isEmpty={(p) => p.items.length === 0}
            empty={<p>Nothing waits for approval.</p>}
          >
            {(page) => (
              <ul className="list">
                {page.items.map((action) => (
                  <li key={action.id}>
                    <Link to={`/actions/${action.id}`}>
                      {humanize(action.type)} {action.targetUrn.split(':').pop()}
                    </Link>{' '}
                    <span className="muted">
                      by {action.requestedByPerson || action.requestedBy},{' '}
                      {when(action.requestedAt)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </section>
        <section aria-labelledby="recent-actions-heading" className="card">
          <h2 id="recent-actions-heading">Recent actions</h2>
          <QueryState
            query={recent}
            isEmpty={(p) => p.items.length === 0}
            empty={<p>No actions yet.</p>}
          >
            {(page) => (
              <ul className="list">
                {page.items.map((action) => (
                  <li key={action.id}>
                    <Link to={`/actions/${action.id}`}>
                      {humanize(action.type)} {action.targetUrn.split(':').pop()}
                    </Link>{' '}
                    <StatusBadge status={action.status} />{' '}
                    <span className="muted">{when(action.requestedAt)}</span>
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
          <p>
            <Link to="/actions">All actions</Link>
          </p>
        </section>
        <section aria-labelledby="runs-heading" className="card">
          <h2 id="runs-heading">Recent discovery runs</h2>
          <QueryState
            query={runs}
            isEmpty={(p) => p.items.length === 0}
            empty={<p>No discovery has run yet.</p>}
          >
            {(page) => (
              <ul className="list">
                {page.items.map((run) => (
                  <li key={run.id}>
                    {accountName(run.accountId)} <StatusBadge status={run.status} />{' '}
                    <span className="muted">
                      {run.counts.discovered} found, {when(run.createdAt)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </section>
        <LatestInsights />
      </div>
    </>
  );
}
