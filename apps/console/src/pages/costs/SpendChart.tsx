import { lazy, Suspense, useMemo, useState } from 'react';

import { Loading, QueryState } from '../../components/states';
import { SelectField } from '../../components/ui';
import { type DayMarker, markersOnDays } from '../../lib/anomalies';
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
import {
  ALL_COST,
  bandAfter,
  type ForecastScope,
  forecastScopeOf,
  forecastSentence,
  groupsAreForecast,
} from '../../lib/forecast-band';
import type { Anomaly } from '../../lib/oracle-views';
import { explainAnomaly, useExplain } from '../oracle/explain-context';
import { useForecast } from '../oracle/oracle-queries';
import { useCostAnomalies } from './cost-anomalies-query';
import { useCostSeries } from './cost-queries';

const CostChart = lazy(() => import('./CostChart'));

function Legend({ chart, forecast }: { chart: CurrencyChart; forecast: boolean }) {
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
      {forecast && (
        <li>
          <span className="forecast-key" aria-hidden="true" /> Forecast (80 % and 95 %)
        </li>
      )}
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

/** One currency's chart with its forecast band (when the range reaches it) and anomalies. */
function CurrencyFigure({
  chart,
  filters,
  scope,
  anomalies,
}: {
  chart: CurrencyChart;
  filters: CostFilters;
  scope: ForecastScope;
  anomalies: Anomaly[];
}) {
  const explain = useExplain();
  const group = GROUP_BY_LABELS[filters.groupBy];
  const forecast = useForecast(scope, filters.metric, chart.currency);
  const band = useMemo(
    () => bandAfter(chart.periods, forecast.data ?? undefined),
    [chart.periods, forecast.data],
  );
  const markers = useMemo(
    () =>
      markersOnDays(
        anomalies.filter((anomaly) => anomaly.currency === chart.currency),
        chart.periods,
      ),
    [anomalies, chart],
  );
  const money = (amount: number) => formatMoney(amount, chart.currency);
  const forecastText = band && forecast.data ? forecastSentence(band, forecast.data, money) : '';
  const description = [
    chartDescription(chart, group),
    forecastText,
    markers.length > 0 ? `${markers.length} days with anomalies, listed under Anomalies.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const onMarker = (marker: DayMarker) => {
    const anomaly = marker.anomalies[0];
    if (anomaly) explain(explainAnomaly(anomaly));
  };
  return (
    <figure className="chart">
      <figcaption>
        <Legend chart={chart} forecast={Boolean(band)} />
      </figcaption>
      <Suspense fallback={<Loading label="Loading the chart…" />}>
        <CostChart
          chart={chart}
          description={description}
          band={band}
          markers={markers}
          onMarker={onMarker}
        />
      </Suspense>
      {forecastText && <p className="muted small forecast-text">{forecastText}</p>}
      <ChartTable chart={chart} group={group} />
    </figure>
  );
}

/** Chooses whose forecast the band shows: all cost, or one of the chart's services or accounts. */
function ForecastScopeField({
  filters,
  charts,
  value,
  onChange,
}: {
  filters: CostFilters;
  charts: CurrencyChart[];
  value: string;
  onChange: (key: string) => void;
}) {
  if (!groupsAreForecast(filters.groupBy)) return null;
  const groups = new Map<string, string>();
  for (const chart of charts)
    for (const layer of chart.layers)
      if (layer.key !== '(other)') groups.set(layer.key, layer.label);
  return (
    <SelectField
      label="Forecast of"
      name="forecastOf"
      value={value}
      onChange={onChange}
      emptyLabel="All cost"
      options={[...groups].map(([key, label]) => ({ value: key, label }))}
    />
  );
}

/** Daily cost as stacked bars, one chart per currency, with its legend and its table. */
export function SpendChart({ filters }: { filters: CostFilters }) {
  const series = useCostSeries(filters);
  const { items: anomalies } = useCostAnomalies(filters);
  const [choice, setChoice] = useState({ groupBy: filters.groupBy, key: '' });
  const groupKey = choice.groupBy === filters.groupBy ? choice.key : '';
  const charts = useMemo(() => (series.data ? stackSeries(series.data) : []), [series.data]);
  const group = GROUP_BY_LABELS[filters.groupBy];
  const scope = useMemo(
    () => (groupKey ? forecastScopeOf(filters.groupBy, groupKey) : ALL_COST),
    [filters.groupBy, groupKey],
  );
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
            <ForecastScopeField
              filters={filters}
              charts={charts}
              value={groupKey}
              onChange={(key) => setChoice({ groupBy: filters.groupBy, key })}
            />
            {charts.map((chart) => (
              <CurrencyFigure
                key={chart.currency}
                chart={chart}
                filters={filters}
                scope={scope}
                anomalies={anomalies}
              />
            ))}
          </div>
        )}
      </QueryState>
    </section>
  );
}
