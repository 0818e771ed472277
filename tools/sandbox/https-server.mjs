// What every sandbox server shares: HTTPS with the local CA's certificate
// (tools/sandbox/azure/tls.sh), request bodies, JSON answers and a clean stop.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { join } from 'node:path';

/**
 * The RSA key a sandbox signs its tokens with: `token-key.pem` in the TLS directory (made by
 * tools/sandbox/azure/tls.sh, so tokens outlive a restart), else a fresh one.
 */
export function loadTokenKey(tlsDir) {
  const file = join(tlsDir, 'token-key.pem');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
    : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      });
}

export async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes `{status, body, headers}` as JSON (nothing when there is no body). */
export function sendJson(res, { status, body, headers = {} }) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * Serves `handle(req, res)` over HTTPS on `host:port` (port 0: a free one) with the
 * certificate in `tlsDir`. Resolves with the base URL once it listens, after printing
 * `<name> listening on <url> <describe()>`, the line test helpers wait for. SIGTERM and
 * SIGINT close it and exit 0.
 */
export function serveHttps({ name, tlsDir, host, port, handle, describe = () => '' }) {
  const server = createServer(
    {
      cert: readFileSync(join(tlsDir, 'server.pem')),
      key: readFileSync(join(tlsDir, 'server-key.pem')),
    },
    handle,
  );
  server.keepAliveTimeout = 30_000;
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => server.close(() => process.exit(0)).closeAllConnections());
  }
  return new Promise((resolve) => {
    server.listen(Number(port), host, () => {
      const url = `https://127.0.0.1:${server.address().port}`;
      console.log(`${name} listening on ${url} ${describe()}`.trimEnd());
      resolve(url);
    });
  });
}
