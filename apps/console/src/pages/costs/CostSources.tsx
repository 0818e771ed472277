import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';

import { api, unwrap } from '../../api/client';
import { useAccounts } from '../../api/queries';
import type { CostSource, NewCostSource } from '../../api/views';
import { when } from '../../components/format';
import { ProblemBanner, QueryState } from '../../components/states';
import { StatusBadge } from '../../components/StatusBadge';
import { DialogButton, Field, SelectField } from '../../components/ui';
import {
  formatMoney,
  SOURCE_FIELDS,
  SOURCE_KIND_LABELS,
  SOURCE_KIND_PROVIDER,
  SOURCE_KINDS,
  sourceBody,
  type SourceKind,
} from '../../lib/costs';
import { fieldErrors, ProblemError } from '../../lib/problem';
import { useCan } from '../../session/session';
import { costKeys, useCostSources, useIngestions } from './cost-queries';

function isSourceKind(value: string): value is SourceKind {
  return (SOURCE_KINDS as readonly string[]).includes(value);
}

function kindLabel(kind: string): string {
  return isSourceKind(kind) ? SOURCE_KIND_LABELS[kind] : kind;
}

/** A new source for a connected account: the kind first, then the settings that kind needs. */
function ConnectSourceForm({ close }: { close: () => void }) {
  const queries = useQueryClient();
  const accounts = useAccounts();
  const [kind, setKind] = useState<SourceKind>('aws-data-export');
  const [accountId, setAccountId] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const fields = SOURCE_FIELDS[kind];
  const candidates = (accounts.data?.items ?? []).filter(
    (account) => account.provider === SOURCE_KIND_PROVIDER[kind],
  );
  const create = useMutation({
    mutationFn: (body: NewCostSource) =>
      unwrap<CostSource>(api.POST('/api/v1/costs/sources', { body })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: costKeys.sources });
      close();
    },
  });
  const errors =
    create.error instanceof ProblemError
      ? fieldErrors(create.error.problem, ['kind', 'accountId', ...fields.map((f) => f.name)])
      : { byField: {} as Record<string, string>, form: [] };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(sourceBody(kind, accountId, values) as unknown as NewCostSource);
  };
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <SelectField
        label="Where the bill is read"
        name="kind"
        value={kind}
        onChange={(value) => {
          if (isSourceKind(value)) setKind(value);
          setAccountId('');
        }}
        options={SOURCE_KINDS.map((k) => ({ value: k, label: SOURCE_KIND_LABELS[k] }))}
        error={errors.byField.kind}
        {...(kind === 'aws-cost-explorer' || kind === 'azure-cost-query'
          ? { description: 'An API fallback: cost is read per service, not per resource' }
          : {})}
      />
      <SelectField
        label="Account"
        name="accountId"
        value={accountId}
        onChange={setAccountId}
        options={candidates.map((account) => ({ value: account.id, label: account.name }))}
        emptyLabel={candidates.length === 0 ? 'No connected account of this cloud' : 'Choose'}
        error={errors.byField.accountId}
      />
      {fields.map((field) => (
        <Field
          key={`${kind}:${field.name}`}
          label={field.label}
          name={field.name}
          value={values[field.name] ?? ''}
          onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
          isRequired={field.required}
          error={errors.byField[field.name]}
          {...(field.placeholder ? { placeholder: field.placeholder } : {})}
        />
      ))}
      <ProblemBanner error={create.error} extra={errors.form} />
      <div className="form-actions">
        <Button className="button" onPress={close}>
          Cancel
        </Button>
        <Button
          type="submit"
          className="button button-primary"
          isDisabled={create.isPending || !accountId}
        >
          {create.isPending ? 'Connecting…' : 'Connect source'}
        </Button>
      </div>
    </form>
  );
}

