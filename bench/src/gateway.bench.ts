import { BOOTSTRAP, startPlatform } from '@codex/testing';
import autocannon from 'autocannon';

import { machineDescription } from './bench-machine';
import { appendResult } from './benchmarks-doc';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PATH = '/api/v1/inventory/summary';

interface Run {
  label: string;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

async function load(
  label: string,
  baseUrl: string,
  token: string,
  overallRate?: number,
): Promise<Run> {
  const result = await autocannon({
    url: `${baseUrl}${PATH}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}` },
    ...(overallRate ? { overallRate } : {}),
  });
  const run = {
    label,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    errors: result.errors + result.non2xx,
  };
  console.log(JSON.stringify(run));
  return run;
}

async function main(): Promise<void> {
  const platform = await startPlatform({
    env: { LOG_LEVEL: 'warn' },
    serviceEnv: { gateway: { RATE_LIMIT_TENANT_REQUESTS: '100000000' } },
  });
  try {
    const signIn = await fetch(`${platform.gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'password',
        tenant: BOOTSTRAP.tenant,
        username: BOOTSTRAP.email,
        password: BOOTSTRAP.password,
      }),
    });
    const { access_token: token } = (await signIn.json()) as { access_token: string };
    const direct = platform.urlOf('aetherium');
    await load('warm-up', platform.gatewayUrl, token);
    const saturatedDirect = await load('direct, as fast as possible', direct, token);
    const saturatedGateway = await load('gateway, as fast as possible', platform.gatewayUrl, token);
    const rate = Math.round(saturatedGateway.rps / 2);
    const pacedDirect = await load(`direct, ${rate} req/s`, direct, token, rate);
    const pacedGateway = await load(`gateway, ${rate} req/s`, platform.gatewayUrl, token, rate);
    const row = (run: Run) =>
      `| ${run.label} | ${run.p50} | ${run.p99} | ${run.rps} | ${run.errors} |`;
    await appendResult(
      'bench-gateway',
      [
        `Machine: ${machineDescription()}. Command: \`make bench-gateway\`: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, \`GET ${PATH}\` with a bearer token, the gateway doing auth, rate limit (Redis) and routing; client, gateway and service share the machine.`,
        '',
        '| run | p50 ms | p99 ms | req/s | errors |',
        '|---|---|---|---|---|',
        ...[saturatedDirect, saturatedGateway, pacedDirect, pacedGateway].map(row),
        '',
        `Added p99 at ${rate} req/s: **${(pacedGateway.p99 - pacedDirect.p99).toFixed(1)} ms** (gateway ÷ direct ${(pacedGateway.p99 / Math.max(pacedDirect.p99, 1)).toFixed(2)}). At saturation: ${(saturatedGateway.p99 - saturatedDirect.p99).toFixed(1)} ms (${(saturatedGateway.p99 / Math.max(saturatedDirect.p99, 1)).toFixed(2)}).`,
      ].join('\n'),
    );
  } finally {
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
