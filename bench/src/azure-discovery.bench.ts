import { performance } from 'node:perf_hooks';

import { AZURE_SANDBOX, startAzureSandbox, startPlatform } from '@codex/testing';

import { AZURE_ENGINE, azureFloor } from './azure-floor';
import { machineDescription } from './bench-machine';
import { appendResult } from './benchmarks-doc';
import { engineCoreKnows, type RunView, type Summary } from './discovery-run';
import { seconds, sleep } from './durations';
import { type Api, signIn } from './gateway-client';

/*
 * Discovery of a private Azure sandbox of BENCH_AZURE_VMS VMs, over its two subscriptions,
 * through the platform, against the floor: the same SDK calls with the same concurrency.
 */

const VMS = Number(process.env.BENCH_AZURE_VMS ?? 5000);
const POLL_MS = 200;
const TIMEOUT_MS = 20 * 60_000;

interface AzureDiscovery {
  wallMs: number;
  /** When both runs had published every listed resource (their CPU still to come). */
  listedMs: number;
  /** When both runs had succeeded. */
  runsDoneMs: number;
  runs: RunView[];
  summary: Summary;
}

async function connect(api: Api, subscriptionId: string): Promise<string> {
  const connected = await api<{ id: string }>('POST', '/api/v1/accounts', {
    provider: 'azure',
    name: `bench ${subscriptionId.slice(0, 8)}`,
    subscriptionId,
    credentials: {
      kind: 'client-secret',
      tenantId: AZURE_SANDBOX.tenantId,
      clientId: AZURE_SANDBOX.clientId,
      clientSecret: AZURE_SANDBOX.clientSecret,
    },
  });
  if (connected.status !== 201) {
    throw new Error(`connecting ${subscriptionId} answered ${connected.status}`);
  }
  return connected.body.id;
}

/** Both runs started together; done when both succeeded and the inventory holds every resource. */
async function discoverAll(
  api: Api,
  accountIds: string[],
  expected: number,
): Promise<AzureDiscovery> {
  const started = performance.now();
  let runs = await Promise.all(
    accountIds.map(async (accountId) => {
      const posted = await api<RunView>('POST', '/api/v1/compute/discovery-runs', { accountId });
      if (posted.status !== 202) throw new Error(`POST discovery-runs answered ${posted.status}`);
      return posted.body;
    }),
  );
  let summary: Summary = { total: 0, byType: {} };
  let listedMs = 0;
  let runsDoneMs = 0;
  for (let polls = 1; ; polls += 1) {
    await sleep(POLL_MS);
    [runs, summary] = await Promise.all([
      Promise.all(
        runs.map(
          async (run) =>
            (await api<RunView>('GET', `/api/v1/compute/discovery-runs/${run.id}`)).body,
        ),
      ),
      api<Summary>('GET', '/api/v1/inventory/summary').then((answer) => answer.body),
    ]);
    const failed = runs.find((run) => run.status === 'failed');
    if (failed) throw new Error(`a discovery run failed: ${JSON.stringify(failed)}`);
    const now = performance.now() - started;
    const discovered = runs.reduce((total, run) => total + run.counts.discovered, 0);
    if (!listedMs && discovered >= expected) listedMs = now;
    const done = runs.every((run) => run.status === 'succeeded');
    if (!runsDoneMs && done) runsDoneMs = now;
    if (done && summary.total >= expected)
      return { wallMs: now, listedMs, runsDoneMs, runs, summary };
    if (polls % 25 === 0) {
      console.log(
        `${seconds(now)} s: ${runs.map((run) => run.status).join(', ')}, ${summary.total} in inventory`,
      );
    }
    if (now > TIMEOUT_MS) throw new Error(`discovery not done after ${seconds(now)} s`);
  }
}

