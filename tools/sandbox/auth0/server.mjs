#!/usr/bin/env node
// The Auth0 sandbox: a tenant's token endpoint (client credentials) and its
// Management API (/api/v2 users, roles, logs) over HTTPS on 127.0.0.1, for the
// unmodified `auth0` SDK (ManagementClient({ domain: '127.0.0.1:P', ... })).
// Usage: node server.mjs --port P --tls-dir DIR [--people N] [--seed S] [--host 127.0.0.1]
//   DIR holds server.pem and server-key.pem (the Azure sandbox's, made by
//   tools/sandbox/azure/tls.sh) and token-key.pem, which signs the tokens.
// Prints "auth0-sandbox listening on https://127.0.0.1:P" once it serves.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

import { loadTokenKey, readBody, sendJson, serveHttps } from '../https-server.mjs';
import { identityEstate } from '../identity/estate.mjs';
import { apiError, resolveRoute, runRoute } from './api.mjs';
import { createState } from './state.mjs';
import { createTokens } from './tokens.mjs';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.AUTH0_SANDBOX_PORT ?? '0' },
    'tls-dir': { type: 'string' },
    people: { type: 'string' },
    seed: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
if (!args['tls-dir']) {
  console.error('usage: server.mjs --port P --tls-dir DIR [--people N] [--seed S]');
  process.exit(2);
}
const tlsDir = args['tls-dir'];
const tokenKey = loadTokenKey(tlsDir);

// The shared deterministic identity estate (tools/sandbox/identity/estate.mjs);
// its defaults (seed 7, 500 people, now 2026-11-30) unless told otherwise.
const startOptions = {
  ...(args.people !== undefined ? { people: Number(args.people) } : {}),
  ...(args.seed !== undefined ? { seed: Number(args.seed) } : {}),
};
let baseUrl = '';
let estateOptions = startOptions;
const state = createState(identityEstate(startOptions));
const tokens = createTokens({
  privateKeyPem: tokenKey,
  baseUrl: () => baseUrl,
  lifetimeSeconds: () => state.config.tokenLifetimeSeconds,
});

const send = (res, answer) =>
  sendJson(res, { ...answer, headers: { 'x-request-id': randomUUID(), ...answer.headers } });

function reseed(options) {
  const counts = state.load(identityEstate(options));
  estateOptions = options;
  return counts;
}

function control(method, what, body) {
  if (method === 'GET' && what === 'health')
    return { status: 200, body: { status: 'ok', ...state.counts(), options: estateOptions } };
  if (method === 'POST' && what === 'reset') return { status: 200, body: reseed(estateOptions) };
  if (method === 'POST' && what === 'seed') {
    const { people, seed, signInDays } = body;
    const now = typeof body.now === 'string' ? Date.parse(body.now) : body.now;
    if (people !== undefined && (!Number.isInteger(people) || people < 1 || people > 100000))
      return { status: 400, body: { error: 'people: 1..100000' } };
    if (seed !== undefined && !Number.isInteger(seed))
      return { status: 400, body: { error: 'seed: an integer' } };
    if (now !== undefined && !Number.isFinite(now))
      return { status: 400, body: { error: 'now: epoch milliseconds or an ISO date' } };
    if (signInDays !== undefined && !(Number.isInteger(signInDays) && signInDays > 0))
      return { status: 400, body: { error: 'signInDays: an integer > 0' } };
    const options = Object.fromEntries(
      Object.entries({ people, seed, now, signInDays }).filter(([, v]) => v !== undefined),
    );
    return { status: 200, body: reseed(options) };
  }
  if (what === 'config' && method === 'GET') return { status: 200, body: state.config };
  if (what === 'config' && method === 'POST') {
    for (const [k, v] of Object.entries(body)) {
      if (!(k in state.config)) return { status: 400, body: { error: `unknown setting ${k}` } };
      if (!Number.isFinite(Number(v)) || Number(v) < 0)
        return { status: 400, body: { error: `${k}: a number ≥ 0` } };
      state.config[k] = Number(v);
    }
    return { status: 200, body: state.config };
  }
  if (what === 'throttle' && method === 'POST') {
    const { requests = 0, resetSeconds = 1 } = body;
    if (!Number.isInteger(requests) || requests < 0 || !(resetSeconds > 0))
      return { status: 400, body: { error: 'requests: integer ≥ 0, resetSeconds > 0' } };
    return { status: 200, body: state.setThrottle({ requests, resetSeconds }) };
  }
  if (what === 'throttle' && method === 'GET') {
    const t = state.throttle && Date.now() < state.throttle.refillAt ? state.throttle : null;
    return {
      status: 200,
      body: {
        refused: state.throttleRefusals,
        ...(t ? { left: t.left, reset: t.refillAt / 1000 } : {}),
      },
    };
  }
  if (what === 'requests' && method === 'GET')
    return { status: 200, body: Object.fromEntries(state.requests) };
  if (what === 'requests' && method === 'DELETE') {
    state.requests.clear();
    return { status: 204 };
  }
  if (what === 'signin' && method === 'POST') {
    const user = state.users.get(body.user_id);
    if (!user) return { status: 404, body: { error: `no user ${body.user_id}` } };
    return { status: 200, body: state.signIn(user, body) };
  }
  return { status: 404, body: { error: `unknown control ${method} /_sandbox/${what}` } };
}

