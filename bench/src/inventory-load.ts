import autocannon from 'autocannon';

import type { Api } from './gateway-client';
import { explain, type ListQuery, pathOf, type Plan } from './inventory-queries';
import { constantRate } from './vegeta';

export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

interface Load {
  via: 'gateway' | 'aetherium';
  connections: number;
  /** Set for a constant-rate (open loop) run; closed loop otherwise. */
  rate?: number;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

async function load(
  label: string,
  via: Load['via'],
  url: string,
  token: string,
  { connections = CONNECTIONS, duration = SECONDS } = {},
): Promise<Load> {
  const result = await autocannon({
    url,
    connections,
    duration,
    headers: { authorization: `Bearer ${token}` },
  });
  const run = {
    via,
    connections,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    errors: result.errors + result.non2xx, // errors include timeouts
  };
  console.log(JSON.stringify({ label, ...run }));
  return run;
}

/** The constant-rate run's share of what the gateway answered at saturation. */
export const PACED_FRACTION = 0.5;

/** The same connections at a constant rate (vegeta, open loop): latency at a load below saturation. */
async function paced(label: string, url: string, token: string, rps: number): Promise<Load> {
  const rate = Math.max(10, Math.round(rps / 10) * 10);
  const result = await constantRate({
    url,
    headers: { authorization: `Bearer ${token}` },
    rate,
    seconds: SECONDS,
    connections: CONNECTIONS,
  });
  const run = {
    via: 'gateway' as const,
    connections: CONNECTIONS,
    rate,
    p50: result.p50,
    p99: result.p99,
    rps: rate,
    errors: Math.round((1 - result.successRatio) * rate * SECONDS),
  };
  console.log(JSON.stringify({ label, ...run }));
  return run;
}

export interface QueryResult {
  query: ListQuery;
  plan: Plan;
  loads: Load[];
}

export async function measureQuery(
  query: ListQuery,
  api: Api,
  urls: { gateway: string; aetherium: string },
  aetheriumDb: string,
  tenantId: string,
): Promise<QueryResult> {
  const path = pathOf(query);
  const first = await api<{ items?: unknown[] }>('GET', path);
  const items = first.body.items?.length ?? 0;
  if (first.status !== 200 || items !== Number(query.params.limit)) {
    throw new Error(`${path} answered ${first.status} with ${items} items`);
  }
  await load(`${query.label}, warm-up`, 'gateway', `${urls.gateway}${path}`, api.token, {
    duration: 5,
  });
  const direct = await load(query.label, 'aetherium', `${urls.aetherium}${path}`, api.token);
  const saturated = await load(query.label, 'gateway', `${urls.gateway}${path}`, api.token);
  const loads = [
    direct,
    saturated,
    await paced(query.label, `${urls.gateway}${path}`, api.token, saturated.rps * PACED_FRACTION),
    await load(query.label, 'gateway', `${urls.gateway}${path}`, api.token, {
      connections: 1,
      duration: 5,
    }),
  ];
  const plan = await explain(aetheriumDb, tenantId, query);
  console.log(`${path}: ${plan.matching} matching rows\n${plan.text}`);
  return { query, plan, loads };
}

export function queryRows({ query, plan, loads }: QueryResult): string[] {
  const filter = `\`${decodeURIComponent(pathOf(query).replace('/api/v1/inventory/resources', ''))}\``;
  return loads.map((run, index) => {
    const target =
      run.via === 'gateway' && run.connections === CONNECTIONS ? (run.p99 < 50 ? ' ✓' : ' ✗') : '';
    const described =
      index === 0
        ? `${filter} (${plan.matching} rows match) | ${plan.summary}, ${plan.executionMs.toFixed(1)} ms`
        : ' | ';
    const how = run.rate ? `, constant ${run.rate} req/s` : '';
    return `| ${described} | ${run.via}, ${run.connections} conn.${how} | ${run.p50} | ${run.p99}${target} | ${run.rps} | ${run.errors} |`;
  });
}
