import 'uplot/dist/uPlot.min.css';

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

import type { Span } from '../lib/anomalies';
import type { CpuPoint } from '../lib/cpu-series';

const SPAN_FILL = 'rgba(185, 28, 28, 0.22)';
const NO_SPANS: Span[] = [];

/** Shades each anomaly's time span over the plotting area, under the series. */
function shadeSpans(spans: Span[]): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (plot: uPlot) => {
        const { ctx, bbox } = plot;
        ctx.save();
        ctx.fillStyle = SPAN_FILL;
        for (const span of spans) {
          const left = plot.valToPos(span.from / 1000, 'x', true);
          const right = plot.valToPos(span.to / 1000, 'x', true);
          ctx.fillRect(left, bbox.top, Math.max(right - left, 3), bbox.height);
        }
        ctx.restore();
      },
    },
  };
}

/** CPU over time, drawn by uPlot, with anomalies shaded; loaded only when a resource has samples. */
export default function CpuChart({
  points,
  spans = NO_SPANS,
}: {
  points: CpuPoint[];
  spans?: Span[];
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const width = Math.max(240, Math.min(element.clientWidth, 640));
    const chart = new uPlot(
      {
        width,
        height: 180,
        plugins: [shadeSpans(spans)],
        scales: { y: { range: [0, 100] } },
        series: [{}, { label: 'CPU %', stroke: '#2563eb', width: 2, fill: 'rgba(37,99,235,0.12)' }],
        axes: [{}, { values: (_u, ticks) => ticks.map((tick) => `${tick}%`) }],
      },
      [points.map((p) => p.at / 1000), points.map((p) => p.percent)],
      element,
    );
    return () => chart.destroy();
  }, [points, spans]);
  const latest = points[points.length - 1];
  const anomalies = spans.length > 0 ? `, ${spans.length} anomalies shaded` : '';
  return (
    <figure className="chart">
      <div
        ref={container}
        role="img"
        aria-label={`CPU utilisation, latest ${latest?.percent.toFixed(1) ?? '—'}%${anomalies}`}
      />
      <figcaption>CPU utilisation over the last {points.length} samples</figcaption>
    </figure>
  );
}
