import { Fragment } from 'react';
import { Link } from 'react-router';

import { ErrorState, Loading } from '../../components/states';
import { FINDING_KINDS, FINDING_LABELS, findingsHref, idpLabel, plural } from '../../lib/directory';
import { useDirectoryCounts, useFindings } from './directory-queries';

const COUNTS = [
  ['people', 'People'],
  ['accounts', 'Accounts'],
  ['roles', 'Roles'],
  ['groups', 'Groups'],
  ['memberships', 'Memberships'],
] as const;

/** How much the directory holds, and its findings by kind, each a link to those findings. */
export function DirectorySummary() {
  const counts = useDirectoryCounts();
  const findings = useFindings({});
  return (
    <div className="grid-2">
      <section className="card" aria-labelledby="counts-heading">
        <h2 id="counts-heading">In the directory</h2>
        {counts.isPending ? (
          <Loading label="Counting…" />
        ) : counts.error || !counts.data ? (
          <ErrorState error={counts.error} onRetry={() => void counts.refetch()} />
        ) : (
          <>
            <dl className="facts">
              {COUNTS.map(([key, label]) => (
                <Fragment key={key}>
                  <dt>{label}</dt>
                  <dd>{counts.data[key].toLocaleString()}</dd>
                </Fragment>
              ))}
            </dl>
            <ul className="list muted small">
              {Object.entries(counts.data.byProvider).map(([provider, held]) => (
                <li key={provider}>
                  {idpLabel(provider)}:{' '}
                  {[
                    plural(held.accounts, 'account'),
                    plural(held.roles, 'role'),
                    plural(held.groups, 'group'),
                    plural(held.memberships, 'membership'),
                  ].join(', ')}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="findings-summary-heading">
        <div className="card-header">
          <h2 id="findings-summary-heading">Findings</h2>
          <Link to={findingsHref({})}>All findings</Link>
        </div>
        {findings.isPending ? (
          <Loading label="Checking the directory…" />
        ) : findings.error || !findings.data ? (
          <ErrorState error={findings.error} onRetry={() => void findings.refetch()} />
        ) : (
          <ul className="list">
            {FINDING_KINDS.map((kind) => {
              const n = findings.data.counts[kind] ?? 0;
              return (
                <li key={kind}>
                  {n > 0 ? (
                    <Link to={findingsHref({ kind })}>
                      {FINDING_LABELS[kind]}: {n}
                    </Link>
                  ) : (
                    <span className="muted">{FINDING_LABELS[kind]}: none</span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
