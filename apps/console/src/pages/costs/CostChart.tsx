import 'uplot/dist/uPlot.min.css';

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

import { type CurrencyChart, formatMoney, layerColour, periodLabel } from '../../lib/costs';

/**
 * A stacked bar per day, drawn by uPlot (loaded with this chunk only). Each layer is drawn as a
 * bar up to its top, the highest first, so the ones under it paint over its lower part. The
 * canvas is an image with a description; the page gives the legend and the numbers as a table.
 */
export default function CostChart({
  chart,
  description,
}: {
  chart: CurrencyChart;
  description: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const width = Math.max(280, Math.min(element.clientWidth || 720, 1100));
    const x = chart.periods.map((_, i) => i);
    const drawOrder = chart.layers.map((layer, i) => ({ layer, i })).reverse();
    const bars = uPlot.paths.bars?.({ size: [0.8, 48], gap: 1 });
    const money = (value: number) => formatMoney(value, chart.currency).replace(/\.00$/, '');
    const plot = new uPlot(
      {
        width,
        height: 280,
        legend: { show: false },
        cursor: { points: { show: false }, drag: { x: false, y: false } },
        scales: {
          x: { time: false, range: [-0.6, Math.max(0, chart.periods.length - 1) + 0.6] },
          y: { range: [0, chart.max > 0 ? chart.max * 1.08 : 1] },
        },
        axes: [
          {
            label: 'Day (UTC)',
            values: (_u, ticks) =>
              ticks.map((tick) =>
                Number.isInteger(tick) ? periodLabel(chart.periods[tick] ?? '') : '',
              ),
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
        ],
      },
      [x, ...drawOrder.map(({ layer }) => layer.tops)],
      element,
    );
    return () => plot.destroy();
  }, [chart]);
  return <div ref={container} className="cost-chart" role="img" aria-label={description} />;
}
