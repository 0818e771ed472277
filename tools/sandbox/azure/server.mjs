#!/usr/bin/env node
// The Azure sandbox: Entra ID token endpoint, Azure Resource Manager (compute,
// storage, cost management) and Azure Monitor metrics over HTTPS on 127.0.0.1, for the unmodified SDKs.
// Usage: node server.mjs --port P --tls-dir DIR [--vms N] [--host 127.0.0.1]
//   [--azurite-blob-port B]  where Azurite serves the storage accounts' blobs
//   (default $AZURITE_BLOB_PORT, else 10000)
//   DIR holds server.pem, server-key.pem, token-key.pem and client-cert.pem, the
//   certificate of the certificate-credential client (made by tls.sh).
// Prints "azure-sandbox listening on https://127.0.0.1:P" once it serves.
import { randomUUID, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { loadTokenKey, readBody, sendJson, serveHttps } from '../https-server.mjs';
import { armError, handleArm } from './arm.mjs';
import { handleCostControl } from './cost.mjs';
import { createEntra } from './entra.mjs';
import { CLIENTS } from './estate.mjs';
import { createState } from './state.mjs';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.AZURE_SANDBOX_PORT ?? '0' },
    'tls-dir': { type: 'string' },
    vms: { type: 'string', default: '44' },
    host: { type: 'string', default: '127.0.0.1' },
    'azurite-blob-port': { type: 'string', default: process.env.AZURITE_BLOB_PORT ?? '10000' },
  },
});
if (!args['tls-dir']) {
  console.error('usage: server.mjs --port P --tls-dir DIR [--vms N]');
  process.exit(2);
}
const tlsDir = args['tls-dir'];
const tokenKey = loadTokenKey(tlsDir);

let baseUrl = '';
const state = createState({ azuriteBlobPort: Number(args['azurite-blob-port']) });
state.seed({ vms: Number(args.vms) });
// Each certificate client trusts the certificate in its file of the TLS directory.
const clientCertificates = new Map();
for (const client of CLIENTS.filter((c) => c.certificateFile)) {
  const file = join(tlsDir, client.certificateFile);
  if (!existsSync(file)) {
    console.error(
      `azure-sandbox: no ${file} (run tls.sh): client ${client.clientId} has no certificate`,
    );
    continue;
  }
  const pem = readFileSync(file, 'utf8');
  const certificates =
    pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  clientCertificates.set(
    client.clientId,
    certificates.map((text) => new X509Certificate(text)),
  );
}
const entra = createEntra({
  privateKeyPem: tokenKey,
  baseUrl: () => baseUrl,
  clientCertificates,
});

const send = (res, answer) =>
  sendJson(res, { ...answer, headers: { 'x-ms-request-id': randomUUID(), ...answer.headers } });

function control(method, segs, body) {
  const [, what] = segs;
  if (what === 'cost') return handleCostControl(method, segs.slice(2), body, state);
  if (method === 'GET' && what === 'health')
    return {
      status: 200,
      body: { status: 'ok', vms: state.vms.size, storageAccounts: state.storageAccounts.size },
    };
  if (method === 'POST' && what === 'reset') return { status: 200, body: state.seed({}) };
  if (method === 'POST' && what === 'seed') {
    const vms = body.vms ?? 44;
    if (!Number.isInteger(vms) || vms < 0 || vms > 100000)
      return { status: 400, body: { error: 'vms: 0..100000' } };
    return { status: 200, body: state.seed({ vms, seed: body.seed }) };
  }
  if (method === 'POST' && what === 'config') {
    for (const k of Object.keys(body)) {
      if (!(k in state.config)) return { status: 400, body: { error: `unknown setting ${k}` } };
      state.config[k] = Number(body[k]);
    }
    return { status: 200, body: state.config };
  }
  if (method === 'POST' && what === 'throttle') {
    state.setThrottle(body);
    return { status: 200, body: { ...state.throttle } };
  }
  if (method === 'GET' && what === 'throttle') {
    return { status: 200, body: { refused: state.throttleRefusals } };
  }
  if (method === 'DELETE' && what === 'vms' && segs.length === 5) {
    return state.deleteVm(segs[2], segs[3], segs[4])
      ? { status: 204 }
      : { status: 404, body: { error: 'no such VM' } };
  }
  return { status: 404, body: { error: `unknown control ${method} /${segs.join('/')}` } };
}

async function route(req) {
  // The metrics client sends "/{+resourceUri}" with a resource id that starts with "/".
  const url = new URL(req.url.replace(/^\/+/, '/'), baseUrl);
  const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const raw = ['POST', 'PATCH', 'PUT'].includes(req.method) ? await readBody(req) : '';
  const lower = segs.map((x) => x.toLowerCase());

  if (lower[0] === '_sandbox') return control(req.method, segs, raw ? JSON.parse(raw) : {});
  // Entra ID
  if (lower[0] === 'common' && lower[1] === 'discovery' && lower[2] === 'instance') {
    return { status: 200, body: entra.instanceDiscovery() };
  }
  if (lower[1] === 'v2.0' && lower[2] === '.well-known' && lower[3] === 'openid-configuration') {
    return { status: 200, body: entra.openidConfiguration(segs[0]) };
  }
  if (lower[1] === 'discovery' && lower[2] === 'v2.0' && lower[3] === 'keys')
    return { status: 200, body: entra.jwks() };
  if (
    lower[1] === 'oauth2' &&
    lower[2] === 'v2.0' &&
    lower[3] === 'token' &&
    req.method === 'POST'
  ) {
    return entra.token(segs[0], new URLSearchParams(raw));
  }

  // Azure Resource Manager
  const auth = entra.verify(req.headers.authorization);
  if (auth.error) {
    const r = armError(auth.error.status, auth.error.code, auth.error.message);
    r.headers = {
      'www-authenticate': `Bearer authorization_uri="${baseUrl}/", error="invalid_token"`,
    };
    return r;
  }
  const kind = req.method === 'GET' ? 'reads' : 'writes';
  const subscriptionId = lower[0] === 'subscriptions' ? lower[1] : undefined;
  const budget = state.charge(subscriptionId, kind);
  if (budget.throttled) {
    const r = armError(
      429,
      'TooManyRequests',
      `The request is being throttled as the limit has been reached for operation type - ${kind === 'reads' ? 'Read' : 'Write'}_ObservationWindow_3600. For more information, refer to - https://aka.ms/armthrottling`,
    );
    r.headers = {
      'retry-after': String(budget.retryAfter),
      [`x-ms-ratelimit-remaining-subscription-${kind}`]: '0',
    };
    return r;
  }
  let body;
  if (raw) {
    try {
      body = JSON.parse(raw);
    } catch {
      return armError(
        400,
        'InvalidRequestContent',
        'The request content was invalid and could not be deserialized.',
      );
    }
  }
  const r = await handleArm({
    method: req.method,
    url,
    segs,
    body,
    claims: auth.claims,
    state,
    baseUrl,
  });
  r.headers = {
    ...r.headers,
    [`x-ms-ratelimit-remaining-subscription-${kind}`]: String(budget.remaining),
  };
  return r;
}

baseUrl = await serveHttps({
  name: 'azure-sandbox',
  tlsDir,
  host: args.host,
  port: args.port,
  handle: (req, res) =>
    route(req).then(
      (r) => send(res, r),
      (err) => {
        console.error(err);
        send(res, {
          status: 500,
          body: { error: { code: 'InternalServerError', message: String(err) } },
        });
      },
    ),
  describe: () => `(${state.vms.size} VMs)`,
});