async function main(): Promise<void> {
  console.log(`starting an Azure sandbox of ${VMS} VMs and the platform`);
  const sandbox = await startAzureSandbox({ vms: VMS });
  const platform = await startPlatform({
    env: { LOG_LEVEL: 'warn' },
    serviceEnv: {
      gateway: { RATE_LIMIT_TENANT_REQUESTS: '100000000' },
      aetherium: { AZURE_ENDPOINT_URL: sandbox.url },
      'engine-core': {
        AZURE_ENDPOINT_URL: sandbox.url,
        DISCOVERY_INTERVAL_MINUTES: '0',
        // BENCH_PROFILE=<dir>: engine-core writes a V8 CPU profile there when it stops.
        ...(process.env.BENCH_PROFILE
          ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE}` }
          : {}),
        AZURE_CPU_CONCURRENCY: String(AZURE_ENGINE.cpuConcurrency),
        CPU_WINDOW_MINUTES: String(AZURE_ENGINE.cpuWindowMinutes),
        CPU_PERIOD_SECONDS: String(AZURE_ENGINE.cpuPeriodSeconds),
      },
    },
  });
  try {
    let api = await signIn(platform.gatewayUrl);
    const accountIds: string[] = [];
    for (const subscription of AZURE_SANDBOX.subscriptions) {
      const id = await connect(api, subscription);
      await engineCoreKnows(platform, id);
      accountIds.push(id);
    }
    console.log('floor: the same SDK calls, straight to the sandbox');
    const floor = await azureFloor(sandbox.url);
    console.log(JSON.stringify(floor));
    api = await signIn(platform.gatewayUrl);
    console.log('discovery through the gateway');
    const discovery = await discoverAll(api, accountIds, floor.vms + floor.scaleSets);
    console.log(
      JSON.stringify({
        wallMs: discovery.wallMs,
        listedMs: discovery.listedMs,
        runsDoneMs: discovery.runsDoneMs,
        summary: discovery.summary,
      }),
    );
    console.log('floor again, after the run');
    const floorAfter = await azureFloor(sandbox.url);
    console.log(JSON.stringify(floorAfter));
    const ratio = discovery.wallMs / floor.totalMs;
    const ratioAfter = discovery.wallMs / floorAfter.totalMs;
    console.log(
      `end to end ÷ floor: ${ratio.toFixed(2)} (÷ floor after: ${ratioAfter.toFixed(2)})`,
    );
    const runMs = (run: RunView) =>
      run.startedAt && run.finishedAt
        ? new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()
        : Number.NaN;
    await appendResult(
      'bench-discovery (Azure)',
      [
        `Machine: ${machineDescription()}. Command: \`make bench-discovery-azure\` (BENCH_AZURE_VMS=${VMS}; also run by \`make bench-discovery\`). The Azure sandbox, PostgreSQL, Kafka, the six services and the client share the machine.`,
        '',
        `**Discovery** of a private Azure sandbox (tools/sandbox/azure) seeded with ${floor.vms} VMs and ${floor.scaleSets} scale sets over two subscriptions, both connected through the gateway and discovered by two runs started together. The floor is a plain SDK loop (@azure/arm-compute, @azure/arm-monitor) making the same calls with the same concurrency, per subscription, both subscriptions at once: \`virtualMachines.listAll({statusOnly})\` and \`virtualMachineScaleSets.listAll()\` page by page side by side, then \`metrics.list\` of \`Percentage CPU\` for each running VM, ${AZURE_ENGINE.cpuConcurrency} at a time (AZURE_CPU_CONCURRENCY). It runs right before the run, and once more after it.`,
        '',
        '| phase | floor before / after the run | Codex |',
        '|---|---|---|',
        `| listings: ${floor.listPages} pages (${floor.vms} VMs, ${floor.scaleSets} scale sets) | ${seconds(floor.listingMs)} / ${seconds(floorAfter.listingMs)} s | ${seconds(discovery.listedMs)} s (POST → every listed resource published) |`,
        `| CPU: ${floor.cpuCalls} metrics requests (${floor.cpuSamples} VMs with a datapoint) | ${seconds(floor.cpuMs)} / ${seconds(floorAfter.cpuMs)} s | ${seconds(discovery.runsDoneMs - discovery.listedMs)} s (→ both runs succeeded) |`,
        `| total | ${seconds(floor.totalMs)} / ${seconds(floorAfter.totalMs)} s | **${seconds(discovery.wallMs)} s**: two \`POST /api/v1/compute/discovery-runs\` → both runs succeeded and \`GET /api/v1/inventory/summary\` shows ${discovery.summary.total} resources |`,
        `| end to end ÷ floor (target ≤ 1.2) | | **${ratio.toFixed(2)}** ${ratio <= 1.2 ? '✓' : '✗'} (÷ the floor after: ${ratioAfter.toFixed(2)}) |`,
        '',
        `The runs themselves (startedAt → finishedAt): ${discovery.runs.map((run) => `${seconds(runMs(run))} s (discovered ${run.counts.discovered}, metrics ${run.counts.metrics})`).join(' and ')}. Inventory: ${Object.entries(
          discovery.summary.byType,
        )
          .map(([type, count]) => `${type} ${count}`)
          .join(', ')}.`,
      ].join('\n'),
    );
  } finally {
    await platform.stop();
    await sandbox.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
