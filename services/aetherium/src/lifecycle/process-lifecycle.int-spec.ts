import {
  createScratchDatabase,
  runService,
  type ScratchDatabase,
  serviceEnv,
  startService,
  startSilentPeer,
} from '@codex/testing';

async function liveRequestsCounted(baseUrl: string): Promise<number> {
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = metrics
    .split('\n')
    .find(
      (entry) =>
        entry.startsWith('http_server_request_duration_seconds_count{') &&
        entry.includes('route="/health/live"') &&
        entry.includes('status_code="200"'),
    );
  return Number(line?.split(' ').at(-1) ?? 0);
}

describe('service process lifecycle', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('aetherium_lifecycle');
    expect((await runService('aetherium', serviceEnv(database), ['migrate']).exit).code).toBe(0);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it.each([
    ['PORT', 'seventy', 'PORT: expected a TCP port number'],
    [
      'DATABASE_URL',
      'mysql://somewhere/db',
      'DATABASE_URL: expected a URL starting with postgres://',
    ],
    [
      'KAFKA_BROKERS',
      'no-port-here',
      'KAFKA_BROKERS: expected a comma-separated list of host:port',
    ],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL: expected one of'],
  ])('exits 78 naming %s when it is malformed', async (variable, value, message) => {
    const { exit } = runService('aetherium', serviceEnv(database, { [variable]: value }));
    const result = await exit;
    expect(result.code).toBe(78);
    expect(result.output).toContain(message);
  });

  it('exits 78 naming every required variable that is missing', async () => {
    const { exit } = runService('aetherium', {});
    const result = await exit;
    expect(result.code).toBe(78);
    for (const variable of ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS']) {
      expect(result.output).toContain(`${variable}: required`);
    }
  });

  it('echoes a caller request id, mints one otherwise, and counts requests in /metrics', async () => {
    const service = await startService('aetherium', serviceEnv(database));
    try {
      const countedBefore = await liveRequestsCounted(service.baseUrl);
      const echoed = await fetch(`${service.baseUrl}/health/live`, {
        headers: { 'x-request-id': 'trace-me-42' },
      });
      expect(echoed.headers.get('x-request-id')).toBe('trace-me-42');

      const minted = await fetch(`${service.baseUrl}/health/live`, {
        headers: { 'x-request-id': 'bad id with spaces' },
      });
      expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

      expect(await liveRequestsCounted(service.baseUrl)).toBe(countedBefore + 2);
      expect(await (await fetch(`${service.baseUrl}/metrics`)).text()).toContain(
        'process_cpu_user_seconds_total',
      );
    } finally {
      await service.stop();
    }
  });

  it('finishes a request in flight when SIGTERM arrives, then exits', async () => {
    const hungKafka = await startSilentPeer();
    const service = await startService(
      'aetherium',
      serviceEnv(database, {
        KAFKA_BROKERS: hungKafka.address,
        HEALTH_CHECK_TIMEOUT_MS: '1500',
      }),
    );
    try {
      const kafkaCheckStarted = hungKafka.nextConnection();
      const inFlight = fetch(`${service.baseUrl}/health/ready`);
      await kafkaCheckStarted;

      const exit = service.stop('SIGTERM');
      const response = await inFlight;
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { kafka: { status: 'down' } } });

      const result = await exit;
      expect(result.code).toBe(0);
      expect(result.output).not.toMatch(/shutdown exceeded/);
    } finally {
      await hungKafka.close();
    }
  });
});
