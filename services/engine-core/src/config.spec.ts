import { parseEnv } from '@codex/config';

import { configSchema, loadConfig } from './config';

const REQUIRED = {
  DATABASE_URL: 'postgres://engine_core:engine_core@127.0.0.1:15432/engine_core',
  REDIS_URL: 'redis://127.0.0.1:16379/0',
  KAFKA_BROKERS: '127.0.0.1:19092',
  AUTH_ISSUER_URL: 'http://127.0.0.1:8082',
  CREDENTIALS_KEK: Buffer.alloc(32, 1).toString('base64'),
};

describe('engine-core configuration', () => {
  it('defaults discovery to every 15 minutes in batches of 500, with per-account breakers', () => {
    const config = loadConfig(REQUIRED);

    expect(config.discovery).toMatchObject({ intervalMinutes: 15, batchSize: 500 });
    expect(config.credentials).toEqual({ kekId: 'local-1', kek: Buffer.alloc(32, 1) });
    expect(config.aws).toMatchObject({
      endpoint: undefined,
      client: { maxAttempts: 6, retryMode: 'adaptive' },
      breaker: { errorThresholdPercentage: 50, resetTimeoutMs: 30_000 },
    });
  });

  it('turns scheduling off with an interval of 0', () => {
    expect(
      loadConfig({ ...REQUIRED, DISCOVERY_INTERVAL_MINUTES: '0' }).discovery.intervalMinutes,
    ).toBe(0);
  });

  it('holds a discovery lease for 30 s, renewed every 5 s, and refuses a beat too slow for it', () => {
    expect(loadConfig(REQUIRED).discovery).toMatchObject({
      heartbeatMs: 5_000,
      staleAfterSeconds: 30,
    });
    expect(() =>
      parseEnv(configSchema, { ...REQUIRED, DISCOVERY_STALE_AFTER_SECONDS: '10' }),
    ).toThrow(/DISCOVERY_HEARTBEAT_MS/);
  });

  it('refuses a key-encryption key that is not 32 bytes, naming the variable', () => {
    expect(() =>
      parseEnv(configSchema, { ...REQUIRED, CREDENTIALS_KEK: Buffer.alloc(16).toString('base64') }),
    ).toThrow(/CREDENTIALS_KEK/);
    expect(() => parseEnv(configSchema, { ...REQUIRED, DISCOVERY_INTERVAL_MINUTES: '-1' })).toThrow(
      /DISCOVERY_INTERVAL_MINUTES/,
    );
  });
});
