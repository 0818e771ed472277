import { performance } from 'node:perf_hooks';

import {
  AUTH0_SANDBOX,
  BOOTSTRAP,
  createScratchDatabase,
  freePort,
  GRAPH_SANDBOX,
  type IdentitySandboxes,
  runService,
  type ScratchDatabase,
  serviceEnv,
  type ServiceProcess,
  startIdentitySandboxes,
  startService,
  uniqueTopicPrefix,
} from '@codex/testing';

import { machineDescription, peakRssMiB } from './bench-machine';
import { appendResult } from './benchmarks-doc';
import { seconds, sleep } from './durations';
import { type IdentityFloor, identityFloor } from './identity-floor';
import { type SqlSamples, startSqlSampler } from './identity-sql-sampler';
import { withDatabase } from './service-database';

/*
 * A full sync of an Auth0 tenant and an Entra ID directory by hall-of-faces against the floor:
 * the same users and memberships read with the same SDKs and page sizes, nothing stored. Each
 * round runs both, alternating which goes first; the report takes medians.
 */

const PEOPLE = Number(process.env.BENCH_IDENTITY_PEOPLE ?? 41_000);
const ROUNDS = Number(process.env.BENCH_IDENTITY_ROUNDS ?? 3);
const SEED = 7;
/** One day of sign-in logs: the benchmark is about users and memberships. */
const SIGN_IN_DAYS = 1;
/**
 * The connections are made on a small estate, then the sandboxes get the full one: the first
 * sync of a second connection into a populated directory runs on statistics that know only the
 * first connection (see docs/benchmarks.md), which the benchmark is not about.
 */
const SETUP_PEOPLE = 500;
/** Far above what either side asks for, the same for both: the sandbox's budget never throttles. */
const AUTH0_RATE_LIMIT = 1_000_000;
const TARGET = 1.3;
const POLL_MS = 100;
const SYNC_TIMEOUT_MS = 30 * 60_000;
const AUTH0_DOMAIN = 'acme-sandbox.eu.auth0.com';
const PROFILE_DIR = process.env.BENCH_PROFILE;

type Idp = 'auth0' | 'entra';
const IDPS: readonly Idp[] = ['auth0', 'entra'];

