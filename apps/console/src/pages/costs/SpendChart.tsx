import { lazy, Suspense, useMemo } from 'react';

import { Loading, QueryState } from '../../components/states';
import {
  chartDescription,
  type CostFilters,
  type CurrencyChart,
  formatMoney,
  GROUP_BY_LABELS,
  layerColour,
  periodLabel,
  stackSeries,
} from '../../lib/costs';
import { useCostSeries } from './cost-queries';

const CostChart = lazy(() => import('./CostChart'));

function Legend({ chart }: { chart: CurrencyChart }) {
  return (
    <ul className="chart-legend" aria-label={`Legend, ${chart.currency}`}>
      {chart.layers.map((layer, i) => (
        <li key={layer.key}>
          <svg width="12" height="12" aria-hidden="true" focusable="false">
            <rect width="12" height="12" rx="2" fill={layerColour(layer, i)} />
          </svg>{' '}
          {layer.label} <span className="muted">{formatMoney(layer.total, chart.currency)}</span>
        </li>
      ))}
    </ul>
  );
}

/** The numbers behind the chart, for anyone who cannot or would rather not read it. */
function ChartTable({ chart, group }: { chart: CurrencyChart; group: string }) {
  return (
    <details className="chart-table">
      <summary>Show the numbers ({chart.currency})</summary>
      <div className="table-scroll">
        <table className="table compact">
          <caption className="visually-hidden">
            Daily cost in {chart.currency} by {group.toLowerCase()}
          </caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {chart.layers.map((layer) => (
                <th scope="col" key={layer.key}>
                  {layer.label}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {chart.periods.map((period, p) => (
              <tr key={period}>
                <th scope="row">{periodLabel(period)}</th>
                {chart.layers.map((layer) => (
                  <td key={layer.key}>{formatMoney(layer.values[p] ?? 0, chart.currency)}</td>
                ))}
                <td>{formatMoney(chart.totals[p] ?? 0, chart.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Daily cost as stacked bars, one chart per currency, with its legend and its table. */
export function SpendChart({ filters }: { filters: CostFilters }) {
  const series = useCostSeries(filters);
  const charts = useMemo(() => (series.data ? stackSeries(series.data) : []), [series.data]);
  const group = GROUP_BY_LABELS[filters.groupBy];
  return (
    <section aria-labelledby="spend-heading" className="card" aria-busy={series.isFetching}>
      <h2 id="spend-heading">Daily cost by {group.toLowerCase()}</h2>
      <QueryState
        query={series}
        loadingLabel="Loading daily cost…"
        isEmpty={(answer) => answer.series.length === 0}
        empty={<p>No cost to draw in this range.</p>}
      >
        {() => (
          <div className="stack">
            {charts.map((chart) => {
              const description = chartDescription(chart, group);
              return (
                <figure className="chart" key={chart.currency}>
                  <figcaption>
                    <Legend chart={chart} />
                  </figcaption>
                  <Suspense fallback={<Loading label="Loading the chart…" />}>
                    <CostChart chart={chart} description={description} />
                  </Suspense>
                  <ChartTable chart={chart} group={group} />
                </figure>
              );
            })}
          </div>
        )}
      </QueryState>
    </section>
  );
}
