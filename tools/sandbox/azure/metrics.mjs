// Azure Monitor metrics for VMs: `Percentage CPU` generated per minute from the
// VM's id (a daily wave plus noise), for the week before seeding up to now.
// A VM that is not running has no datapoints after it stopped.
import { createHash } from 'node:crypto';

const INTERVALS = {
  PT1M: 1,
  PT5M: 5,
  PT15M: 15,
  PT30M: 30,
  PT1H: 60,
  PT6H: 360,
  PT12H: 720,
  P1D: 1440,
};
const AGGREGATIONS = ['Average', 'Minimum', 'Maximum', 'Total', 'Count'];
const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;

const hashSeed = (text) => createHash('sha1').update(text).digest().readUInt32BE(0);

function cpuAt(seed, base, minute) {
  const daily = Math.sin(((minute % 1440) / 1440) * 2 * Math.PI - Math.PI / 2) * 0.35 * base;
  let x = (seed ^ Math.imul(minute, 2654435761)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  const noise = ((x ^ (x >>> 16)) >>> 0) / 4294967296 - 0.5;
  return Math.min(100, Math.max(0.1, base + daily + noise * base * 0.4));
}

const bad = (message) => ({ error: { status: 400, code: 'BadRequest', message } });

/** Parses the query; answers the Response model of Microsoft.Insights/metrics. */
export function vmMetrics(vm, query, { seededAt, resourceId }) {
  const names = (query.get('metricnames') ?? 'Percentage CPU').split(',');
  const unknown = names.find((n) => n.trim().toLowerCase() !== 'percentage cpu');
  if (unknown) {
    return bad(
      `Failed to find metric configuration for provider: Microsoft.Compute, resource Type: virtualMachines, metric: ${unknown}, Valid metrics: Percentage CPU`,
    );
  }
  const intervalName = (query.get('interval') ?? 'PT1M').toUpperCase();
  const step = INTERVALS[intervalName];
  if (!step)
    return bad(
      `Invalid interval '${query.get('interval')}'. Supported: ${Object.keys(INTERVALS).join(', ')}`,
    );
  const aggregations = (query.get('aggregation') ?? 'Average')
    .split(',')
    .map((a) => AGGREGATIONS.find((x) => x.toLowerCase() === a.trim().toLowerCase()));
  if (aggregations.includes(undefined)) {
    return bad(
      `Invalid aggregation '${query.get('aggregation')}'. Supported: ${AGGREGATIONS.join(', ')}`,
    );
  }
  const now = Date.now();
  let from = now - 60 * MINUTE;
  let to = now;
  const timespan = query.get('timespan');
  if (timespan) {
    const [a, b] = timespan.split('/');
    from = Date.parse(a);
    to = Date.parse(b);
    if (Number.isNaN(from) || Number.isNaN(to) || to <= from) {
      return bad(
        `Invalid timespan '${timespan}': expected ISO 8601 'start/end' with start before end.`,
      );
    }
  }
  const stepMs = step * MINUTE;
  from = Math.floor(from / stepMs) * stepMs;
  const earliest = seededAt - WEEK;
  const stoppedAt = vm.power === 'running' ? null : vm.stoppedAt;
  const seed = hashSeed(vm.vmId);
  const data = [];
  for (let t = from; t < to; t += stepMs) {
    const point = { timeStamp: new Date(t).toISOString() };
    const values = [];
    for (let m = t; m < t + stepMs && m < to; m += MINUTE) {
      if (m < earliest || m > now || (stoppedAt && m >= stoppedAt) || m < vm.created) continue;
      values.push(cpuAt(seed, vm.cpuBase, Math.floor(m / MINUTE)));
    }
    if (values.length) {
      const total = values.reduce((x, y) => x + y, 0);
      const round = (v) => Math.round(v * 1000) / 1000;
      for (const a of aggregations) {
        if (a === 'Average') point.average = round(total / values.length);
        if (a === 'Minimum') point.minimum = round(Math.min(...values));
        if (a === 'Maximum') point.maximum = round(Math.max(...values));
        if (a === 'Total') point.total = round(total);
        if (a === 'Count') point.count = values.length;
      }
    }
    data.push(point);
  }
  return {
    body: {
      cost: data.length * aggregations.length,
      timespan: `${new Date(from).toISOString()}/${new Date(to).toISOString()}`,
      interval: intervalName,
      value: [
        {
          id: `${resourceId}/providers/Microsoft.Insights/metrics/Percentage CPU`,
          type: 'Microsoft.Insights/metrics',
          name: { value: 'Percentage CPU', localizedValue: 'Percentage CPU' },
          displayDescription:
            'The percentage of allocated compute units that are currently in use by the Virtual Machine(s)',
          unit: 'Percent',
          timeseries: [{ metadatavalues: [], data }],
          errorCode: 'Success',
        },
      ],
      namespace: 'Microsoft.Compute/virtualMachines',
      resourceregion: vm.location,
    },
  };
}
