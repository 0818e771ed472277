import {
  createScratchDatabase,
  runService,
  type ScratchDatabase,
  serviceEnv,
  type ServiceProcess,
  startService,
} from '@codex/testing';

const SERVICES = [
  'gateway',
  'aetherium',
  'hall-of-faces',
  'great-library',
  'engine-core',
  'oracle',
];

describe('the whole platform', () => {
  const databases: ScratchDatabase[] = [];
  const running = new Map<string, ServiceProcess>();

  beforeAll(async () => {
    for (const service of SERVICES) {
      const database = await createScratchDatabase(`e2e_${service.replace(/-/g, '_')}`);
      databases.push(database);
      const migrate = await runService(service, serviceEnv(database.url), ['migrate']).exit;
      if (migrate.code !== 0) throw new Error(`${service} migrate failed:\n${migrate.output}`);
      running.set(service, await startService(service, serviceEnv(database.url)));
    }
  });

  afterAll(async () => {
    await Promise.all([...running.values()].map((service) => service.stop()));
    await Promise.all(databases.map((database) => database.drop()));
  });

  it.each(SERVICES)('%s migrates its own database, starts and reports ready', async (service) => {
    const instance = running.get(service);
    expect(instance).toBeDefined();
    const response = await fetch(`${instance?.baseUrl}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      info: { postgres: { status: 'up' }, redis: { status: 'up' }, kafka: { status: 'up' } },
    });
  });

  it('stops every service cleanly on SIGTERM', async () => {
    const exits = await Promise.all(
      [...running.values()].map((service) => service.stop('SIGTERM')),
    );
    running.clear();
    expect(exits.map((exit) => exit.code)).toEqual(SERVICES.map(() => 0));
  });
});
