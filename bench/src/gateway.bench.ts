import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { canConnect, eventually, freePort, startPlatform } from '@codex/testing';
import autocannon from 'autocannon';

import { machineDescription } from './bench-machine';
import { appendResult } from './benchmarks-doc';
import { signIn } from './gateway-client';
import { constantRate, type ConstantRateResult } from './vegeta';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
/** Constant rates, as fractions of the gateway's saturated throughput. */
const LOAD_FRACTIONS = [0.1, 0.25, 0.5];
const PATH = '/api/v1/inventory/summary';

type Route = 'direct' | 'bare proxy' | 'gateway';

interface Saturated {
  route: Route;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

/** Closed loop: every connection sends its next request as soon as the last one is answered. */
async function saturate(route: Route, baseUrl: string, token: string): Promise<Saturated> {
  const result = await autocannon({
    url: `${baseUrl}${PATH}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}` },
  });
  const run = {
    route,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    errors: result.errors + result.non2xx,
  };
  console.log(JSON.stringify(run));
  return run;
}

async function startBareProxy(upstream: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [join(__dirname, 'bare-proxy.js'), upstream, String(port)],
    {
      stdio: 'inherit',
    },
  );
  await eventually(async () => {
    if (!(await canConnect(port))) throw new Error('bare proxy not listening yet');
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function main(): Promise<void> {
  const platform = await startPlatform({
    env: { LOG_LEVEL: 'warn' },
    serviceEnv: { gateway: { RATE_LIMIT_TENANT_REQUESTS: '100000000' } },
  });
  const bare = await startBareProxy(platform.urlOf('aetherium'));
  try {
    const { token } = await signIn(platform.gatewayUrl);
    const routes: Record<Route, string> = {
      direct: platform.urlOf('aetherium'),
      'bare proxy': bare.url,
      gateway: platform.gatewayUrl,
    };
    const order: Route[] = ['direct', 'bare proxy', 'gateway'];
    // A first pass warms the JIT and the connection pools; only the second is reported.
    for (const route of order) await saturate(route, routes[route], token);
    const saturated: Saturated[] = [];
    for (const route of order) saturated.push(await saturate(route, routes[route], token));
    const [saturatedDirect, , saturatedGateway] = saturated as [Saturated, Saturated, Saturated];
    const gatewayCapacity = saturatedGateway.rps;

    const paced: { rate: number; byRoute: Record<Route, ConstantRateResult> }[] = [];
    for (const fraction of LOAD_FRACTIONS) {
      const rate = Math.max(10, Math.round((gatewayCapacity * fraction) / 10) * 10);
      const byRoute = {} as Record<Route, ConstantRateResult>;
      for (const route of order) {
        byRoute[route] = await constantRate({
          url: `${routes[route]}${PATH}`,
          headers: { authorization: `Bearer ${token}` },
          rate,
          seconds: SECONDS,
          connections: CONNECTIONS,
        });
        console.log(route, JSON.stringify(byRoute[route]));
      }
      paced.push({ rate, byRoute });
    }

    const pair = (run: ConstantRateResult) => `${run.p50} / ${run.p99}`;
    const ratio = (a: number, b: number) => (a / Math.max(b, 0.1)).toFixed(2);
    const added = (a: number, b: number) => `${a - b >= 0 ? '+' : ''}${(a - b).toFixed(1)}`;
    await appendResult(
      'bench-gateway',
      [
        `Machine: ${machineDescription()}. Command: \`make bench-gateway\`: \`GET ${PATH}\` with a bearer token over ${CONNECTIONS} connections, ${SECONDS} s per run, three ways: straight to aetherium (direct); through a bare Fastify proxy with the gateway's undici settings and nothing else (bench/src/bare-proxy.ts: the cost of one Node proxy hop on this machine); through the gateway (auth, Redis rate limit, routing, headers). Client, proxies, service, PostgreSQL and Kafka share the machine.`,
        '',
        `**Saturated** (autocannon, closed loop: latency here is ${CONNECTIONS} ÷ throughput, so it measures CPU per request):`,
        '',
        '| route | p50 ms | p99 ms | req/s | errors |',
        '|---|---|---|---|---|',
        ...saturated.map(
          (run) => `| ${run.route} | ${run.p50} | ${run.p99} | ${run.rps} | ${run.errors} |`,
        ),
        '',
        `Gateway ÷ direct at saturation: p50 ${ratio(saturatedGateway.p50, saturatedDirect.p50)}, p99 ${ratio(saturatedGateway.p99, saturatedDirect.p99)} (added p99 ${added(saturatedGateway.p99, saturatedDirect.p99)} ms).`,
        '',
        `**Constant rate** (vegeta, open loop: requests leave on schedule, evenly spaced, over ${CONNECTIONS} connections; autocannon's own rate option sends each second's requests in one burst, which measures the burst). Rates are ${LOAD_FRACTIONS.map((f) => `${f * 100} %`).join(', ')} of the gateway's saturated throughput.`,
        '',
        '| req/s | direct p50 / p99 ms | bare proxy p50 / p99 ms | gateway p50 / p99 ms | gateway p99 − direct p99 (target ≤ 2 ms) | gateway ÷ direct, p50 / p99 | gateway p99 − bare proxy p99 | all 2xx |',
        '|---|---|---|---|---|---|---|---|',
        ...paced.map(({ rate, byRoute }) => {
          const { direct, gateway } = byRoute;
          const proxy = byRoute['bare proxy'];
          const ok = [direct, proxy, gateway].every((run) => run.successRatio === 1);
          return `| ${rate} | ${pair(direct)} | ${pair(proxy)} | ${pair(gateway)} | ${added(gateway.p99, direct.p99)} ${gateway.p99 - direct.p99 <= 2 ? '✓' : '✗'} | ${ratio(gateway.p50, direct.p50)} / ${ratio(gateway.p99, direct.p99)} | ${added(gateway.p99, proxy.p99)} | ${ok ? 'yes' : 'no'} |`;
        }),
      ].join('\n'),
    );
  } finally {
    bare.child.kill('SIGTERM');
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
