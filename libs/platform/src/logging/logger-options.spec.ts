import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

import type { PlatformConfig } from '@codex/config';
import pinoHttp, { type Options } from 'pino-http';

import { loggerOptions } from './logger-options';

async function serveWithRequestLog(lines: Record<string, unknown>[]): Promise<Server> {
  const config = { service: 'svc', log: { level: 'info', pretty: false } } as PlatformConfig;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  const options = loggerOptions(config).pinoHttp as Options;
  const log = pinoHttp({ ...options, transport: undefined }, sink);
  const server = createServer((request, response) => {
    log(request, response);
    response.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

describe('request log lines', () => {
  it('name the request and its status, and never carry credentials', async () => {
    const lines: Record<string, unknown>[] = [];
    const server = await serveWithRequestLog(lines);
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/api/v1/things?limit=5`, {
      headers: {
        authorization: 'Bearer secret-token',
        'x-api-key': 'cdx_key_secret',
        cookie: 'c=1',
      },
    });
    server.close();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request completed',
      req: { method: 'GET', url: '/api/v1/things?limit=5', remoteAddress: '127.0.0.1' },
      res: { statusCode: 200 },
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/secret|cdx_key|c=1/);
  });

  it('redact query values that may be credentials', async () => {
    const lines: Record<string, unknown>[] = [];
    const server = await serveWithRequestLog(lines);
    const { port } = server.address() as AddressInfo;
    await fetch(
      `http://127.0.0.1:${port}/api/v1/things?limit=5&access_token=eyJhbGciOi.payload.sig&api_key=cdx_key_secret`,
    );
    server.close();
    expect(lines[0]).toMatchObject({
      req: { url: '/api/v1/things?limit=5&access_token=[REDACTED]&api_key=[REDACTED]' },
    });
  });
});
