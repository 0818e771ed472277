import { Link, useParams } from 'react-router';

import { QueryState } from '../../components/states';
import { DialogButton } from '../../components/ui';
import { byIdp, bySeverity, FINDING_LABELS, IDP_LABELS, plural } from '../../lib/directory';
import { useCan } from '../../session/session';
import { PersonSignals } from '../oracle/IdentityRisk';
import { AccountCard } from './AccountCard';
import { PrivilegedBadge, SeverityBadge } from './badges';
import type { PersonDetail } from './directory-api';
import { usePerson } from './directory-queries';
import { IdentityActionDialog } from './IdentityActionDialog';
import { LinkAccountForm } from './LinkAccountForm';

function Person({ detail }: { detail: PersonDetail }) {
  const { person, accounts, findings, riskScore } = detail;
  const canOperate = useCan('operator');
  const canAdmin = useCan('admin');
  const name = person.displayName || person.email;
  return (
    <>
      <div className="page-header">
        <h1>
          {name} {person.privileged && <PrivilegedBadge />}
        </h1>
        <div className="form-actions">
          {canAdmin && (
            <DialogButton label="Link an account" title={`Link an account to ${name}`}>
              {(close) => <LinkAccountForm personId={person.id} close={close} />}
            </DialogButton>
          )}
          {canOperate && person.enabledAccounts > 0 && (
            <IdentityActionDialog
              label="Offboard (leaver)"
              title={`Offboard ${name}`}
              variant="danger"
              entry={{ provider: 'codex', resourceType: 'identity/person' }}
              intent={{ targetUrn: person.urn, targetLabel: name, type: 'leaver', params: {} }}
            />
          )}
        </div>
      </div>
      <dl className="facts">
        <dt>E-mail</dt>
        <dd>{person.email}</dd>
        <dt>Risk score</dt>
        <dd>
          {riskScore} <span className="muted">(from {plural(findings.length, 'finding')})</span>
        </dd>
        <dt>Accounts</dt>
        <dd>
          {person.enabledAccounts} of {person.accounts} enabled, in{' '}
          {person.providers.map((idp) => IDP_LABELS[idp]).join(' and ') || 'no provider'}
        </dd>
      </dl>
      <section aria-labelledby="person-findings" className="stack">
        <h2 id="person-findings">Findings</h2>
        {findings.length === 0 ? (
          <p className="muted">Nothing to look at.</p>
        ) : (
          <ul className="list">
            {bySeverity(findings).map((finding) => (
              <li key={`${finding.kind}:${finding.urn}`}>
                <SeverityBadge severity={finding.severity} />{' '}
                <strong>{FINDING_LABELS[finding.kind]}</strong> in {IDP_LABELS[finding.provider]}:{' '}
                {finding.summary} <span className="muted mono small">{finding.externalId}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <PersonSignals accountUrns={accounts.map((account) => account.urn)} />
      {accounts.length === 0 ? (
        <p className="muted">No account is linked to this person.</p>
      ) : (
        byIdp(accounts).map(([idp, list]) => (
          <section key={idp} aria-labelledby={`accounts-${idp}`} className="stack">
            <h2 id={`accounts-${idp}`}>{IDP_LABELS[idp]}</h2>
            <ul className="cards">
              {list.map((account) => (
                <AccountCard key={account.urn} account={account} />
              ))}
            </ul>
          </section>
        ))
      )}
    </>
  );
}

/** One person of the directory: accounts per identity provider, findings, risk, actions. */
export function PersonPage() {
  const { id = '' } = useParams();
  const person = usePerson(id);
  return (
    <>
      <p>
        <Link to="/directory">Directory</Link> ›
      </p>
      <QueryState
        query={person}
        loadingLabel="Loading the person…"
        isEmpty={() => false}
        empty={null}
      >
        {(detail) => <Person detail={detail} />}
      </QueryState>
    </>
  );
}
