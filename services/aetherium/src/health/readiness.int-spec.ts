import {
  type DisposablePostgres,
  type DisposableRedis,
  eventually,
  freePort,
  localInfra,
  serviceEnv,
  startDisposablePostgres,
  startDisposableRedis,
  startService,
} from '@codex/testing';

interface ReadinessBody {
  status: string;
  error?: Record<string, { status: string; message?: string }>;
}

async function readiness(baseUrl: string): Promise<{ status: number; body: ReadinessBody }> {
  const response = await fetch(`${baseUrl}/health/ready`);
  return { status: response.status, body: (await response.json()) as ReadinessBody };
}

describe('readiness of a running service', () => {
  let postgres: DisposablePostgres;
  let redis: DisposableRedis;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startDisposablePostgres(), startDisposableRedis()]);
  });

  afterAll(async () => {
    await Promise.all([postgres?.destroy(), redis?.stop()]);
  });

  it('answers 503 naming postgres while PostgreSQL is stopped, and 200 again after it restarts', async () => {
    const service = await startService(
      'aetherium',
      serviceEnv(postgres.url, { REDIS_URL: redis.url }),
    );
    try {
      expect(await readiness(service.baseUrl)).toMatchObject({
        status: 200,
        body: { status: 'ok' },
      });

      await postgres.stop();
      const down = await readiness(service.baseUrl);
      expect(down.status).toBe(503);
      expect(Object.keys(down.body.error ?? {})).toEqual(['postgres']);

      await postgres.start();
      await eventually(async () => expect((await readiness(service.baseUrl)).status).toBe(200));
    } finally {
      await service.stop();
    }
  });

  it('answers 503 naming redis while Redis is stopped, and 200 again after it restarts', async () => {
    const service = await startService(
      'aetherium',
      serviceEnv(postgres.url, { REDIS_URL: redis.url }),
    );
    try {
      await redis.stop();
      await eventually(async () => {
        const down = await readiness(service.baseUrl);
        expect(down.status).toBe(503);
        expect(Object.keys(down.body.error ?? {})).toEqual(['redis']);
      });

      await redis.start();
      await eventually(async () => expect((await readiness(service.baseUrl)).status).toBe(200));
    } finally {
      await service.stop();
    }
  });

  it('answers 503 naming kafka when no broker answers', async () => {
    const nobody = `127.0.0.1:${await freePort()}`;
    const service = await startService(
      'aetherium',
      serviceEnv(postgres.url, { REDIS_URL: redis.url, KAFKA_BROKERS: nobody }),
    );
    try {
      const down = await readiness(service.baseUrl);
      expect(down.status).toBe(503);
      expect(Object.keys(down.body.error ?? {})).toEqual(['kafka']);
    } finally {
      await service.stop();
    }
  });

  it('reports the local Kafka as up with its broker count', async () => {
    const service = await startService(
      'aetherium',
      serviceEnv(postgres.url, { REDIS_URL: redis.url, KAFKA_BROKERS: localInfra().kafkaBrokers }),
    );
    try {
      const response = await fetch(`${service.baseUrl}/health/ready`);
      expect(await response.json()).toMatchObject({
        info: { kafka: { status: 'up', brokers: 1 } },
      });
    } finally {
      await service.stop();
    }
  });
});
