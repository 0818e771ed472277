import { useQueries } from '@tanstack/react-query';

import { unwrap } from '../../api/client';
import { when } from '../../components/format';
import { QueryState } from '../../components/states';
import { mergeSignals, riskKindLabel, riskTone } from '../../lib/identity-risk';
import type { Page, RiskSignal } from '../../lib/oracle-views';
import { oracleApi } from './oracle-api';
import { oracleKeys, useIdentityRisk } from './oracle-queries';

function RiskBadge({ risk }: { risk: number }) {
  return <span className={`badge badge-${riskTone(risk)}`}>{risk}</span>;
}

/** Accounts by sign-in risk now, highest first (the oracle's identity risk). */
export function IdentityRiskSection() {
  const risk = useIdentityRisk();
  return (
    <section aria-labelledby="sign-in-risk" className="card" aria-busy={risk.isFetching}>
      <h2 id="sign-in-risk">Sign-in risk</h2>
      <p className="muted">
        Each signal adds its weight to the account's risk (0–100), halving every week.
      </p>
      <QueryState
        query={risk}
        loadingLabel="Loading sign-in risk…"
        isEmpty={(page) => page.items.length === 0}
        empty={<p>No account has a sign-in risk now.</p>}
      >
        {(page) => (
          <div className="table-scroll">
            <table className="table compact">
              <caption className="visually-hidden">Accounts by sign-in risk</caption>
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Risk</th>
                  <th scope="col">Signals</th>
                  <th scope="col">Kinds</th>
                  <th scope="col">Last signal</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((item) => (
                  <tr key={item.identityUrn}>
                    <th scope="row" className="mono break">
                      {item.identityUrn}
                    </th>
                    <td>
                      <RiskBadge risk={item.risk} />
                    </td>
                    <td>{item.signals}</td>
                    <td>{item.kinds.map(riskKindLabel).join(', ')}</td>
                    <td>{when(item.lastSignalAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}

/** The sign-in risk signals of a person's accounts, newest first. */
export function PersonSignals({ accountUrns }: { accountUrns: string[] }) {
  const answers = useQueries({
    queries: accountUrns.map((identity) => ({
      queryKey: oracleKeys.signals(identity),
      queryFn: () =>
        unwrap<Page<RiskSignal>>(
          oracleApi.GET('/api/v1/identity-risk/signals', {
            params: { query: { identity, limit: 50 } },
          }),
        ),
    })),
  });
  const signals = mergeSignals(answers.map((answer) => answer.data?.items ?? []));
  return (
    <section aria-labelledby="person-signals" className="stack">
      <h2 id="person-signals">Sign-in risk signals</h2>
      {signals.length === 0 ? (
        <p className="muted">
          {answers.some((answer) => answer.isPending) ? 'Loading…' : 'No risky sign-in.'}
        </p>
      ) : (
        <ul className="list">
          {signals.map((signal) => (
            <li key={signal.id}>
              <strong>{riskKindLabel(signal.kind)}</strong>, {when(signal.occurredAt)}
              {signal.risk !== null && (
                <>
                  {' '}
                  · risk after it <RiskBadge risk={signal.risk} />
                </>
              )}{' '}
              <span className="muted mono small">{signal.identityUrn}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
