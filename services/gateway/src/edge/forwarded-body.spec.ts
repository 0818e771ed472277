import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ProblemException } from '@codex/platform';
import Fastify, { type FastifyInstance } from 'fastify';

import { forwardedBody } from './forwarded-body';

const LIMIT = 1024;

/** A server whose one route answers with the body size and headers it was handed. */
async function serverWithForwardedBodies(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.addHook('preParsing', forwardedBody(LIMIT));
  app.setErrorHandler((error, _request, reply) =>
    error instanceof ProblemException
      ? reply.status(error.getStatus()).send(error.getResponse())
      : reply.send(error),
  );
  app.post('/upload', async (request) => {
    let size = 0;
    for await (const chunk of request.body as AsyncIterable<Buffer>) size += chunk.length;
    const { expect: expectation, ...headers } = request.headers;
    return {
      size,
      expect: expectation ?? null,
      contentLength: headers['content-length'] ?? null,
      chunked: headers['transfer-encoding'] !== undefined,
    };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

/** Posts `chunks` without a content length (chunked), as a streaming client would. */
function postChunked(
  app: FastifyInstance,
  chunks: Buffer[],
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { port, host: '127.0.0.1', method: 'POST', path: '/upload', headers },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(text) as Record<string, unknown>,
          }),
        );
      },
    );
    // Writing may fail once the server has answered and closed; the answer is what counts.
    request.on('error', reject);
    const write = (index: number) => {
      const chunk = chunks[index];
      if (!chunk) return void request.end();
      request.write(chunk, () => write(index + 1));
    };
    if (headers.expect) request.once('continue', () => write(0));
    else write(0);
  });
}

describe('bodies the gateway forwards', () => {
  let app: FastifyInstance;
  beforeAll(async () => (app = await serverWithForwardedBodies()));
  afterAll(() => app.close());

  it('forward a chunked body within the limit with its length', async () => {
    const response = await postChunked(app, [Buffer.alloc(300), Buffer.alloc(300)]);
    expect(response).toEqual({
      status: 200,
      body: { size: 600, expect: null, contentLength: '600', chunked: false },
    });
  });

  it('answer 413 to a chunked body over the limit', async () => {
    const response = await postChunked(
      app,
      Array.from({ length: 8 }, () => Buffer.alloc(512)),
    );
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'payload_too_large' });
  });

  it('answer 413 to a declared length over the limit before reading it', async () => {
    const { port } = app.server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/upload`, {
      method: 'POST',
      body: Buffer.alloc(LIMIT + 1),
    });
    expect(response.status).toBe(413);
  });

  it('take Expect: 100-continue and do not pass it on', async () => {
    const response = await postChunked(app, [Buffer.alloc(10)], { expect: '100-continue' });
    expect(response).toMatchObject({ status: 200, body: { size: 10, expect: null } });
  });
});
