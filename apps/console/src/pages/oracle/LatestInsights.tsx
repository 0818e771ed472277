import { Link } from 'react-router';

import { humanize, when } from '../../components/format';
import { QueryState } from '../../components/states';
import { useInsights } from './oracle-queries';

/** The overview's card: the five newest open insights, and the way to all of them. */
export function LatestInsights() {
  const insights = useInsights();
  return (
    <section aria-labelledby="insights-heading" className="card">
      <h2 id="insights-heading">Latest insights</h2>
      <QueryState
        query={insights}
        isEmpty={(page) => page.items.length === 0}
        empty={<p>No open insight.</p>}
      >
        {(page) => (
          <ul className="list">
            {page.items.slice(0, 5).map((insight) => (
              <li key={insight.id}>
                {insight.title}{' '}
                <span className="muted">
                  {humanize(insight.kind)}, {when(insight.generatedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      <p>
        <Link to="/insights">All insights</Link>
      </p>
    </section>
  );
}