function Ingestions({ id }: { id: string }) {
  const ingestions = useIngestions(id);
  return (
    <QueryState
      query={ingestions}
      loadingLabel="Loading ingestions…"
      isEmpty={(page) => page.items.length === 0}
      empty={<p>Nothing ingested yet.</p>}
    >
      {(page) => (
        <table className="table compact">
          <caption className="visually-hidden">Ingested billing periods</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Status</th>
              <th scope="col">Lines</th>
              <th scope="col">Billed</th>
              <th scope="col">Version</th>
            </tr>
          </thead>
          <tbody>
            {page.items.slice(0, 24).map((item) => (
              <tr key={item.id}>
                <th scope="row">{item.billingPeriod}</th>
                <td>
                  <StatusBadge status={item.status} />
                  {item.error && <span className="field-error"> {item.error}</span>}
                </td>
                <td>{item.lineCount.toLocaleString('en')}</td>
                <td>
                  {Object.entries(item.totals)
                    .map(([currency, total]) => formatMoney(total.billed, currency))
                    .join(', ') || '—'}
                </td>
                <td className="mono break">{item.version}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryState>
  );
}

function SourceRow({
  source,
  accountName,
  canOperate,
}: {
  source: CostSource;
  accountName: string;
  canOperate: boolean;
}) {
  const queries = useQueryClient();
  const [showHistory, setShowHistory] = useState(false);
  const ingest = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/costs/sources/{id}/ingestions', { params: { path: { id: source.id } } }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: costKeys.all }),
  });
  const run = source.lastRun;
  const running = run?.status === 'running' || ingest.isPending;
  return (
    <li className="card stack">
      <div className="card-header">
        <h3>
          {kindLabel(source.kind)} <span className="muted">· {accountName}</span>
        </h3>
        {canOperate && (
          <Button
            className="button"
            isDisabled={running}
            onPress={() => ingest.mutate()}
            aria-label={`Ingest now from ${kindLabel(source.kind)} of ${accountName}`}
          >
            {running ? 'Ingesting…' : 'Ingest now'}
          </Button>
        )}
      </div>
      {Object.keys(source.settings).length > 0 && (
        <p className="muted mono break">
          {Object.entries(source.settings)
            .map(([key, value]) => `${key}: ${value}`)
            .join(' · ')}
        </p>
      )}
      <p role="status" aria-live="polite">
        {run ? (
          <>
            Last run <StatusBadge status={run.status} /> {when(run.at)}
          </>
        ) : (
          'Never ingested.'
        )}
      </p>
      {run?.error && (
        <p className="banner banner-error">
          <span>{run.error}</span>
        </p>
      )}
      <ProblemBanner error={ingest.error} />
      <div>
        <Button
          className="button button-quiet"
          onPress={() => setShowHistory((shown) => !shown)}
          aria-expanded={showHistory}
        >
          {showHistory ? 'Hide ingestions' : 'Show ingestions'}
        </Button>
        {showHistory && <Ingestions id={source.id} />}
      </div>
    </li>
  );
}

/** Where the bills come from: one source per connected account, its last run, Ingest now. */
export function CostSources() {
  const sources = useCostSources();
  const accounts = useAccounts();
  const canOperate = useCan('operator');
  const canAdmin = useCan('admin');
  const accountName = (id: string) =>
    accounts.data?.items.find((account) => account.id === id)?.name ?? id;
  return (
    <section aria-labelledby="sources-heading" className="stack">
      <div className="page-header">
        <h2 id="sources-heading">Cost sources</h2>
        {canAdmin && (
          <DialogButton label="Connect a cost source" title="Connect a cost source">
            {(close) => <ConnectSourceForm close={close} />}
          </DialogButton>
        )}
      </div>
      <QueryState
        query={sources}
        loadingLabel="Loading cost sources…"
        isEmpty={(page) => page.items.length === 0}
        empty={
          <p>
            No cost source yet: costs are read from each account&apos;s billing export (or its cost
            API).{canAdmin ? ' Connect one.' : ''}
          </p>
        }
      >
        {(page) => (
          <ul className="cards">
            {page.items.map((source) => (
              <SourceRow
                key={source.id}
                source={source}
                accountName={accountName(source.accountId)}
                canOperate={canOperate}
              />
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