interface SyncRun {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  counts: Record<string, number>;
  error: { code: string; message: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface ConnectionView {
  id: string;
  lastSync: SyncRun | null;
}

interface IdpSync {
  /** The sync request → the run seen succeeded (its transaction committed). */
  ms: number;
  /** The sync request → the write transaction began (finishedAt is its now()): the read. */
  readMs: number;
  run: SyncRun;
}

interface ProductSync {
  auth0: IdpSync;
  entra: IdpSync;
  totalMs: number;
}

interface Round {
  floor: IdentityFloor;
  product: ProductSync;
  floorRequests: Record<Idp, number>;
  productRequests: Record<Idp, number>;
}

type Api = <T>(
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: T }>;

async function startHallOfFaces(sandboxes: IdentitySandboxes) {
  const database = await createScratchDatabase('bench_identity');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const topicPrefix = uniqueTopicPrefix('bench-identity');
  const env = serviceEnv(database, {
    PORT: String(port),
    ISSUER_URL: url,
    AUTH_ISSUER_URL: url,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    KAFKA_CONSUMER_GROUP: `hall-of-faces-${topicPrefix}`,
    BOOTSTRAP_TENANT_SLUG: BOOTSTRAP.tenant,
    BOOTSTRAP_ADMIN_EMAIL: BOOTSTRAP.email,
    BOOTSTRAP_ADMIN_PASSWORD: BOOTSTRAP.password,
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    AUTH0_ENDPOINT_URL: sandboxes.auth0.url,
    GRAPH_ENDPOINT_URL: sandboxes.graph.url,
    ENTRA_AUTHORITY_URL: sandboxes.graph.authority,
    // Only the syncs the benchmark asks for; a write longer than a minute is not taken over.
    IDENTITY_SYNC_INTERVAL_SECONDS: '86400',
    IDENTITY_SYNC_STALE_SECONDS: '3600',
    // BENCH_PROFILE=<dir>: hall-of-faces writes a V8 CPU profile there when it stops.
    ...(PROFILE_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${PROFILE_DIR}` } : {}),
  });
  let service: ServiceProcess | undefined;
  try {
    const migrated = await runService('hall-of-faces', env, ['migrate']).exit;
    if (migrated.code !== 0) throw new Error(`migrate failed:\n${migrated.output}`);
    service = await startService('hall-of-faces', env);
  } catch (error) {
    await service?.stop();
    await database.drop();
    throw error;
  }
  return { url, database, service };
}

async function signIn(url: string): Promise<Api> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'password',
      tenant: BOOTSTRAP.tenant,
      username: BOOTSTRAP.email,
      password: BOOTSTRAP.password,
    }),
  });
  if (!response.ok) throw new Error(`sign-in answered ${response.status}`);
  const { access_token: token } = (await response.json()) as { access_token: string };
  return async <T>(method: string, path: string, body?: unknown) => {
    const answer = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await answer.text();
    return { status: answer.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
}

/** Polls both connections until each one's run (by id, or its first run) has succeeded. */
async function settle(
  api: Api,
  connections: Record<Idp, string>,
  runIds: Partial<Record<Idp, string>>,
  started: number,
): Promise<Record<Idp, { ms: number; run: SyncRun }>> {
  const done: Partial<Record<Idp, { ms: number; run: SyncRun }>> = {};
  for (let polls = 1; ; polls += 1) {
    await Promise.all(
      IDPS.filter((idp) => !done[idp]).map(async (idp) => {
        const answer = await api<ConnectionView>(
          'GET',
          `/api/v1/identity/connections/${connections[idp]}`,
        );
        const run = answer.body.lastSync;
        const now = performance.now() - started;
        if (!run || (runIds[idp] && run.id !== runIds[idp])) return;
        if (run.status === 'failed')
          throw new Error(`the ${idp} sync failed: ${JSON.stringify(run)}`);
        if (run.status === 'succeeded') done[idp] = { ms: now, run };
      }),
    );
    if (done.auth0 && done.entra) return { auth0: done.auth0, entra: done.entra };
    const now = performance.now() - started;
    if (polls % 100 === 0) {
      console.log(
        `  ${seconds(now)} s: ${IDPS.map((idp) => `${idp} ${done[idp] ? 'done' : '…'}`).join(', ')}`,
      );
    }
    if (now > SYNC_TIMEOUT_MS) throw new Error(`syncs not done after ${seconds(now)} s`);
    await sleep(POLL_MS);
  }
}

/** When the write transaction began, from the start of the request (finishedAt is its now()). */
function readMsOf(run: SyncRun, requestedAtEpochMs: number): number {
  return run.finishedAt ? new Date(run.finishedAt).getTime() - requestedAtEpochMs : Number.NaN;
}

/** Both connections' full syncs requested together, timed to both runs seen succeeded. */
async function productSync(api: Api, connections: Record<Idp, string>): Promise<ProductSync> {
  const requestedAt = Date.now();
  const started = performance.now();
  const posted = await Promise.all(
    IDPS.map(async (idp) => {
      const answer = await api<SyncRun>(
        'POST',
        `/api/v1/identity/connections/${connections[idp]}/syncs`,
        { full: true },
      );
      if (answer.status !== 202) {
        throw new Error(
          `POST ${idp} syncs answered ${answer.status}: ${JSON.stringify(answer.body)}`,
        );
      }
      return answer.body.id;
    }),
  );
  const settled = await settle(api, connections, { auth0: posted[0], entra: posted[1] }, started);
  const totalMs = performance.now() - started;
  const of = (idp: Idp): IdpSync => ({
    ms: settled[idp].ms,
    readMs: readMsOf(settled[idp].run, requestedAt),
    run: settled[idp].run,
  });
  return { auth0: of('auth0'), entra: of('entra'), totalMs };
}

/** Waits until the outbox relay has sent what the last sync added: no leftover work in a round. */
async function outboxDrained(database: ScratchDatabase): Promise<void> {
  await withDatabase(database.url, async (client) => {
    const deadline = Date.now() + 10 * 60_000;
    for (;;) {
      const rows = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM outbox_messages',
      );
      if ((rows.rows[0]?.n ?? 0) === 0) return;
      if (Date.now() > deadline) throw new Error('the outbox did not drain in 10 minutes');
      await sleep(500);
    }
  });
}

async function requestsOf(sandboxes: IdentitySandboxes): Promise<Record<Idp, number>> {
  const sum = (counts: Record<string, number>) =>
    Object.entries(counts)
      .filter(([route]) => !route.includes('/oauth') && !route.includes('token'))
      .reduce((total, [, n]) => total + n, 0);
  const [auth0, entra] = await Promise.all([
    sandboxes.auth0.requests(),
    sandboxes.graph.requests(),
  ]);
  return { auth0: sum(auth0), entra: sum(entra) };
}

async function clearRequests(sandboxes: IdentitySandboxes): Promise<void> {
  await Promise.all([sandboxes.auth0.clearRequests(), sandboxes.graph.clearRequests()]);
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function main(): Promise<void> {
  console.log(
    `starting the identity sandboxes (${PEOPLE} people, ${SIGN_IN_DAYS} day of sign-ins)`,
  );
  const sandboxes = await startIdentitySandboxes({ seed: SEED });
  let hall: Awaited<ReturnType<typeof startHallOfFaces>> | undefined;
  let sampler: { stop(): Promise<SqlSamples> } | undefined;
  try {
    const seedBoth = async (people: number) => {
      const estate = { people, seed: SEED, signInDays: SIGN_IN_DAYS };
      await Promise.all([sandboxes.auth0.seed(estate), sandboxes.graph.seed(estate)]);
    };
    await seedBoth(SETUP_PEOPLE);
    await sandboxes.auth0.control('POST', 'config', { rateLimit: AUTH0_RATE_LIMIT });

    console.log('starting hall-of-faces');
    hall = await startHallOfFaces(sandboxes);
    const api = await signIn(hall.url);

    // Connecting queues each connection's first full sync, into an empty directory.
    const firstStarted = performance.now();
    const connections = { auth0: '', entra: '' } as Record<Idp, string>;
    const bodies: Record<Idp, Record<string, string>> = {
      auth0: {
        provider: 'auth0',
        name: 'Bench Auth0',
        domain: AUTH0_DOMAIN,
        clientId: AUTH0_SANDBOX.clientId,
        clientSecret: AUTH0_SANDBOX.clientSecret,
      },
      entra: {
        provider: 'entra',
        name: 'Bench Entra ID',
        directoryId: GRAPH_SANDBOX.tenantId,
        clientId: GRAPH_SANDBOX.clientId,
        clientSecret: GRAPH_SANDBOX.clientSecret,
      },
    };
    await Promise.all(
      IDPS.map(async (idp) => {
        const answer = await api<ConnectionView>(
          'POST',
          '/api/v1/identity/connections',
          bodies[idp],
        );
        if (answer.status !== 201) {
          throw new Error(
            `connecting ${idp} answered ${answer.status}: ${JSON.stringify(answer.body)}`,
          );
        }
        connections[idp] = answer.body.id;
      }),
    );
    const connected = await settle(api, connections, {}, firstStarted);
    console.log(
      `first syncs of the ${SETUP_PEOPLE}-people estate (connect → both succeeded): auth0 ${seconds(connected.auth0.ms)} s, entra ${seconds(connected.entra.ms)} s`,
    );
    // What autovacuum does after a commit, done now so that the planner knows both connections.
    await withDatabase(hall.database.url, (client) =>
      client.query(
        'ANALYZE directory_accounts, directory_memberships, directory_containers, directory_people',
      ),
    );

    await seedBoth(PEOPLE);
    const [auth0Health, graphHealth, graphConfig] = (await Promise.all([
      sandboxes.auth0.control('GET', 'health'),
      sandboxes.graph.control('GET', 'health'),
      sandboxes.graph.control('GET', 'config'),
    ])) as [Record<string, number>, Record<string, number>, Record<string, number>];
    console.log(JSON.stringify({ auth0: auth0Health, graph: graphHealth, graphConfig }));
    const warmUp = await productSync(api, connections);
    const first = { auth0: warmUp.auth0, entra: warmUp.entra };
    console.log(
      `first full sync of the ${PEOPLE}-people estate (unmeasured): auth0 ${seconds(first.auth0.ms)} s ${JSON.stringify(first.auth0.run.counts)}, entra ${seconds(first.entra.ms)} s ${JSON.stringify(first.entra.run.counts)}`,
    );

    const rounds: Round[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const floorFirst = round % 2 === 1;
      let floor: IdentityFloor | undefined;
      let product: ProductSync | undefined;
      let floorRequests: Record<Idp, number> = { auth0: 0, entra: 0 };
      let productRequests: Record<Idp, number> = { auth0: 0, entra: 0 };
      for (const side of floorFirst ? ['floor', 'product'] : ['product', 'floor']) {
        await outboxDrained(hall.database);
        await clearRequests(sandboxes);
        if (side === 'floor') {
          floor = await identityFloor({
            auth0Domain: sandboxes.auth0.domain,
            graphUrl: sandboxes.graph.url,
            graphAuthority: sandboxes.graph.authority,
          });
          floorRequests = await requestsOf(sandboxes);
          console.log(
            `round ${round} floor: ${JSON.stringify(floor)} requests ${JSON.stringify(floorRequests)}`,
          );
        } else {
          if (PROFILE_DIR && !sampler) sampler = startSqlSampler(hall.database.url);
          product = await productSync(api, connections);
          productRequests = await requestsOf(sandboxes);
          console.log(
            `round ${round} product: total ${seconds(product.totalMs)} s, ${IDPS.map((idp) => `${idp} ${seconds(product?.[idp].ms ?? 0)} s (read ${seconds(product?.[idp].readMs ?? 0)} s) ${JSON.stringify(product?.[idp].run.counts)}`).join(', ')} requests ${JSON.stringify(productRequests)}`,
          );
        }
      }
      if (!floor || !product) throw new Error('a round without both sides');
      rounds.push({ floor, product, floorRequests, productRequests });
      const ratio = product.totalMs / floor.totalMs;
      console.log(`round ${round}: product ÷ floor ${ratio.toFixed(2)}`);
    }
    const sqlSamples = await sampler?.stop();
    const rssMiB = await peakRssMiB(hall.service.pid).catch(() => Number.NaN);
    await report(
      rounds,
      first,
      { auth0: auth0Health, graph: graphHealth, graphConfig },
      rssMiB,
      sqlSamples,
    );
  } finally {
    await sampler?.stop();
    if (hall) {
      await hall.service.stop();
      await hall.database.drop();
    }
    await sandboxes.stop();
  }
}

async function report(
  rounds: Round[],
  first: Record<Idp, { ms: number; run: SyncRun }>,
  health: {
    auth0: Record<string, number>;
    graph: Record<string, number>;
    graphConfig: Record<string, number>;
  },
  rssMiB: number,
  sqlSamples: SqlSamples | undefined,
): Promise<void> {
  const last = rounds.at(-1);
  if (!last) return;
  const floorMs = (idp: Idp) => median(rounds.map((r) => r.floor[idp].ms));
  const productMs = (idp: Idp) => median(rounds.map((r) => r.product[idp].ms));
  const readMs = (idp: Idp) => median(rounds.map((r) => r.product[idp].readMs));
  const writeMs = (idp: Idp) =>
    median(rounds.map((r) => r.product[idp].ms - r.product[idp].readMs));
  const ratios = (pick: (r: Round) => number) => rounds.map(pick);
  const idpRatio = (idp: Idp) => median(ratios((r) => r.product[idp].ms / r.floor[idp].ms));
  const totalRatio = median(ratios((r) => r.product.totalMs / r.floor.totalMs));
  const users = last.floor.auth0.users + last.floor.entra.users;
  const memberships = last.floor.auth0.memberships + last.floor.entra.memberships;
  const counts = (idp: Idp) => last.product[idp].run.counts;
  const mark = (ratio: number) => (ratio <= TARGET ? '✓' : '✗');
  const perRound = (pick: (r: Round) => number) => rounds.map((r) => seconds(pick(r))).join(' / ');
  const row = (label: string, idp: Idp) =>
    `| ${label}: ${last.floor[idp].users} users, ${last.floor[idp].memberships} memberships | ${seconds(floorMs(idp))} s (${perRound((r) => r.floor[idp].ms)}; ${last.floorRequests[idp]} requests) | ${seconds(productMs(idp))} s (${perRound((r) => r.product[idp].ms)}; ${last.productRequests[idp]} requests; reading ${seconds(readMs(idp))} s, writing ${seconds(writeMs(idp))} s) | **${idpRatio(idp).toFixed(2)}** ${mark(idpRatio(idp))} |`;
  const body = [
    `Machine: ${machineDescription()}. Command: \`make bench-identity\` (BENCH_IDENTITY_PEOPLE=${PEOPLE}, BENCH_IDENTITY_ROUNDS=${rounds.length}). The Auth0 and Graph sandboxes (and the Azure sandbox as Entra ID's token issuer), PostgreSQL, Kafka, hall-of-faces and the client share the machine; hall-of-faces runs alone (its own scratch database and topics), started with the sandboxes as its Auth0, Graph and Entra ID endpoints.`,
    '',
    `**Full sync** of a private Auth0 sandbox and a private Graph sandbox seeded with the identity estate of ${PEOPLE} people (tools/sandbox/identity, seed ${SEED}): ${health.auth0['users']} Auth0 users with ${health.auth0['userRoles']} role assignments over ${health.auth0['roles']} roles, ${health.graph['users']} Entra ID users with ${health.graph['memberships']} group memberships over ${health.graph['groups']} groups and ${health.graph['directoryRoles']} directory roles — **${users} users and ${memberships} memberships** in all. Sign-ins: ${SIGN_IN_DAYS} day of logs only (${health.auth0['logs']} Auth0 log events, ${health.graph['signIns']} Entra sign-ins), since the benchmark is about users and memberships; the product reads and stores them, the floor does not. The Auth0 sandbox's rate limit is raised to ${AUTH0_RATE_LIMIT}/s for both sides (never throttled); the Graph sandbox pages as it does by default (\`$top\` up to ${health.graphConfig['maxTop']}, ${health.graphConfig['deltaPageSize']} groups a groups/delta page).`,
    '',
    `**Floor**: plain SDK paging of the same data with the same SDKs and page sizes the product uses, nothing kept but counts (bench/src/identity-floor.ts). Auth0 (\`auth0\` ManagementClient): users by keyset on \`updated_at\` (\`users.list\` ${'`per_page` 100'}, the same \`fields\`, \`sort=updated_at:1\`, the search restarted from the last \`updated_at\` every 1000 records), \`roles.list\`, every role's members by checkpoint (\`roles.users.list(id, {take: 100})\`). Entra ID (\`@microsoft/microsoft-graph-client\`): \`users?$select=…,signInActivity&$top=999\` and \`reports/authenticationMethods/userRegistrationDetails?$top=999\` along @odata.nextLink, the first round of \`groups/delta\` with \`members@delta\`, \`directoryRoles?$expand=members\`. Both IdPs at once, as the product's two syncs run (runner concurrency 2).`,
    '',
    `**Codex**: \`POST /api/v1/identity/connections/{id}/syncs {full: true}\` for both connections at once → both runs seen \`succeeded\` at \`GET /api/v1/identity/connections/{id}\` (polled every ${POLL_MS} ms): the read, then one transaction writing the directory tables, the outbox (\`resource.discovered\` per account, role, group and person; \`login.observed\` per sign-in) and the cursor. "Reading" runs to \`finishedAt\` (the write transaction's \`now()\`, i.e. its start), "writing" from there to the commit. Every measured sync is a full re-sync of a directory already holding the same data. Set-up: both connections are made (\`POST /api/v1/identity/connections\`, their first syncs) on a ${SETUP_PEOPLE}-people estate, the directory tables are analyzed (what autovacuum does after a commit), then the sandboxes are seeded with the full estate and synced once in full, unmeasured. Rounds alternate which side goes first; before each side the outbox relay has sent everything (no leftover work overlaps a measurement).`,
    '',
    `| ${rounds.length} rounds, medians (per round) | floor | Codex | Codex ÷ floor (target ≤ ${TARGET}) |`,
    '|---|---|---|---|',
    row('Auth0', 'auth0'),
    row('Entra ID', 'entra'),
    `| **both at once**: ${users} users, ${memberships} memberships | ${seconds(median(rounds.map((r) => r.floor.totalMs)))} s (${perRound((r) => r.floor.totalMs)}) | ${seconds(median(rounds.map((r) => r.product.totalMs)))} s (${perRound((r) => r.product.totalMs)}) | **${totalRatio.toFixed(2)}** ${mark(totalRatio)} |`,
    '',
    `Runs' counts (last round): Auth0 ${JSON.stringify(counts('auth0'))}, Entra ID ${JSON.stringify(counts('entra'))}. The first full sync of the big estate (unmeasured; into the directory of the ${SETUP_PEOPLE}-people estate the connections were made on): Auth0 ${seconds(first.auth0.ms)} s, Entra ID ${seconds(first.entra.ms)} s. hall-of-faces peak RSS: ${rssMiB} MiB.`,
    ...(sqlSamples ? ['', sqlSamples.markdown] : []),
  ].join('\n');
  console.log(body);
  // A profiled run (slower, sampled) prints its figures but leaves the doc's as they are.
  if (!PROFILE_DIR) await appendResult('bench-identity', body);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
