import { type FormEvent, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { useSearchParams } from 'react-router';

import { QueryState } from '../../components/states';
import { Field, SelectField } from '../../components/ui';
import {
  addDays,
  type CostFilters,
  costFiltersFrom,
  costSearch,
  defaultRange,
  exportHref,
  formatChange,
  formatMoney,
  formatPercent,
  GROUP_BY_CHOICES,
  GROUP_BY_LABELS,
  isDay,
  lastDay,
  METRIC_LABELS,
  moverDirection,
  previousRange,
  rangeDays,
  sortMovers,
} from '../../lib/costs';
import { Budgets } from './Budgets';
import { useCostMovers, useCostTotals, useUnallocatedCost } from './cost-queries';
import { CostAnomalies } from './CostAnomalies';
import { CostSources } from './CostSources';
import { SpendChart } from './SpendChart';

const QUICK_RANGES = [7, 30, 90];

function DateInput({
  label,
  name,
  value,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (day: string) => void;
}) {
  const id = `cost-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="date"
        value={value}
        onChange={(event) => {
          if (isDay(event.target.value)) onChange(event.target.value);
        }}
      />
    </div>
  );
}

/** The range, group-by and metric, kept in the address. */
function CostControls({
  filters,
  apply,
}: {
  filters: CostFilters;
  apply: (next: CostFilters) => void;
}) {
  const [tagKey, setTagKey] = useState(filters.tagKey);
  const [seenTag, setSeenTag] = useState(filters.tagKey);
  if (seenTag !== filters.tagKey) {
    setSeenTag(filters.tagKey);
    setTagKey(filters.tagKey);
  }
  const through = lastDay(filters);
  const onTag = (event: FormEvent) => {
    event.preventDefault();
    apply({ ...filters, groupBy: 'tag', tagKey: tagKey.trim() });
  };
  return (
    <form className="filters" role="search" aria-label="Cost range and grouping" onSubmit={onTag}>
      <DateInput
        label="From"
        name="from"
        value={filters.from}
        onChange={(from) =>
          apply({ ...filters, from, to: from < filters.to ? filters.to : addDays(from, 1) })
        }
      />
      <DateInput
        label="Through"
        name="through"
        value={through}
        onChange={(day) => {
          const to = addDays(day, 1);
          if (to > filters.from) apply({ ...filters, to });
        }}
      />
      <div className="field">
        <span className="field-label" id="quick-range-label">
          Last
        </span>
        <div className="button-row" role="group" aria-labelledby="quick-range-label">
          {QUICK_RANGES.map((days) => (
            <Button
              key={days}
              className="button button-quiet"
              onPress={() => apply({ ...filters, ...defaultRange(new Date(), days) })}
              aria-pressed={
                rangeDays(filters) === days && filters.to === defaultRange(new Date()).to
              }
            >
              {days} days
            </Button>
          ))}
        </div>
      </div>
      <SelectField
        label="Group by"
        name="groupBy"
        value={filters.groupBy}
        onChange={(value) =>
          apply({
            ...filters,
            groupBy: GROUP_BY_CHOICES.find((choice) => choice === value) ?? 'service',
          })
        }
        options={GROUP_BY_CHOICES.map((choice) => ({
          value: choice,
          label: GROUP_BY_LABELS[choice],
        }))}
      />
      {filters.groupBy === 'tag' && (
        <>
          <Field
            label="Tag key"
            name="tag"
            value={tagKey}
            onChange={setTagKey}
            placeholder="team"
            description={filters.tagKey ? undefined : 'Grouped by service until a key is given'}
          />
          <Button type="submit" className="button">
            Apply
          </Button>
        </>
      )}
      <SelectField
        label="Cost"
        name="metric"
        value={filters.metric}
        onChange={(value) =>
          apply({ ...filters, metric: value === 'billed' ? 'billed' : 'effective' })
        }
        options={[
          { value: 'effective', label: METRIC_LABELS.effective },
          { value: 'billed', label: METRIC_LABELS.billed },
        ]}
      />
    </form>
  );
}

function Totals({ filters }: { filters: CostFilters }) {
  const totals = useCostTotals(filters);
  return (
    <section aria-labelledby="totals-heading" className="card" aria-busy={totals.isFetching}>
      <h2 id="totals-heading">Totals</h2>
      <QueryState
        query={totals}
        loadingLabel="Loading totals…"
        isEmpty={(answer) => answer.totals.length === 0}
        empty={<p>No cost in this range. Connect a cost source below and ingest its bills.</p>}
      >
        {(answer) => (
          <ul className="cost-totals">
            {answer.totals.map((total) => (
              <li key={total.currency}>
                <span className="cost-total-amount">
                  {formatMoney(total[filters.metric], total.currency)}
                </span>
                <span className="muted">
                  {' '}
                  {filters.metric} · billed {formatMoney(total.billed, total.currency)}, effective{' '}
                  {formatMoney(total.effective, total.currency)}, list{' '}
                  {formatMoney(total.list, total.currency)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function Movers({ filters }: { filters: CostFilters }) {
  const movers = useCostMovers(filters);
  const previous = previousRange(filters);
  const group = GROUP_BY_LABELS[filters.groupBy];
  return (
    <section aria-labelledby="movers-heading" className="card" aria-busy={movers.isFetching}>
      <h2 id="movers-heading">Top movers</h2>
      <p className="muted">
        Against {previous.from} to {lastDay(previous)}, the {rangeDays(filters)} days before.
      </p>
      <QueryState
        query={movers}
        loadingLabel="Loading movers…"
        isEmpty={(answer) => answer.movers.length === 0}
        empty={<p>Nothing moved between the two ranges.</p>}
      >
        {(answer) => (
          <div className="table-scroll">
            <table className="table compact">
              <caption className="visually-hidden">
                {group} whose cost changed most against the previous range
              </caption>
              <thead>
                <tr>
                  <th scope="col">{group}</th>
                  <th scope="col">Now</th>
                  <th scope="col">Before</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {sortMovers(answer.movers).map((mover) => {
                  const direction = moverDirection(mover);
                  return (
                    <tr key={`${mover.key}:${mover.currency}`}>
                      <th scope="row" className="break">
                        {mover.label}
                      </th>
                      <td>{formatMoney(mover.current, mover.currency)}</td>
                      <td>{formatMoney(mover.previous, mover.currency)}</td>
                      <td className={`mover-${direction}`}>
                        {formatChange(mover.change, mover.currency)} (
                        {formatPercent(mover.changePercent)})
                        <span className="visually-hidden">
                          {direction === 'up' ? ', up' : direction === 'down' ? ', down' : ''}
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}

function Unallocated({ filters }: { filters: CostFilters }) {
  const unallocated = useUnallocatedCost(filters.from, filters.to);
  return (
    <section
      aria-labelledby="unallocated-heading"
      className="card"
      aria-busy={unallocated.isFetching}
    >
      <h2 id="unallocated-heading">Unallocated cost</h2>
      <p className="muted">
        Cost that names no resource, or one the inventory does not hold (yet): shared charges, tax,
        support, and bills read from an API rather than an export.
      </p>
      <QueryState
        query={unallocated}
        loadingLabel="Loading unallocated cost…"
        isEmpty={(answer) => answer.unallocated.length === 0 && answer.items.length === 0}
        empty={<p>Every charge in this range belongs to a resource in the inventory.</p>}
      >
        {(answer) => (
          <>
            <ul className="cost-totals">
              {answer.unallocated.map((total) => (
                <li key={total.currency}>
                  <span className="cost-total-amount">
                    {formatMoney(total[filters.metric], total.currency)}
                  </span>
                  <span className="muted"> {filters.metric}, unallocated</span>
                </li>
              ))}
            </ul>
            {answer.items.length > 0 && (
              <div className="table-scroll">
                <table className="table compact">
                  <caption className="visually-hidden">Largest unallocated charges</caption>
                  <thead>
                    <tr>
                      <th scope="col">Resource</th>
                      <th scope="col">Service</th>
                      <th scope="col">Account</th>
                      <th scope="col">Cost</th>
                    </tr>
                  </thead>
                  <tbody>
                    {answer.items.map((item) => (
                      <tr
                        key={`${item.provider}:${item.account}:${item.service}:${item.resourceId}:${item.currency}`}
                      >
                        <th scope="row" className="break mono">
                          {item.name ?? (item.resourceId || 'No resource')}
                        </th>
                        <td>
                          {item.provider} {item.service}
                        </td>
                        <td>{item.account}</td>
                        <td>{formatMoney(item[filters.metric], item.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}

/**
 * Cost from the providers' bills (FOCUS 1.2 in aetherium): a range, a group-by and a metric in
 * the address; the daily spend stacked by group, totals, movers, unallocated cost, the export,
 * the sources the bills are read from and the budgets.
 */
export function CostsPage() {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => costFiltersFrom(search, new Date()), [search]);
  const apply = (next: CostFilters) => setSearch(costSearch(next, new Date()));
  return (
    <>
      <div className="page-header">
        <h1>Costs</h1>
        <a className="button" href={exportHref(filters)} download>
          Download FOCUS 1.2 CSV
          <span className="visually-hidden">
            {' '}
            for {filters.from} to {lastDay(filters)}
          </span>
        </a>
      </div>
      <CostControls filters={filters} apply={apply} />
      <p className="muted" aria-live="polite">
        {filters.from} to {lastDay(filters)} ({rangeDays(filters)} days, UTC),{' '}
        {METRIC_LABELS[filters.metric].toLowerCase()}, by{' '}
        {GROUP_BY_LABELS[filters.groupBy].toLowerCase()}
        {filters.groupBy === 'tag' && filters.tagKey ? ` ${filters.tagKey}` : ''}.
      </p>
      <div className="stack">
        <Totals filters={filters} />
        <SpendChart filters={filters} />
        <CostAnomalies filters={filters} />
        <div className="grid-2">
          <Movers filters={filters} />
          <Unallocated filters={filters} />
        </div>
        <Budgets />
        <CostSources />
      </div>
    </>
  );
}
