import { performance } from 'node:perf_hooks';

import type { RunningPlatform } from '@codex/testing';

import { seconds, sleep } from './durations';
import type { Api } from './gateway-client';
import { type AwsAccess, ECS_SERVICES, INSTANCES, REGIONS } from './moto-estate';
import { databaseUrlOf, withDatabase } from './service-database';

const POLL_MS = 200;
const DISCOVERY_TIMEOUT_MS = 20 * 60_000;

export interface RunView {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  counts: { discovered: number; deleted: number; metrics: number };
  progress: { region: string; resourceType: string; pages: number; resources: number }[];
  error: { code: string; message: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Summary {
  total: number;
  byType: Record<string, number>;
}

export interface Discovery {
  wallMs: number;
  listedMs: number;
  runDoneMs: number;
  inventoryMs: number;
  run: RunView;
  runMs: number;
  summary: Summary;
}

export async function registerAccount(
  api: Api,
  platform: RunningPlatform,
  account: AwsAccess,
): Promise<string> {
  const connected = await api<{ id: string }>('POST', '/api/v1/accounts', {
    provider: 'aws',
    name: `bench-${account.accountId}`,
    regions: REGIONS,
    credentials: { kind: 'assume-role', ...account.role },
  });
  if (connected.status !== 201) {
    throw new Error(`registering the account answered ${connected.status}`);
  }
  const id = connected.body.id;
  await engineCoreKnows(platform, id);
  return id;
}

/** Waits until engine-core learned of the account from account.connected, without starting a run. */
export async function engineCoreKnows(platform: RunningPlatform, id: string): Promise<void> {
  const engineDb = await databaseUrlOf(platform, 'engine-core');
  await withDatabase(engineDb, async (client) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const known = await client.query(
        `SELECT 1 FROM connected_accounts WHERE account_id = $1 AND status = 'connected'`,
        [id],
      );
      if (known.rowCount) return;
      if (Date.now() > deadline) throw new Error('engine-core never learned of the account');
      await sleep(100);
    }
  });
}

export async function discover(api: Api, accountId: string): Promise<Discovery> {
  const started = performance.now();
  const posted = await api<RunView>('POST', '/api/v1/compute/discovery-runs', { accountId });
  if (posted.status !== 202) {
    throw new Error(`POST discovery-runs answered ${posted.status}: ${JSON.stringify(posted)}`);
  }
  let run = posted.body;
  let summary: Summary = { total: 0, byType: {} };
  let listedMs = 0;
  let runDoneMs = 0;
  let inventoryMs = 0;
  let polls = 0;
  while (!runDoneMs || !inventoryMs) {
    await sleep(POLL_MS);
    const [runAnswer, summaryAnswer] = await Promise.all([
      api<RunView>('GET', `/api/v1/compute/discovery-runs/${run.id}`),
      api<Summary>('GET', '/api/v1/inventory/summary'),
    ]);
    const now = performance.now() - started;
    run = runAnswer.body;
    summary = summaryAnswer.body;
    const instances = summary.byType['ec2/instance'] ?? 0;
    const services = summary.byType['ecs/service'] ?? 0;
    if (!listedMs && run.counts.discovered >= INSTANCES + ECS_SERVICES) listedMs = now;
    if (!runDoneMs && (run.status === 'succeeded' || run.status === 'failed')) {
      runDoneMs = now;
      if (run.status === 'failed') {
        throw new Error(`discovery run failed after ${seconds(now)} s: ${JSON.stringify(run)}`);
      }
    }
    if (!inventoryMs && instances >= INSTANCES && services >= ECS_SERVICES) inventoryMs = now;
    if ((polls += 1) % 25 === 0) {
      console.log(
        `${seconds(now)} s: ${run.status}, ${run.counts.discovered} published, ${summary.total} in inventory`,
      );
    }
    if (now > DISCOVERY_TIMEOUT_MS) {
      throw new Error(`discovery not done after ${seconds(now)} s: ${JSON.stringify(run)}`);
    }
  }
  const runMs =
    run.startedAt && run.finishedAt
      ? new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()
      : Number.NaN;
  return {
    wallMs: Math.max(runDoneMs, inventoryMs),
    listedMs,
    runDoneMs,
    inventoryMs,
    run,
    runMs,
    summary,
  };
}
