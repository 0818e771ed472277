import Fastify from 'fastify';

import { keepOnlyAddressesInForwardedFor } from './forwarded-for';

async function appTrustingEveryHop() {
  const app = Fastify({ logger: false, trustProxy: true });
  keepOnlyAddressesInForwardedFor(app);
  app.get('/ip', (request) => ({ ip: request.ip }));
  await app.ready();
  return app;
}

describe('the client address behind trusted proxies', () => {
  it.each([
    ['an address', '203.0.113.7', '203.0.113.7'],
    ['a chain (every hop trusted here)', '198.51.100.1, 203.0.113.7', '198.51.100.1'],
    ['IPv6', '2001:db8::1', '2001:db8::1'],
    ['junk before an address', `${'x'.repeat(100)}, 203.0.113.7`, '203.0.113.7'],
    ['junk after an address', `203.0.113.7, ${'x'.repeat(100)}`, '203.0.113.7'],
    ['junk alone', 'x'.repeat(100), '127.0.0.1'],
  ])('is an IP address when X-Forwarded-For holds %s', async (_case, forwarded, ip) => {
    const app = await appTrustingEveryHop();
    const response = await app.inject({
      url: '/ip',
      headers: { 'x-forwarded-for': forwarded },
      remoteAddress: '127.0.0.1',
    });
    expect(response.json()).toEqual({ ip });
    await app.close();
  });
});
