#!/usr/bin/env node
// The GCS sandbox front: a plain HTTP server on 127.0.0.1 that stands in front of
// fake-gcs-server and forwards every request to it (JSON API, uploads, downloads,
// the XML API's /{bucket}/{object} paths that signed URLs use), streaming bodies
// both ways and rewriting fake-gcs's host:port in the links it hands out
// (selfLink, mediaLink, a resumable upload's Location) to the front's own, so
// clients never talk to fake-gcs directly. It keeps what fake-gcs does not:
// bucket IAM policies (GET/PUT /storage/v1/b/{bucket}/iam, testPermissions) and
// the bucket fields fake-gcs drops (iamConfiguration, encryption, logging,
// lifecycle, labels, retentionPolicy, softDeletePolicy, the storage class and
// location set at insert), merged into its bucket insert/get/patch/update/list.
// It also serves the BigQuery simulator (../bigquery/api.mjs): /bigquery/v2/… and
// /_sandbox/bigquery/… are answered there and never reach fake-gcs, so one "GCP
// sandbox" port serves both APIs, the BigQuery part even when fake-gcs is down.
// Usage: node server.mjs [--port P] [--upstream http://127.0.0.1:G]
//          [--upstream-public-host HOST:PORT] [--project ID] [--host 127.0.0.1]
//          [--log-requests]   (or GCS_SANDBOX_LOG=1: one line per request on stdout)
//   --port defaults to $GCS_SANDBOX_PORT (else 0: any free port), --upstream to
//   http://127.0.0.1:$FAKE_GCS_PORT, --upstream-public-host to the upstream's
//   host:port (what fake-gcs was started with as -public-host), --project to
//   $GCS_SANDBOX_PROJECT or codex-sandbox (the project of buckets the front did
//   not see created).
// Prints "gcs-sandbox listening on http://127.0.0.1:P" once it serves.
import http from 'node:http';
import { parseArgs } from 'node:util';

import { createBigQuerySimulator } from '../bigquery/api.mjs';
import { createState, GcsError } from './state.mjs';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.GCS_SANDBOX_PORT ?? '0' },
    host: { type: 'string', default: '127.0.0.1' },
    upstream: {
      type: 'string',
      default: `http://127.0.0.1:${process.env.FAKE_GCS_PORT ?? '14443'}`,
    },
    'upstream-public-host': { type: 'string' },
    project: { type: 'string', default: process.env.GCS_SANDBOX_PROJECT ?? 'codex-sandbox' },
    'log-requests': { type: 'boolean', default: false },
  },
});

const upstream = new URL(args.upstream);
if (upstream.protocol !== 'http:') {
  console.error('--upstream must be an http:// URL (fake-gcs-server started with -scheme http)');
  process.exit(2);
}
// fake-gcs routes the XML API (/{bucket}/{object}) only for requests whose Host is its
// -public-host, and writes that host into the links it returns.
const upstreamPublicHost = args['upstream-public-host'] ?? upstream.host;
const upstreamHosts = [...new Set([upstreamPublicHost, upstream.host])];
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const state = createState({ defaultProject: args.project });
const bigquery = createBigQuerySimulator();

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
  'expect',
]);
const MAX_JSON_BODY = 16 * 1024 * 1024;

function stripHopByHop(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name.toLowerCase()) && value !== undefined) out[name] = value;
  }
  return out;
}

/** The host:port clients reached the front at, for the links it hands out. */
function frontHost(req) {
  return req.headers.host || `${args.host}:${server.address().port}`;
}

function rewrite(text, req) {
  const host = frontHost(req);
  let out = text;
  for (const from of upstreamHosts) out = out.replaceAll(`//${from}`, `//${host}`);
  return out;
}

function sendJson(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'content-type': 'application/json; charset=UTF-8' } : {}),
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sendError(res, error) {
  if (error instanceof GcsError) return sendJson(res, error.code, error.toJSON());
  console.error(error);
  const message =
    error?.code === 'ECONNREFUSED' ? 'fake-gcs-server is not reachable' : 'Internal Error';
  const code = error?.code === 'ECONNREFUSED' ? 502 : 500;
  return sendJson(res, code, new GcsError(code, 'backendError', message).toJSON());
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_JSON_BODY) {
        reject(new GcsError(413, 'uploadTooLarge', 'Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function readJson(req) {
  const raw = await readBody(req);
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new GcsError(400, 'parseError', 'Parse Error');
  }
}

/** One buffered JSON request to fake-gcs: { status, headers, text, json }. */
function callUpstream(method, path, body) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const upReq = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method,
        path,
        agent,
        headers: {
          host: upstreamPublicHost,
          accept: 'application/json',
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': payload.length }
            : {}),
        },
      },
      (upRes) => {
        const chunks = [];
        upRes.on('data', (chunk) => chunks.push(chunk));
        upRes.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: upRes.statusCode, headers: upRes.headers, text, json });
        });
        upRes.on('error', reject);
      },
    );
    upReq.on('error', reject);
    upReq.end(payload);
  });
}

