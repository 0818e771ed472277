import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';

import { when } from '../../components/format';
import { QueryState } from '../../components/states';
import { SelectField } from '../../components/ui';
import {
  bySeverity,
  FINDING_LABELS,
  findingFiltersFrom,
  IDP_LABELS,
  IDPS,
  LISTED_FINDING_KINDS,
  plural,
} from '../../lib/directory';
import { SeverityBadge } from './badges';
import { useFindings } from './directory-queries';

/** Every governance finding of the directory, most severe first, filtered in the address. */
export function FindingsPage() {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => findingFiltersFrom(search), [search]);
  const findings = useFindings(filters);
  const setFilter = (key: 'kind' | 'provider') => (value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next);
  };
  return (
    <>
      <p>
        <Link to="/directory">Directory</Link> ›
      </p>
      <h1>Findings</h1>
      <div className="filters" role="search" aria-label="Filter findings">
        <SelectField
          label="Kind"
          name="kind"
          value={filters.kind ?? ''}
          onChange={setFilter('kind')}
          options={LISTED_FINDING_KINDS.map((kind) => ({
            value: kind,
            label: FINDING_LABELS[kind],
          }))}
          emptyLabel="Every kind"
        />
        <SelectField
          label="Identity provider"
          name="provider"
          value={filters.provider ?? ''}
          onChange={setFilter('provider')}
          options={IDPS.map((idp) => ({ value: idp, label: IDP_LABELS[idp] }))}
          emptyLabel="Any provider"
        />
      </div>
      <section aria-labelledby="findings-heading" aria-busy={findings.isFetching}>
        <h2 id="findings-heading" className="visually-hidden">
          Findings
        </h2>
        <QueryState
          query={findings}
          loadingLabel="Checking the directory…"
          isEmpty={(report) => report.items.length === 0}
          empty={
            <p>No findings{filters.kind || filters.provider ? ' match these filters' : ''}.</p>
          }
        >
          {(report) => (
            <>
              <p className="muted">
                {plural(report.items.length, 'finding')} as of {when(report.asOf)}: no sign-in for{' '}
                {report.parameters.staleDays} days makes an account stale,{' '}
                {report.parameters.dormantPrivilegedDays} days a privileged one dormant.
              </p>
              <div className="table-scroll">
                <table className="table">
                  <caption className="visually-hidden">Findings</caption>
                  <thead>
                    <tr>
                      <th scope="col">Severity</th>
                      <th scope="col">Finding</th>
                      <th scope="col">Account or role</th>
                      <th scope="col" className="wide-only">
                        Identity provider
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {bySeverity(report.items).map((finding) => (
                      <tr key={`${finding.kind}:${finding.urn}`}>
                        <td>
                          <SeverityBadge severity={finding.severity} />
                        </td>
                        <th scope="row">
                          {FINDING_LABELS[finding.kind]}
                          <div className="muted small">{finding.summary}</div>
                        </th>
                        <td className="mono break">
                          {finding.personId ? (
                            <Link to={`/directory/people/${finding.personId}`}>
                              {finding.externalId}
                            </Link>
                          ) : (
                            finding.externalId
                          )}
                        </td>
                        <td className="wide-only">{IDP_LABELS[finding.provider]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </QueryState>
      </section>
    </>
  );
}
