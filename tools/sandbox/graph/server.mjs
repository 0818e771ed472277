#!/usr/bin/env node
// The Graph sandbox: Microsoft Graph v1.0 (users, groups and members, delta
// queries, directory roles, sign-ins, MFA registration details) over HTTPS on
// 127.0.0.1, for the unmodified @microsoft/microsoft-graph-client. Tokens come
// from Entra ID, i.e. the Azure sandbox (--authority), whose JWKS verifies them.
// Usage: node server.mjs --port P --tls-dir DIR --authority https://127.0.0.1:A
//          [--people N] [--seed S] [--host 127.0.0.1]
//   DIR: the Azure sandbox's TLS directory (server.pem, server-key.pem, ca.pem).
// Prints "graph-sandbox listening on https://127.0.0.1:P" once it serves.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { readBody, serveHttps } from '../https-server.mjs';
import { identityEstate } from '../identity/estate.mjs';
import { createVerifier } from './auth.mjs';
import { gerr, handleGraph, template } from './graph.mjs';
import { createState } from './state.mjs';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.GRAPH_SANDBOX_PORT ?? '0' },
    'tls-dir': { type: 'string' },
    authority: { type: 'string', default: process.env.GRAPH_SANDBOX_AUTHORITY },
    people: { type: 'string' },
    seed: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
if (!args['tls-dir'] || !args.authority) {
  console.error(
    'usage: server.mjs --port P --tls-dir DIR --authority https://127.0.0.1:A [--people N]',
  );
  process.exit(2);
}
const tlsDir = args['tls-dir'];
const caFile = join(tlsDir, 'ca.pem');

// The shared deterministic identity estate (its `entra` part); --people/--seed as it takes them.
const state = createState(identityEstate);
const seedOptions = {};
if (args.people !== undefined) seedOptions.people = Number(args.people);
if (args.seed !== undefined) seedOptions.seed = Number(args.seed);
state.seed(seedOptions);
const verifier = createVerifier({
  authority: args.authority,
  tenantId: state.tenantId,
  ca: existsSync(caFile) ? readFileSync(caFile) : undefined,
});

let baseUrl = '';

function send(res, r, ids) {
  let body = r.body;
  if (r.error) {
    body = {
      error: {
        ...r.error,
        innerError: {
          date: new Date().toISOString().replace(/\.\d+Z$/, ''),
          'request-id': ids.requestId,
          'client-request-id': ids.clientRequestId,
        },
      },
    };
  }
  const text = r.text ?? (body === undefined ? '' : JSON.stringify(body));
  const type =
    r.text !== undefined
      ? 'text/plain'
      : 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
  res.writeHead(r.status, {
    ...(text ? { 'content-type': type } : {}),
    'content-length': Buffer.byteLength(text),
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId,
    'x-ms-ags-diagnostic': JSON.stringify({
      ServerInfo: {
        DataCenter: 'Sandbox',
        Slice: 'E',
        Ring: '0',
        ScaleUnit: '000',
        RoleInstance: 'graph-sandbox',
      },
    }),
    'odata-version': '4.0',
    ...r.headers,
  });
  res.end(text);
}

function control(method, segs, body) {
  const [, what] = segs;
  if (method === 'GET' && what === 'health')
    return { status: 200, body: { status: 'ok', ...state.summary() } };
  if (method === 'POST' && what === 'reset')
    return { status: 200, body: state.seed(state.seedOptions) };
  if (method === 'POST' && what === 'seed') {
    const options = {};
    if (body.people !== undefined) {
      if (!Number.isInteger(body.people) || body.people < 0 || body.people > 200000)
        return { status: 400, body: { error: 'people: 0..200000' } };
      options.people = body.people;
    }
    if (body.seed !== undefined) options.seed = body.seed;
    if (body.signInDays !== undefined) options.signInDays = body.signInDays;
    if (body.now !== undefined) {
      const now = typeof body.now === 'number' ? body.now : Date.parse(body.now);
      if (Number.isNaN(now))
        return { status: 400, body: { error: 'now: an ISO date or epoch ms' } };
      options.now = now;
    }
    return { status: 200, body: state.seed(options) };
  }
  if (method === 'POST' && what === 'config') {
    for (const k of Object.keys(body)) {
      if (!(k in state.config)) return { status: 400, body: { error: `unknown setting ${k}` } };
      const v = Number(body[k]);
      if (!Number.isInteger(v) || v < 1)
        return { status: 400, body: { error: `${k}: a positive integer` } };
    }
    for (const k of Object.keys(body)) state.config[k] = Number(body[k]);
    return { status: 200, body: state.config };
  }
  if (method === 'GET' && what === 'config') return { status: 200, body: state.config };
  if (method === 'POST' && what === 'throttle')
    return { status: 200, body: state.setThrottle(body) };
  if (method === 'GET' && what === 'throttle')
    return { status: 200, body: { refused: state.throttleRefusals } };
  if (what === 'requests') {
    if (method === 'GET') {
      const counts = Object.fromEntries([...state.requests].sort(([a], [b]) => (a < b ? -1 : 1)));
      const total = [...state.requests.values()].reduce((n, c) => n + c, 0);
      return { status: 200, body: { total, counts } };
    }
    if (method === 'DELETE') {
      state.requests.clear();
      return { status: 204 };
    }
  }
  return { status: 404, body: { error: `unknown control ${method} /${segs.join('/')}` } };
}

async function route(req) {
  const url = new URL(req.url.replace(/^\/+/, '/'), baseUrl);
  const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const raw = ['POST', 'PATCH', 'PUT', 'DELETE'].includes(req.method) ? await readBody(req) : '';

  if (segs[0] === '_sandbox') {
    let body = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return { status: 400, body: { error: 'body: JSON' } };
    }
    return control(req.method, segs, body);
  }

  const auth = await verifier.verify(req.headers.authorization);
  if (auth.message) {
    return {
      ...gerr(401, 'InvalidAuthenticationToken', auth.message),
      headers: {
        'www-authenticate': `Bearer realm="", authorization_uri="${args.authority}/${state.tenantId}/oauth2/v2.0/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
      },
    };
  }
  if (segs[0] !== 'v1.0') {
    return gerr(
      400,
      'BadRequest',
      `Invalid version: the sandbox serves v1.0 only, not '${segs[0] ?? ''}'.`,
    );
  }
  const rest = segs.slice(1);
  state.count(`${req.method} ${template(rest)}`);
  const throttled = state.charge();
  if (throttled) {
    return gerr(
      429,
      'TooManyRequests',
      'Too many requests: the application is being throttled. Retry after the number of seconds in Retry-After.',
      { 'retry-after': String(throttled.retryAfter) },
    );
  }
  let body;
  if (raw) {
    try {
      body = JSON.parse(raw);
    } catch {
      return gerr(
        400,
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      );
    }
  }
  return handleGraph(
    { method: req.method, url, headers: req.headers, state, baseUrl, claims: auth.claims },
    rest,
    body,
  );
}

baseUrl = await serveHttps({
  name: 'graph-sandbox',
  tlsDir,
  host: args.host,
  port: args.port,
  handle: (req, res) => {
    const ids = {
      requestId: randomUUID(),
      clientRequestId: req.headers['client-request-id'] ?? randomUUID(),
    };
    route(req).then(
      (r) => send(res, r, ids),
      (err) => {
        console.error(err);
        send(res, gerr(500, 'InternalServerError', String(err)), ids);
      },
    );
  },
  describe: () => {
    const s = state.summary();
    return `(${s.users} users, ${s.groups} groups)`;
  },
});
