import { type RunningPlatform, startPlatform } from '@codex/testing';

const SERVICES = [
  'gateway',
  'aetherium',
  'hall-of-faces',
  'great-library',
  'engine-core',
  'oracle',
] as const;

describe('the whole platform', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform.stop();
  });

  it.each(SERVICES.filter((service) => service !== 'gateway'))(
    '%s migrates its own database, starts and reports postgres, redis and kafka ready',
    async (service) => {
      const response = await fetch(`${platform.urlOf(service)}/health/ready`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'ok',
        info: { postgres: { status: 'up' }, redis: { status: 'up' }, kafka: { status: 'up' } },
      });
    },
  );

  it('the gateway owns no database and reports redis and kafka ready', async () => {
    const response = await fetch(`${platform.gatewayUrl}/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { info: Record<string, unknown> };
    expect(Object.keys(body.info).sort()).toEqual(['kafka', 'redis']);
  });

  it('stops every service cleanly on SIGTERM', async () => {
    const running = SERVICES.flatMap((service) => platform.services.get(service) ?? []);
    expect(running).toHaveLength(SERVICES.length);
    const exits = await Promise.all(running.map((service) => service.stop('SIGTERM')));
    expect(exits.map((exit) => exit.code)).toEqual(SERVICES.map(() => 0));
  });
});
