import { randomBytes, randomUUID, scrypt } from 'node:crypto';

import {
  BOOTSTRAP,
  createScratchDatabase,
  freePort,
  runService,
  type ScratchDatabase,
  serviceEnv,
  type ServiceProcess,
  startService,
} from '@codex/testing';
import { Client } from 'pg';

import { machineDescription, percentile } from './bench-machine';
import { appendResult } from './benchmarks-doc';

/** Sign-ins of the other tenant measured per phase. */
const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 40);
/** Wrong passwords the attacker sends at least (it goes on until the measurement is done). */
const ATTACK_ATTEMPTS = Number(process.env.BENCH_ATTACK_ATTEMPTS ?? 300);
/** Requests the attacker keeps in flight. */
const ATTACK_CONCURRENCY = Number(process.env.BENCH_ATTACK_CONCURRENCY ?? 10);

const OTHER = { tenant: 'globex', username: 'ops@globex.test', password: 'globex sign-in bench' };

interface Attack {
  label: string;
  /** The address of the attacker's i-th request. */
  addressOf(i: number): string;
}

const ATTACKS: Attack[] = [
  { label: '3 addresses', addressOf: (i) => `203.0.113.${1 + (i % 3)}` },
  {
    label: '300 addresses',
    addressOf: (i) => `198.18.${Math.floor((i % 300) / 250)}.${1 + ((i % 300) % 250)}`,
  },
];

interface Latencies {
  p50: number;
  p99: number;
  failed: number;
}

interface AttackRun extends Latencies {
  attack: string;
  attempts: number;
  refused: number;
  checked: number;
  seconds: number;
}

/** The stored form hall-of-faces uses (scrypt N=2^15, r=8, p=1), for the other tenant's user. */
function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      32,
      { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 },
      (error, key) =>
        error
          ? reject(error)
          : resolve(
              ['scrypt', 2 ** 15, 8, 1, salt.toString('base64'), key.toString('base64')].join('$'),
            ),
    ),
  );
}

async function addOtherTenant(database: ScratchDatabase): Promise<void> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const tenantId = randomUUID();
    await client.query('INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $2)', [
      tenantId,
      OTHER.tenant,
    ]);
    await client.query(
      `INSERT INTO platform_users (id, tenant_id, email, password_hash, roles)
       VALUES ($1, $2, $3, $4, $5)`,
      [randomUUID(), tenantId, OTHER.username, await hashPassword(OTHER.password), ['viewer']],
    );
  } finally {
    await client.end();
  }
}

function signIn(
  url: string,
  credentials: { tenant: string; username: string; password: string },
  address: string,
): Promise<number> {
  return fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ grant_type: 'password', ...credentials }),
  }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });
}

/** The other tenant's sign-ins, one after another, from its own address. */
async function measureOtherTenant(url: string): Promise<Latencies> {
  const times: number[] = [];
  let failed = 0;
  for (let i = 0; i < SIGN_INS; i += 1) {
    const started = performance.now();
    const status = await signIn(url, OTHER, '192.0.2.10');
    times.push(performance.now() - started);
    if (status !== 200) {
      failed += 1;
      console.log(`the other tenant's sign-in answered ${status}`);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), failed };
}