/** Hands fake-gcs's own answer (an error, usually) back, links rewritten. */
function passThrough(req, res, up) {
  const text = rewrite(up.text, req);
  const headers = stripHopByHop(up.headers);
  delete headers['transfer-encoding'];
  headers['content-length'] = Buffer.byteLength(text);
  res.writeHead(up.status, headers);
  res.end(text);
}

const ok = (status) => status >= 200 && status < 300;
const bucketPath = (name) => `/storage/v1/b/${encodeURIComponent(name)}`;
const sendView = (req, res, status, resource) =>
  sendJson(res, status, JSON.parse(rewrite(JSON.stringify(resource), req)));

/** fake-gcs's bucket, or its 404 passed back (then null). */
async function upstreamBucket(req, res, name) {
  const up = await callUpstream('GET', bucketPath(name));
  if (up.status !== 200 || !up.json) {
    passThrough(req, res, up);
    return null;
  }
  return up.json;
}

async function insertBucket(req, res, url) {
  const body = await readJson(req);
  const entry = state.prepareInsert(body, url.searchParams.get('project'));
  const up = await callUpstream('POST', url.pathname + url.search, body);
  if (!ok(up.status) || !up.json) return passThrough(req, res, up);
  state.commitInsert(entry);
  return sendView(req, res, up.status, state.view(up.json));
}

async function listBuckets(req, res, url) {
  const up = await callUpstream('GET', url.pathname + url.search);
  if (up.status !== 200 || !up.json) return passThrough(req, res, up);
  // fake-gcs lists every bucket whatever the project; the front knows the project of those
  // made through it (buckets it did not see made are listed for every project).
  const project = url.searchParams.get('project');
  const items = (up.json.items ?? [])
    .filter((bucket) => state.inProject(bucket, project))
    .map((bucket) => state.view(bucket));
  return sendView(req, res, 200, { ...up.json, items });
}

async function getBucket(req, res, url) {
  const up = await callUpstream('GET', url.pathname + url.search);
  if (up.status !== 200 || !up.json) return passThrough(req, res, up);
  return sendView(req, res, 200, state.view(up.json));
}

/**
 * PATCH merges, PUT replaces. fake-gcs answers PUT with 404 and resets versioning on a
 * PATCH that does not mention it, so both go to fake-gcs as a PATCH that names versioning.
 */
async function changeBucket(req, res, url, name, mode) {
  const body = await readJson(req);
  const current = await upstreamBucket(req, res, name);
  if (!current) return;
  const entry = state.entry(current);
  const fields = state.prepareChange(entry, body, mode);
  const forwarded = { ...body };
  for (const [field, fallback] of [
    ['versioning', { enabled: false }],
    ['defaultEventBasedHold', false],
  ]) {
    if (field in forwarded) continue;
    forwarded[field] = mode === 'patch' ? (current[field] ?? fallback) : fallback;
  }
  const up = await callUpstream('PATCH', url.pathname + url.search, forwarded);
  if (!ok(up.status) || !up.json) return passThrough(req, res, up);
  state.commitChange(entry, fields);
  return sendView(req, res, up.status, state.view(up.json));
}

async function deleteBucket(req, res, url, name) {
  const up = await callUpstream('DELETE', url.pathname + url.search);
  if (ok(up.status)) state.forget(name);
  if (up.status === 204 || up.status === 200) {
    // The JSON API answers a deleted bucket with 204 and no body (fake-gcs says 200 "null").
    res.writeHead(204);
    return res.end();
  }
  return passThrough(req, res, up);
}

async function getPolicy(req, res, url, name) {
  const bucket = await upstreamBucket(req, res, name);
  if (!bucket) return;
  const entry = state.entry(bucket);
  return sendJson(
    res,
    200,
    state.getPolicy(entry, url.searchParams.get('optionsRequestedPolicyVersion')),
  );
}

async function setPolicy(req, res, url, name) {
  const body = await readJson(req);
  const bucket = await upstreamBucket(req, res, name);
  if (!bucket) return;
  return sendJson(res, 200, state.setPolicy(state.entry(bucket), body));
}

async function testPermissions(req, res, url, name) {
  const permissions = url.searchParams.getAll('permissions').flatMap((value) => value.split(','));
  if (permissions.length === 0) {
    throw new GcsError(400, 'required', 'Required parameter: permissions');
  }
  const bucket = await upstreamBucket(req, res, name);
  if (!bucket) return;
  // The sandbox caller holds every permission it asks about.
  return sendJson(res, 200, { kind: 'storage#testIamPermissionsResponse', permissions });
}

