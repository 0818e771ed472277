import 'uplot/dist/uPlot.min.css';

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

import type { CpuPoint } from '../lib/cpu-series';

/** CPU over time, drawn by uPlot; loaded only when a resource has samples. */
export default function CpuChart({ points }: { points: CpuPoint[] }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const width = Math.max(240, Math.min(element.clientWidth, 640));
    const chart = new uPlot(
      {
        width,
        height: 180,
        scales: { y: { range: [0, 100] } },
        series: [{}, { label: 'CPU %', stroke: '#2563eb', width: 2, fill: 'rgba(37,99,235,0.12)' }],
        axes: [{}, { values: (_u, ticks) => ticks.map((tick) => `${tick}%`) }],
      },
      [points.map((p) => p.at / 1000), points.map((p) => p.percent)],
      element,
    );
    return () => chart.destroy();
  }, [points]);
  const latest = points[points.length - 1];
  return (
    <figure className="chart">
      <div
        ref={container}
        role="img"
        aria-label={`CPU utilisation, latest ${latest?.percent.toFixed(1) ?? '—'}%`}
      />
      <figcaption>CPU utilisation over the last {points.length} samples</figcaption>
    </figure>
  );
}
