import 'uplot/dist/uPlot.min.css';

import { type RefObject, useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';

import { anomalySentence, type DayMarker, liftOverlapping } from '../../lib/anomalies';
import { type CurrencyChart, formatMoney, layerColour, periodLabel } from '../../lib/costs';
import type { BandSeries } from '../../lib/forecast-band';

const BAND_95 = 'rgba(29, 78, 216, 0.14)';
const BAND_80 = 'rgba(29, 78, 216, 0.3)';
const MEAN = '#1d4ed8';
const NO_MARKERS: DayMarker[] = [];
/** A marker's height and width in pixels (1.5rem and its border), for lifting overlapping ones. */
const MARKER_SIZE = 26;

interface Placed {
  marker: DayMarker;
  left: number;
  top: number;
}

function bandSeries(band: BandSeries): { series: uPlot.Series[]; data: (number | null)[][] } {
  const bound = { stroke: 'transparent', width: 0, points: { show: false } };
  return {
    series: [
      { label: 'High, 95 %', ...bound },
      { label: 'Low, 95 %', ...bound },
      { label: 'High, 80 %', ...bound },
      { label: 'Low, 80 %', ...bound },
      { label: 'Forecast', stroke: MEAN, width: 2, dash: [6, 4], points: { show: false } },
    ],
    data: [band.hi95, band.lo95, band.hi80, band.lo80, band.mean],
  };
}

/** Begins with the marker's visible text, so the name a screen reader hears matches what is seen. */
function markerName(marker: DayMarker): string {
  return marker.anomalies.length > 1 ? `${marker.anomalies.length} anomalies` : 'Anomaly';
}

/** A marker per day with anomalies, over the bar of that day; the button opens its explanation. */
function Markers({ placed, onMarker }: { placed: Placed[]; onMarker: (m: DayMarker) => void }) {
  return (
    <div className="chart-markers">
      {placed.map(({ marker, left, top }) => {
        const sentences = marker.anomalies.map(anomalySentence);
        const increase = marker.anomalies[0]?.direction !== 'decrease';
        return (
          <button
            key={marker.day}
            type="button"
            className={`chart-marker ${increase ? '' : 'chart-marker-decrease'}`}
            style={{ left: `${left}px`, top: `${top}px` }}
            aria-label={`${markerName(marker)} on ${periodLabel(marker.day)}: ${sentences.join('; ')}. Explain`}
            onClick={() => onMarker(marker)}
          >
            <span aria-hidden="true">
              {marker.anomalies.length > 1 ? marker.anomalies.length : '!'}
            </span>
            <span className="chart-marker-tip" aria-hidden="true">
              {sentences.map((sentence) => (
                <span key={sentence} className="block">
                  {sentence}
                </span>
              ))}
            </span>
          </button>
        );
      })}
    </div>
  );
}

/** The element's width, observed from its first layout on (0 until then, and where nothing measures layout). */
function useWidth(element: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const observed = element.current;
    if (!observed || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(([entry]) =>
      setWidth(Math.round(entry?.contentRect.width ?? 0)),
    );
    observer.observe(observed);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

/**
 * A stacked bar per day, drawn by uPlot (loaded with this chunk only). Each layer is drawn as a
 * bar up to its top, the highest first, so the ones under it paint over its lower part. After
 * the last day, the forecast's 95 % and 80 % intervals as bands and its mean as a dashed line;
 * anomalies as buttons over their days, lifted where close ones would overlap, placed again
 * when the chart's width changes. The canvas is an image with a description; the page
 * gives the legend, the anomalies and the numbers as text.
 */
export default function CostChart({
  chart,
  description,
  band,
  markers = NO_MARKERS,
  onMarker = () => undefined,
}: {
  chart: CurrencyChart;
  description: string;
  band?: BandSeries | undefined;
  markers?: DayMarker[];
  onMarker?: (marker: DayMarker) => void;
}) {
  const frame = useRef<HTMLDivElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const [placed, setPlaced] = useState<Placed[]>([]);
  const width = useWidth(container);
  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const days = band?.days ?? chart.periods;
    const padding = days.slice(chart.periods.length).map(() => null);
    const x = days.map((_, i) => i);
    const drawOrder = chart.layers.map((layer, i) => ({ layer, i })).reverse();
    const bars = uPlot.paths.bars?.({ size: [0.8, 48], gap: 1 });
    const money = (value: number) => formatMoney(value, chart.currency).replace(/\.00$/, '');
    const forecast = band ? bandSeries(band) : { series: [], data: [] };
    const first = 1 + drawOrder.length;
    const max = Math.max(chart.max, band?.max ?? 0);
    const plot = new uPlot(
      {
        width: Math.max(280, Math.min(width || 720, 1100)),
        height: 280,
        legend: { show: false },
        cursor: { points: { show: false }, drag: { x: false, y: false } },
        scales: {
          x: { time: false, range: [-0.6, Math.max(0, days.length - 1) + 0.6] },
          y: { range: [0, max > 0 ? max * 1.12 : 1] },
        },
        axes: [
          {
            label: 'Day (UTC)',
            values: (_u, ticks) =>
              ticks.map((tick) => (Number.isInteger(tick) ? periodLabel(days[tick] ?? '') : '')),
          },
          {
            label: `Cost (${chart.currency})`,
            size: 72,
            values: (_u, ticks) => ticks.map(money),
          },
        ],
        series: [
          {},
          ...drawOrder.map(({ layer, i }) => {
            const colour = layerColour(layer, i);
            return {
              label: layer.label,
              fill: colour,
              stroke: colour,
              width: 0,
              points: { show: false },
              ...(bars ? { paths: bars } : {}),
            };
          }),
          ...forecast.series,
        ],
        ...(band
          ? {
              bands: [
                { series: [first, first + 1], fill: BAND_95 },
                { series: [first + 2, first + 3], fill: BAND_80 },
              ] as uPlot.Band[],
            }
          : {}),
      },
      [x, ...drawOrder.map(({ layer }) => [...layer.tops, ...padding]), ...forecast.data],
      element,
    );
    const frameBox = frame.current?.getBoundingClientRect();
    const overBox = plot.over.getBoundingClientRect();
    setPlaced(
      frameBox
        ? liftOverlapping(
            markers.map((marker) => ({
              marker,
              left: overBox.left - frameBox.left + plot.valToPos(marker.index, 'x'),
              top:
                overBox.top -
                frameBox.top +
                plot.valToPos(chart.totals[marker.index] ?? 0, 'y') -
                4,
            })),
            MARKER_SIZE,
          )
        : [],
    );
    return () => plot.destroy();
  }, [chart, band, markers, width]);
  return (
    <div className="chart-frame" ref={frame}>
      <div ref={container} className="cost-chart" role="img" aria-label={description} />
      <Markers placed={placed} onMarker={onMarker} />
    </div>
  );
}