/** Everything not intercepted: streamed to fake-gcs and back. */
function proxy(req, res, url) {
  const path = url.pathname;
  const isJsonApi =
    (path.startsWith('/storage/v1/') || path.startsWith('/upload/storage/v1/')) &&
    url.searchParams.get('alt') !== 'media' &&
    req.method !== 'HEAD';
  const headers = stripHopByHop(req.headers);
  headers.host = upstreamPublicHost;
  // Metadata answers are rewritten, so they must come back as plain text; downloads keep
  // the client's accept-encoding (gzip transcoding is fake-gcs's to do).
  if (isJsonApi) delete headers['accept-encoding'];
  const upReq = http.request({
    host: upstream.hostname,
    port: upstream.port,
    method: req.method,
    path: req.url,
    headers,
    agent,
  });
  upReq.on('response', (upRes) => {
    const outHeaders = stripHopByHop(upRes.headers);
    if (outHeaders.location) outHeaders.location = rewrite(String(outHeaders.location), req);
    const type = String(upRes.headers['content-type'] ?? '');
    if (isJsonApi && /json/i.test(type)) {
      const chunks = [];
      upRes.on('data', (chunk) => chunks.push(chunk));
      upRes.on('end', () => {
        const text = rewrite(Buffer.concat(chunks).toString('utf8'), req);
        delete outHeaders['transfer-encoding'];
        outHeaders['content-length'] = Buffer.byteLength(text);
        res.writeHead(upRes.statusCode, outHeaders);
        res.end(text);
      });
      upRes.on('error', (error) => res.destroy(error));
      return;
    }
    res.writeHead(upRes.statusCode, upRes.statusMessage, outHeaders);
    upRes.pipe(res);
    upRes.on('error', (error) => res.destroy(error));
  });
  // A client that goes away mid-upload or mid-download takes the upstream exchange with it.
  let clientGone = false;
  res.on('close', () => {
    if (res.writableFinished) return;
    clientGone = true;
    upReq.destroy();
  });
  upReq.on('error', (error) => {
    if (clientGone) return;
    if (!res.headersSent) sendError(res, error);
    else res.destroy(error);
  });
  req.pipe(upReq);
}

const BUCKETS = /^\/storage\/v1\/b\/?$/;
const BUCKET = /^\/storage\/v1\/b\/([^/]+)$/;
const IAM = /^\/storage\/v1\/b\/([^/]+)\/iam$/;
const TEST_PERMISSIONS = /^\/storage\/v1\/b\/([^/]+)\/iam\/testPermissions$/;

async function route(req, res) {
  const url = new URL(req.url, 'http://front.invalid');
  const path = url.pathname;
  const method = req.method;
  if (path === '/_sandbox/health') {
    return sendJson(res, 200, { status: 'ok', upstream: upstream.origin });
  }
  if (bigquery.handles(path)) return bigquery.handle(req, res, url);
  let match;
  if (BUCKETS.test(path)) {
    if (method === 'POST') return insertBucket(req, res, url);
    if (method === 'GET') return listBuckets(req, res, url);
  } else if ((match = BUCKET.exec(path))) {
    const name = decodeURIComponent(match[1]);
    if (method === 'GET') return getBucket(req, res, url);
    if (method === 'PATCH') return changeBucket(req, res, url, name, 'patch');
    if (method === 'PUT') return changeBucket(req, res, url, name, 'update');
    if (method === 'DELETE') return deleteBucket(req, res, url, name);
  } else if ((match = IAM.exec(path))) {
    const name = decodeURIComponent(match[1]);
    if (method === 'GET') return getPolicy(req, res, url, name);
    if (method === 'PUT') return setPolicy(req, res, url, name);
  } else if ((match = TEST_PERMISSIONS.exec(path))) {
    if (method === 'GET') return testPermissions(req, res, url, decodeURIComponent(match[1]));
  }
  return proxy(req, res, url);
}

const logRequests = args['log-requests'] || process.env.GCS_SANDBOX_LOG === '1';

const server = http.createServer((req, res) => {
  if (logRequests) {
    const started = Date.now();
    res.on('close', () =>
      console.log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`),
    );
  }
  route(req, res).catch((error) => {
    if (!res.headersSent) sendError(res, error);
    else res.destroy(error);
  });
});
server.keepAliveTimeout = 30_000;

server.listen(Number(args.port), args.host, () => {
  const { port } = server.address();
  console.log(
    `gcs-sandbox listening on http://${args.host}:${port} (fake-gcs-server at ${upstream.origin})`,
  );
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    agent.destroy();
  });
}
