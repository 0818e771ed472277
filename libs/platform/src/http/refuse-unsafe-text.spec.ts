import Fastify from 'fastify';

import { ProblemException } from '../problems/problem';
import { refuseUnsafeText, UNSAFE_TEXT_CODE } from './refuse-unsafe-text';

async function appWithHygiene() {
  const app = Fastify({ logger: false });
  refuseUnsafeText(app);
  app.setErrorHandler((error, _request, reply) =>
    error instanceof ProblemException
      ? reply.status(error.getStatus()).send(error.getResponse())
      : reply.send(error),
  );
  app.post('/things/:id', () => ({ handled: true }));
  app.post('/proxied/*', () => ({ handled: true }));
  await app.ready();
  return app;
}

describe('requests with text PostgreSQL cannot store', () => {
  it.each([
    ['a NUL in a query value', '/things/1?q=web%00', '{}', 'query.q'],
    ['a NUL in a path parameter', '/things/a%00b', '{}', 'params.id'],
    ['a lone surrogate in a JSON body', '/things/1', '{"name":"\\ud800"}', 'body.name'],
    ['a NUL deep in a JSON body', '/things/1', '{"tags":[{"k":"\\u0000"}]}', 'body.tags.0.k'],
  ])('are refused before the handler: %s', async (_case, url, payload, field) => {
    const app = await appWithHygiene();
    const response = await app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: UNSAFE_TEXT_CODE,
      errors: [{ field, message: expect.any(String) as unknown }],
    });
    await app.close();
  });

  it('reach the handler when clean, emoji and all', async () => {
    const app = await appWithHygiene();
    const response = await app.inject({
      method: 'POST',
      url: '/things/%F0%9F%9A%80?q=caf%C3%A9',
      payload: '{"name":"🚀 \\ud83d\\ude80"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.json()).toEqual({ handled: true });
    await app.close();
  });

  it('leave the rest of a proxied path to the service it goes to', async () => {
    const app = await appWithHygiene();
    const response = await app.inject({ method: 'POST', url: '/proxied/a%00b' });
    expect(response.json()).toEqual({ handled: true });
    await app.close();
  });
});
