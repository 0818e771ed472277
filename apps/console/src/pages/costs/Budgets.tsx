import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';

import { api, unwrap } from '../../api/client';
import type { BudgetPage, NewBudget } from '../../api/views';
import { when } from '../../components/format';
import { ProblemBanner, QueryState } from '../../components/states';
import { ConfirmButton, DialogButton, Field, SelectField } from '../../components/ui';
import {
  type Budget,
  budgetScopeText,
  budgetTone,
  type CostMetric,
  crossedThresholds,
  formatMoney,
  METRIC_LABELS,
  parseAmount,
  parseThresholds,
} from '../../lib/costs';
import { fieldErrors, ProblemError } from '../../lib/problem';
import { useCan } from '../../session/session';
import { costKeys, useBudgetAlerts, useBudgets } from './cost-queries';

const TONE_TEXT = { good: 'On track', warn: 'Past a threshold', bad: 'Over budget' } as const;
const FIELDS = [
  'name',
  'scope',
  'scope.value',
  'monthlyAmount',
  'currency',
  'metric',
  'thresholds',
];
type ScopeKind = Budget['scope']['kind'];

function CreateBudgetForm({ close }: { close: () => void }) {
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [scopeKind, setScopeKind] = useState<ScopeKind>('all');
  const [scopeValue, setScopeValue] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [metric, setMetric] = useState<CostMetric>('effective');
  const [thresholds, setThresholds] = useState('50, 80, 100');
  const [local, setLocal] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (body: NewBudget) => unwrap(api.POST('/api/v1/costs/budgets', { body })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: costKeys.all });
      close();
    },
  });
  const server =
    create.error instanceof ProblemError
      ? fieldErrors(create.error.problem, FIELDS)
      : { byField: {} as Record<string, string>, form: [] };
  const errors = { ...server.byField, ...local };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const monthlyAmount = parseAmount(amount);
    const levels = parseThresholds(thresholds);
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = 'Give the budget a name.';
    if (scopeKind !== 'all' && !scopeValue.trim()) problems['scope.value'] = 'Say what it covers.';
    if (!monthlyAmount) problems.monthlyAmount = 'A positive amount, to the cent (2500 or 99.95).';
    if (!/^[A-Za-z]{3}$/.test(currency.trim())) problems.currency = 'A three-letter code (USD).';
    if (!levels) problems.thresholds = 'Whole percentages, comma separated (50, 80, 100).';
    setLocal(problems);
    if (Object.keys(problems).length > 0 || !monthlyAmount || !levels) return;
    create.mutate({
      name: name.trim(),
      scope: scopeKind === 'all' ? { kind: 'all' } : { kind: scopeKind, value: scopeValue.trim() },
      monthlyAmount,
      currency: currency.trim().toUpperCase(),
      metric,
      thresholds: levels,
    });
  };
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <Field
        label="Name"
        name="name"
        value={name}
        onChange={setName}
        isRequired
        error={errors.name}
      />
      <SelectField
        label="Covers"
        name="scopeKind"
        value={scopeKind}
        onChange={(value) =>
          setScopeKind(
            value === 'account' || value === 'service' || value === 'tag' ? value : 'all',
          )
        }
        options={[
          { value: 'all', label: 'All cost' },
          { value: 'account', label: 'One account' },
          { value: 'service', label: 'One service' },
          { value: 'tag', label: 'One tag' },
        ]}
        error={errors.scope}
      />
      {scopeKind !== 'all' && (
        <Field
          label={
            scopeKind === 'account'
              ? 'Account, subscription or project id'
              : scopeKind === 'service'
                ? 'Service'
                : 'Tag (key=value)'
          }
          name="scopeValue"
          value={scopeValue}
          onChange={setScopeValue}
          isRequired
          error={errors['scope.value']}
        />
      )}
      <Field
        label="Monthly amount"
        name="monthlyAmount"
        value={amount}
        onChange={setAmount}
        isRequired
        placeholder="2500"
        error={errors.monthlyAmount}
      />
      <Field
        label="Currency"
        name="currency"
        value={currency}
        onChange={setCurrency}
        isRequired
        error={errors.currency}
      />
      <SelectField
        label="Cost"
        name="metric"
        value={metric}
        onChange={(value) => setMetric(value === 'billed' ? 'billed' : 'effective')}
        options={[
          { value: 'effective', label: METRIC_LABELS.effective },
          { value: 'billed', label: METRIC_LABELS.billed },
        ]}
        error={errors.metric}
      />
      <Field
        label="Alert at (% of the amount)"
        name="thresholds"
        value={thresholds}
        onChange={setThresholds}
        error={errors.thresholds}
        description="An alert is raised the first time the month's spend passes each"
      />
      <ProblemBanner error={create.error} extra={server.form} />
      <div className="form-actions">
        <Button className="button" onPress={close}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isDisabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create budget'}
        </Button>
      </div>
    </form>
  );
}

