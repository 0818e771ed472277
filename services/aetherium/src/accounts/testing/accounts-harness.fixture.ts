import { decodeEvent, type DeliveredEvent } from '@codex/messaging';
import {
  createScratchDatabase,
  eventually,
  localInfra,
  readTopic,
  runService,
  type ScratchDatabase,
  serviceEnv,
  type ServiceProcess,
  startService,
  startTestIdentityProvider,
  startThrottlingProxy,
  type TestIdentityProvider,
  testKafka,
  type ThrottlingProxy,
  uniqueTopicPrefix,
} from '@codex/testing';
import { Client } from 'pg';

/** The key-encryption key aetherium runs with in these tests; never used outside them. */
export const TEST_KEK = Buffer.alloc(32, 9);
export const TEST_KEK_ID = 'test-kek-1';

export interface CallOptions {
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
}

/** aetherium, built and running on a scratch database, trusting a test IdP, with STS behind a fault proxy. */
export interface AccountsHarness {
  /** STS (moto) as aetherium sees it: forwards, or refuses on demand. */
  sts: ThrottlingProxy;
  token(tenant: string, roles: string[]): Promise<string>;
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  sql<Row>(text: string, values?: unknown[]): Promise<Row[]>;
  /** Every account.connected event published so far, once the outbox has drained. */
  publishedEvents(): Promise<DeliveredEvent<'account.connected'>[]>;
  /** What the service logged so far. */
  output(): string;
  stop(): Promise<void>;
}

export async function startAccountsHarness(): Promise<AccountsHarness> {
  const infra = localInfra();
  const prefix = uniqueTopicPrefix('accounts');
  const idp: TestIdentityProvider = await startTestIdentityProvider();
  const sts = await startThrottlingProxy(infra.motoUrl);
  const database: ScratchDatabase = await createScratchDatabase('aetherium_accounts');
  const env = serviceEnv(database, {
    ...idp.env,
    KAFKA_TOPIC_PREFIX: prefix,
    OUTBOX_POLL_INTERVAL_MS: '50',
    CREDENTIALS_KEK: TEST_KEK.toString('base64'),
    CREDENTIALS_KEK_ID: TEST_KEK_ID,
    AWS_ENDPOINT_URL: sts.url,
    // Codex's own AWS identity (the SDK's default chain), which signs sts:AssumeRole.
    AWS_ACCESS_KEY_ID: 'codex-platform',
    AWS_SECRET_ACCESS_KEY: 'codex-platform-secret',
  });
  let service: ServiceProcess | undefined;
  try {
    const migrated = await runService('aetherium', env, ['migrate']).exit;
    if (migrated.code !== 0) throw new Error(`migrate failed:\n${migrated.output}`);
    service = await startService('aetherium', env);
  } catch (error) {
    await Promise.all([database.drop(), idp.close(), sts.close()]);
    throw error;
  }
  const running = service;

  async function sql<Row>(text: string, values: unknown[] = []): Promise<Row[]> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  function call(method: string, path: string, options: CallOptions = {}) {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${running.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  }

  async function publishedEvents() {
    await eventually(async () => {
      const [row] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM outbox_messages');
      if (row?.n !== 0) throw new Error(`${row?.n} events still in the outbox`);
    });
    const kafka = testKafka(infra.kafkaBrokers);
    const topic = `${prefix}account.connected`;
    // Just after the relay created the topic, the broker may not yet serve its partitions.
    const offsets = await eventually(async () => {
      const admin = kafka.admin();
      await admin.connect();
      return admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
    });
    const total = offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
    const messages = total === 0 ? [] : await readTopic(kafka, topic, total);
    return messages.map((message) => decodeEvent('account.connected', message));
  }

  return {
    sts,
    token: (tenant, roles) => idp.token({ tenant, roles }),
    call,
    sql,
    publishedEvents,
    output: () => running.output(),
    stop: async () => {
      await running.stop();
      await Promise.all([database.drop(), idp.close(), sts.close()]);
    },
  };
}

/** The body of a problem document, as far as these tests look at it. */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}