/** Wrong passwords against the bootstrap admin until both `ATTACK_ATTEMPTS` and `until` are done. */
async function attackWhile(url: string, attack: Attack, until: Promise<Latencies>) {
  let measuring = true;
  void until.finally(() => (measuring = false));
  let next = 0;
  let refused = 0;
  let checked = 0;
  const started = performance.now();
  const worker = async () => {
    while (measuring || next < ATTACK_ATTEMPTS) {
      const i = next;
      next += 1;
      const status = await signIn(
        url,
        { tenant: BOOTSTRAP.tenant, username: BOOTSTRAP.email, password: `guess ${i}` },
        attack.addressOf(i),
      );
      if (status === 429) refused += 1;
      else if (status === 400) checked += 1;
      else throw new Error(`a wrong password answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: ATTACK_CONCURRENCY }, worker));
  return { attempts: next, refused, checked, seconds: (performance.now() - started) / 1000 };
}

async function startIssuer(env: Record<string, string>) {
  const database = await createScratchDatabase('bench_sign_in');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serviceEnvironment = serviceEnv(database.url, {
    PORT: String(port),
    ISSUER_URL: url,
    AUTH_ISSUER_URL: url,
    BOOTSTRAP_TENANT_SLUG: BOOTSTRAP.tenant,
    BOOTSTRAP_ADMIN_EMAIL: BOOTSTRAP.email,
    BOOTSTRAP_ADMIN_PASSWORD: BOOTSTRAP.password,
    ...env,
  });
  let service: ServiceProcess | undefined;
  try {
    const migrated = await runService('hall-of-faces', serviceEnvironment, ['migrate']).exit;
    if (migrated.code !== 0) throw new Error(`migrate failed:\n${migrated.output}`);
    service = await startService('hall-of-faces', serviceEnvironment);
    await addOtherTenant(database);
  } catch (error) {
    await service?.stop();
    await database.drop();
    throw error;
  }
  const running = service;
  return {
    url,
    stop: async () => {
      await running.stop();
      await database.drop();
    },
  };
}

/** Idle, then under each attack; every attack on a fresh issuer so no lockout carries over. */
async function run(env: Record<string, string>): Promise<{ idle: Latencies; runs: AttackRun[] }> {
  let idle: Latencies | undefined;
  const runs: AttackRun[] = [];
  for (const attack of ATTACKS) {
    const issuer = await startIssuer(env);
    try {
      // Warm-up: the JIT, the connection pools, the first scrypt.
      for (let i = 0; i < 5; i += 1) await signIn(issuer.url, OTHER, '192.0.2.10');
      idle ??= await measureOtherTenant(issuer.url);
      const measured = measureOtherTenant(issuer.url);
      const [attacked, latencies] = await Promise.all([
        attackWhile(issuer.url, attack, measured),
        measured,
      ]);
      const result = { attack: attack.label, ...attacked, ...latencies };
      console.log(JSON.stringify(result));
      runs.push(result);
    } finally {
      await issuer.stop();
    }
  }
  if (!idle) throw new Error('no attack was run');
  console.log(JSON.stringify({ idle }));
  return { idle, runs };
}

const ms = (value: number) => value.toFixed(0);
const ratio = (attacked: number, idle: number) => (attacked / idle).toFixed(2);

function table(idle: Latencies, runs: AttackRun[], judged: boolean): string {
  const mark = (value: number, reference: number) =>
    judged ? (value / reference <= 2 ? ' ✓' : ' ✗') : '';
  return [
    "| other tenant's sign-ins | p50 ms | p99 ms | ÷ idle, p50 / p99 | failed | attacker: wrong passwords sent (passwords checked / 429) in s |",
    '| --- | --- | --- | --- | --- | --- |',
    `| idle | ${ms(idle.p50)} | ${ms(idle.p99)} | | ${idle.failed} | |`,
    ...runs.map(
      (r) =>
        `| during an attack from ${r.attack} | ${ms(r.p50)} | ${ms(r.p99)} | **${ratio(r.p50, idle.p50)}**${mark(r.p50, idle.p50)} / ${ratio(r.p99, idle.p99)}${mark(r.p99, idle.p99)} | ${r.failed} | ${r.attempts} (${r.checked} / ${r.refused}) in ${r.seconds.toFixed(1)} s |`,
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const throttled = await run({ LOG_LEVEL: 'warn' });
  // The same attacks with throttling out of reach and checks unbounded: how it was before.
  const unthrottled = await run({
    LOG_LEVEL: 'warn',
    SIGN_IN_FREE_FAILURES_PER_ACCOUNT_AND_IP: '1000000',
    SIGN_IN_FREE_FAILURES_PER_ACCOUNT: '1000000',
    SIGN_IN_FREE_FAILURES_PER_IP: '1000000',
    SIGN_IN_CONCURRENT_CHECKS: '64',
  });
  await appendResult(
    'bench-signin',
    [
      `Machine: ${machineDescription()}. Command: \`make bench-signin\` (BENCH_SIGN_INS=${SIGN_INS}, BENCH_ATTACK_ATTEMPTS=${ATTACK_ATTEMPTS}, BENCH_ATTACK_CONCURRENCY=${ATTACK_CONCURRENCY}). hall-of-faces alone on a scratch database with its default sign-in limits (ADR 15), PostgreSQL and Redis on the same machine. Tenant ${OTHER.tenant}'s user signs in ${SIGN_INS} times one after another (scrypt N=2^15 per sign-in), first idle, then while an attacker sends wrong passwords for tenant ${BOOTSTRAP.tenant}'s admin, ${ATTACK_CONCURRENCY} requests in flight, at least ${ATTACK_ATTEMPTS} and until the measurement ends, from 3 addresses or from 300 (X-Forwarded-For from loopback, a trusted proxy). Each attack runs on a fresh issuer. Target: the other tenant's latency within 2× of idle during the attack.`,
      '',
      '**With throttling** (defaults):',
      '',
      table(throttled.idle, throttled.runs, true),
      '',
      '**Reference, throttling out of reach** (free failures 1,000,000, 64 checks at once: the behaviour before ADR 15):',
      '',
      table(unthrottled.idle, unthrottled.runs, false),
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
