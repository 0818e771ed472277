import { z } from 'zod';

import { ConfigError } from './config-error';
import { hostPortList, port } from './env-fields';
import { parseEnv } from './parse-env';
import { platformEnvSchema, toPlatformConfig } from './platform-env';

const valid = {
  DATABASE_URL: 'postgres://svc:svc@127.0.0.1:15432/svc',
  REDIS_URL: 'redis://127.0.0.1:16379/0',
  KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.2:19092',
  AUTH_ISSUER_URL: 'https://tenant.eu.auth0.com/',
};

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => issue.variable);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv', () => {
  it('fills defaults and turns strings into typed values', () => {
    const config = toPlatformConfig(
      'svc',
      parseEnv(platformEnvSchema, { ...valid, PORT: '9000', LOG_PRETTY: 'true' }),
    );
    expect(config.http).toEqual({
      host: '0.0.0.0',
      port: 9000,
      bodyLimitBytes: 1_048_576,
      trustedProxies: 'loopback,uniquelocal',
    });
    expect(config.log).toEqual({ level: 'info', pretty: true });
    expect(config.kafka.brokers).toEqual(['127.0.0.1:19092', '127.0.0.2:19092']);
    expect(config.kafka.consumer.groupId).toBe('svc');
    expect(config.telemetry).toEqual({
      serviceName: 'svc',
      exporter: 'none',
      otlpEndpoint: undefined,
    });
  });

  it('names every missing required variable at once', () => {
    expect(issuesOf(() => parseEnv(platformEnvSchema, {}))).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS', 'AUTH_ISSUER_URL']),
    );
  });

  it("keeps an external IdP's issuer as written and also trusts the built-in issuer", () => {
    const config = toPlatformConfig(
      'svc',
      parseEnv(platformEnvSchema, {
        ...valid,
        AUTH_TENANT_CLAIM: 'https://codex/tenant',
        AUTH_BUILTIN_ISSUER_URL: 'http://hall-of-faces/',
      }),
    );
    expect(config.auth.issuers).toEqual([
      {
        issuer: 'https://tenant.eu.auth0.com/',
        jwksUri: 'https://tenant.eu.auth0.com/.well-known/jwks.json',
        audience: 'codex-api',
        tenantClaim: 'https://codex/tenant',
        rolesClaim: 'roles',
      },
      {
        issuer: 'http://hall-of-faces',
        jwksUri: 'http://hall-of-faces/.well-known/jwks.json',
        audience: 'codex-api',
        tenantClaim: 'tenant_id',
        rolesClaim: 'roles',
      },
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(issuesOf(() => parseEnv(platformEnvSchema, { ...valid, REDIS_URL: '' }))).toEqual([
      'REDIS_URL',
    ]);
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://x/y'],
    ['REDIS_URL', 'not a url'],
    ['KAFKA_BROKERS', 'broker-without-port'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_PRETTY', 'yes'],
    ['OTEL_TRACES_EXPORTER', 'jaeger'],
  ])('rejects %s=%s and names it', (variable, value) => {
    expect(issuesOf(() => parseEnv(platformEnvSchema, { ...valid, [variable]: value }))).toEqual([
      variable,
    ]);
  });

  it('says what a field expects', () => {
    const schema = z.object({ P: port(), B: hostPortList() });
    expect(() => parseEnv(schema, { P: 'x', B: 'a:1,b' })).toThrow(
      /P: expected a TCP port number\n {2}B: expected a comma-separated list of host:port/,
    );
  });
});
