import { Writable } from 'node:stream';

import Fastify from 'fastify';
import pino from 'pino';

import { logAccess } from './access-log';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, log: pino({ level }, sink) };
}

async function appLogging(level: string) {
  const { lines, log } = capture(level);
  const app = Fastify({ logger: false });
  logAccess(app, () => log);
  app.get('/api/v1/things', () => ({ ok: true }));
  app.get('/health/live', () => ({ status: 'ok' }));
  await app.ready();
  return { app, lines };
}

describe('gateway access log', () => {
  it('writes one line per request with method, URL, status and request id', async () => {
    const { app, lines } = await appLogging('info');
    await app.inject({ method: 'GET', url: '/api/v1/things?limit=5' });
    await app.inject({ method: 'GET', url: '/api/v1/missing' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      msg: 'request completed',
      req: { method: 'GET', url: '/api/v1/things?limit=5' },
      res: { statusCode: 200 },
    });
    expect(typeof lines[0]?.reqId).toBe('string');
    expect(lines[1]).toMatchObject({ res: { statusCode: 404 } });
    await app.close();
  });

  it('leaves out probes, and everything when info is off', async () => {
    const probed = await appLogging('info');
    await probed.app.inject({ method: 'GET', url: '/health/live' });
    expect(probed.lines).toEqual([]);
    const quiet = await appLogging('warn');
    await quiet.app.inject({ method: 'GET', url: '/api/v1/things' });
    expect(quiet.lines).toEqual([]);
    await Promise.all([probed.app.close(), quiet.app.close()]);
  });

  it('redacts query values that may be credentials', async () => {
    const { app, lines } = await appLogging('info');
    await app.inject({
      method: 'GET',
      url: '/api/v1/things?limit=5&access_token=eyJhbGciOiJSUzI1NiJ9.e30.c2ln&api_key=cdx_secret',
    });
    expect(lines[0]).toMatchObject({
      req: { url: '/api/v1/things?limit=5&access_token=[REDACTED]&api_key=[REDACTED]' },
    });
    expect(JSON.stringify(lines)).not.toMatch(/eyJ|cdx_secret/);
    await app.close();
  });

  it('finds a logger that exists only after the hook was added, as Nest sets its root late', async () => {
    const { lines, log } = capture('info');
    const nest: { root?: typeof log } = {};
    const app = Fastify({ logger: false });
    logAccess(app, () => nest.root);
    app.get('/api/v1/things', () => ({ ok: true }));
    await app.ready();
    await app.inject({ method: 'GET', url: '/api/v1/things' });
    nest.root = log;
    await app.inject({ method: 'GET', url: '/api/v1/things' });
    expect(lines).toHaveLength(1);
    await app.close();
  });
});
