import httpProxy from '@fastify/http-proxy';
import Fastify from 'fastify';

/**
 * The reference hop for bench-gateway: Fastify proxying `/api/v1` to one service with the
 * gateway's undici settings, and nothing else (no auth, rate limit, logging or headers).
 * Usage: node bare-proxy.js <upstream> <port>
 */
async function main(): Promise<void> {
  const [upstream, port] = process.argv.slice(2);
  if (!upstream || !port) throw new Error('usage: bare-proxy <upstream> <port>');
  const app = Fastify({ logger: false });
  await app.register(httpProxy, {
    upstream,
    prefix: '/api/v1',
    rewritePrefix: '/api/v1',
    undici: { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 },
  });
  await app.listen({ host: '127.0.0.1', port: Number(port) });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