function parseJson(raw) {
  try {
    return { value: raw ? JSON.parse(raw) : {} };
  } catch {
    return { error: true };
  }
}

async function route(req) {
  const url = new URL(req.url, baseUrl);
  const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const raw = ['POST', 'PATCH', 'PUT', 'DELETE'].includes(req.method) ? await readBody(req) : '';

  if (segs[0] === '_sandbox') {
    const body = parseJson(raw);
    if (body.error) return { status: 400, body: { error: 'invalid JSON' } };
    return control(req.method, segs.slice(1).join('/'), body.value);
  }

  if (segs[0] === 'oauth' && segs[1] === 'token' && segs.length === 2 && req.method === 'POST') {
    state.count('POST /oauth/token');
    const type = String(req.headers['content-type'] ?? '');
    let params;
    if (type.includes('application/json')) {
      const body = parseJson(raw);
      if (body.error || typeof body.value !== 'object')
        return {
          status: 400,
          body: { error: 'invalid_request', error_description: 'Invalid JSON body' },
        };
      params = body.value;
    } else {
      params = Object.fromEntries(new URLSearchParams(raw));
    }
    // The Authentication API has its own limits: reported, never refused here.
    return { ...tokens.token(params), headers: state.limitHeaders() };
  }

  if (segs[0] !== 'api' || segs[1] !== 'v2') {
    return { ...apiError(404, 'Not Found'), headers: state.limitHeaders() };
  }
  const apiSegs = segs.slice(2);
  const found = resolveRoute(req.method, apiSegs);
  state.count(found?.template ?? `${req.method} ${url.pathname}`);
  const budget = state.charge();
  const withLimits = (r) => ({ ...r, headers: { ...r.headers, ...budget.headers } });
  if (budget.limited)
    return withLimits(apiError(429, 'Global limit has been reached', 'too_many_requests'));
  if (!req.headers.authorization) return withLimits(apiError(401, 'Missing authentication'));
  const claims = tokens.verify(req.headers.authorization);
  if (!claims) return withLimits(apiError(401, 'Invalid token'));
  if (!found) return withLimits(apiError(404, 'Not Found'));
  if (!found.scopes.some((s) => claims.scopes.includes(s)))
    return withLimits(
      apiError(
        403,
        `Insufficient scope, expected any of: ${found.scopes.join(',')}`,
        'insufficient_scope',
      ),
    );
  const body = parseJson(raw);
  if (body.error)
    return withLimits(apiError(400, 'Invalid request payload JSON format', 'invalid_body'));
  return withLimits(
    runRoute(found, { url, segs: apiSegs, body: body.value, state, baseUrl, claims, req }),
  );
}

baseUrl = await serveHttps({
  name: 'auth0-sandbox',
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
          body: { statusCode: 500, error: 'Internal Server Error', message: String(err) },
        });
      },
    ),
  describe: () => {
    const c = state.counts();
    return `(${c.users} users, ${c.roles} roles, ${c.logs} logs)`;
  },
});