function BudgetRow({ budget, canAdmin }: { budget: Budget; canAdmin: boolean }) {
  const queries = useQueryClient();
  const remove = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/v1/costs/budgets/{id}', { params: { path: { id: budget.id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: costKeys.all }),
  });
  const tone = budgetTone(budget);
  const crossed = crossedThresholds(budget);
  const sorted = [...budget.thresholds].sort((a, b) => a - b);
  const percent = Math.round(budget.percentUsed * 10) / 10;
  return (
    <li className="card budget">
      <div className="card-header">
        <h3>{budget.name}</h3>
        <span className={`badge badge-${tone}`}>{TONE_TEXT[tone]}</span>
      </div>
      <p className="muted">
        {budgetScopeText(budget.scope)} · {METRIC_LABELS[budget.metric].toLowerCase()} ·{' '}
        {budget.month}
      </p>
      <meter
        className={`budget-meter budget-${tone}`}
        min={0}
        max={100}
        low={sorted[0] ?? 100}
        high={Math.min(100, sorted[sorted.length - 1] ?? 100)}
        optimum={0}
        value={Math.min(100, budget.percentUsed)}
        aria-label={`${budget.name}: ${percent}% of the monthly amount used`}
      />
      <p>
        {formatMoney(budget.spent, budget.currency)} of{' '}
        {formatMoney(budget.monthlyAmount, budget.currency)} ({percent}%)
      </p>
      <p className="muted">
        Alerts at {sorted.map((t) => `${t}%`).join(', ')}
        {crossed.length > 0 ? `; passed ${crossed.map((t) => `${t}%`).join(', ')}` : ''}.
      </p>
      {canAdmin && (
        <div>
          <ConfirmButton
            label="Delete"
            title={`Delete the budget ${budget.name}?`}
            message="Its alerts stop; the cost itself is not touched."
            confirmLabel="Delete budget"
            onConfirm={() => remove.mutate()}
            isPending={remove.isPending}
          />
          <ProblemBanner error={remove.error} />
        </div>
      )}
    </li>
  );
}

function Alerts({ budgets }: { budgets: BudgetPage['items'] }) {
  const alerts = useBudgetAlerts();
  const budgetOf = (id: string) => budgets.find((budget) => budget.id === id);
  return (
    <div>
      <h3 id="alerts-heading">Recent alerts</h3>
      <QueryState
        query={alerts}
        loadingLabel="Loading alerts…"
        isEmpty={(page) => page.items.length === 0}
        empty={<p>No budget has passed a threshold.</p>}
      >
        {(page) => (
          <ul className="list" aria-labelledby="alerts-heading">
            {page.items.slice(0, 20).map((alert) => {
              const budget = budgetOf(alert.budgetId);
              const currency = budget?.currency ?? 'USD';
              return (
                <li key={alert.id}>
                  <strong>{budget?.name ?? 'A deleted budget'}</strong> passed {alert.threshold}% (
                  {alert.basis === 'forecast' ? 'forecast' : 'actual'}) in {alert.month}:{' '}
                  {formatMoney(alert.spent, currency)} of {formatMoney(alert.amount, currency)}{' '}
                  <span className="muted">· {when(alert.raisedAt)}</span>
                </li>
              );
            })}
          </ul>
        )}
      </QueryState>
    </div>
  );
}

/** Monthly budgets with this month's spend, and the alerts they raised. */
export function Budgets() {
  const budgets = useBudgets();
  const canAdmin = useCan('admin');
  return (
    <section aria-labelledby="budgets-heading" className="card stack">
      <div className="card-header">
        <h2 id="budgets-heading">Budgets</h2>
        {canAdmin && (
          <DialogButton label="Create a budget" title="Create a budget" variant="primary">
            {(close) => <CreateBudgetForm close={close} />}
          </DialogButton>
        )}
      </div>
      <QueryState
        query={budgets}
        loadingLabel="Loading budgets…"
        isEmpty={(page) => page.items.length === 0}
        empty={
          <p>No budget yet.{canAdmin ? ' Create one to be told when spend runs ahead.' : ''}</p>
        }
      >
        {(page) => (
          <>
            <ul className="cards">
              {page.items.map((budget) => (
                <BudgetRow key={budget.id} budget={budget} canAdmin={canAdmin} />
              ))}
            </ul>
            <Alerts budgets={page.items} />
          </>
        )}
      </QueryState>
    </section>
  );
}
