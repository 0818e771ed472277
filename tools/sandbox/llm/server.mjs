#!/usr/bin/env node
// The LLM sandbox: an OpenAI-compatible chat completions API (the subset Codex uses) over
// plain HTTP on 127.0.0.1, for the unmodified `openai` client. Its answers are
// deterministic (answer.mjs); it records every request body and answers faults on demand.
// Usage: node server.mjs --port P [--models a,b] [--api-key K] [--host 127.0.0.1]
// Prints "llm-sandbox listening on http://127.0.0.1:P" once it serves.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import { readBody, sendJson } from '../https-server.mjs';
import { answer, countTokens, promptTokens } from './answer.mjs';
import { createState } from './state.mjs';

const DEFAULT_MODELS = [
  'meta-llama/Llama-3.3-70B-Instruct-Turbo',
  'Qwen/Qwen2.5-72B-Instruct',
  'meta-llama/Meta-Llama-3.1-8B-Instruct',
  'sandbox-small',
  'sandbox-large',
];
const CREATED = 1_733_000_000;
const RATE_LIMIT = { requests: 10_000, tokens: 2_000_000 };

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.LLM_SANDBOX_PORT ?? '0' },
    models: { type: 'string' },
    'api-key': { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const models = args.models ? args.models.split(',').map((m) => m.trim()) : DEFAULT_MODELS;
const state = createState();

const error = (status, message, type, code = null, param = null) => ({
  status,
  body: { error: { message, type, param, code } },
});

function rateLimitHeaders() {
  return {
    'x-ratelimit-limit-requests': String(RATE_LIMIT.requests),
    'x-ratelimit-remaining-requests': String(RATE_LIMIT.requests - 1),
    'x-ratelimit-reset-requests': '6ms',
    'x-ratelimit-limit-tokens': String(RATE_LIMIT.tokens),
    'x-ratelimit-remaining-tokens': String(RATE_LIMIT.tokens - 1),
    'x-ratelimit-reset-tokens': '0s',
  };
}

function authorised(req) {
  const header = req.headers.authorization ?? '';
  const key = header.startsWith('Bearer ') ? header.slice(7) : '';
  return key !== '' && (args['api-key'] === undefined || key === args['api-key']);
}

function listModels() {
  return {
    status: 200,
    body: {
      object: 'list',
      data: models.map((id) => ({
        id,
        object: 'model',
        created: CREATED,
        owned_by: 'codex-sandbox',
      })),
    },
  };
}

/** Checks a chat request as OpenAI does; answers the error or undefined. */
function invalid(body) {
  if (!body || typeof body !== 'object')
    return error(400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
  if (typeof body.model !== 'string')
    return error(400, 'you must provide a model parameter', 'invalid_request_error', null, 'model');
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return error(
      400,
      "Invalid 'messages': empty array. Expected an array with minimum length 1.",
      'invalid_request_error',
      'empty_array',
      'messages',
    );
  }
  if (!models.includes(body.model)) {
    return error(
      404,
      `The model \`${body.model}\` does not exist or you do not have access to it.`,
      'invalid_request_error',
      'model_not_found',
    );
  }
  return undefined;
}

/** The answer cut at `max_tokens` (finish_reason `length`), as a model stops there. */
function limited(text, maxTokens) {
  if (!maxTokens || countTokens(text) <= maxTokens) return { text, finishReason: 'stop' };
  let kept = '';
  for (const piece of text.match(/\S+\s*/g) ?? []) {
    if (countTokens(kept + piece) > maxTokens) break;
    kept += piece;
  }
  return { text: kept, finishReason: 'length' };
}

function completion(body) {
  const { text, finishReason } = limited(
    answer(body.messages),
    body.max_completion_tokens ?? body.max_tokens,
  );
  const usage = {
    prompt_tokens: promptTokens(body.messages),
    completion_tokens: countTokens(text),
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  return { id: `chatcmpl-${randomUUID().replace(/-/g, '')}`, text, usage, finishReason };
}

function sendCompletion(res, body, headers) {
  const { id, text, usage, finishReason } = completion(body);
  sendJson(res, {
    status: 200,
    headers,
    body: {
      id,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text, refusal: null },
          logprobs: null,
          finish_reason: finishReason,
        },
      ],
      usage,
      system_fingerprint: 'fp_codex_sandbox',
    },
  });
}

/** Server-sent chunks as OpenAI streams them: role, content pieces, finish, then usage if asked, then [DONE]. */
function streamCompletion(res, body, headers) {
  const { id, text, usage, finishReason } = completion(body);
  const withUsage = body.stream_options?.include_usage === true;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices, extra = {}) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: body.model,
    system_fingerprint: 'fp_codex_sandbox',
    choices,
    ...(withUsage ? { usage: null } : {}),
    ...extra,
  });
  const choice = (delta, finish = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finish,
  });
  const events = [chunk([choice({ role: 'assistant', content: '', refusal: null })])];
  for (const piece of text.match(/\S+\s*|\s+/g) ?? [])
    events.push(chunk([choice({ content: piece })]));
  events.push(chunk([choice({}, finishReason)]));
  if (withUsage) events.push(chunk([], { usage }));
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers,
  });
  for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
  res.end('data: [DONE]\n\n');
}

async function chatCompletions(req, res, headers) {
  const raw = await readBody(req);
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  state.record({ path: req.url, model: body?.model ?? null, body: body ?? raw });
  const refused = invalid(body);
  if (refused) return sendJson(res, { ...refused, headers });
  const fault = state.takeFault(body.model);
  if (fault) {
    return sendJson(res, {
      status: fault.status,
      body: { error: fault.error },
      headers: {
        ...headers,
        ...(fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) }),
        ...(fault.status === 429 ? { 'x-ratelimit-remaining-requests': '0' } : {}),
      },
    });
  }
  if (body.stream === true) return streamCompletion(res, body, headers);
  return sendCompletion(res, body, headers);
}

async function control(req, res, what) {
  const key = `${req.method} ${what}`;
  switch (key) {
    case 'GET health':
      return sendJson(res, { status: 200, body: { status: 'ok', models } });
    case 'GET requests':
      return sendJson(res, { status: 200, body: { requests: state.requests() } });
    case 'DELETE requests':
      state.clearRequests();
      return sendJson(res, { status: 204 });
    case 'GET faults':
      return sendJson(res, { status: 200, body: { faults: state.faults() } });
    case 'POST faults': {
      try {
        state.addFault(JSON.parse(await readBody(req)));
      } catch (err) {
        return sendJson(res, { status: 400, body: { error: String(err.message ?? err) } });
      }
      return sendJson(res, { status: 201, body: { faults: state.faults() } });
    }
    case 'DELETE faults':
      state.clearFaults();
      return sendJson(res, { status: 204 });
    default:
      return sendJson(res, { status: 404, body: { error: `no ${key} on /_sandbox` } });
  }
}

async function handle(req, res) {
  const { pathname } = new URL(req.url, 'http://sandbox');
  const headers = {
    'x-request-id': `req_${randomUUID().replace(/-/g, '')}`,
    'openai-processing-ms': '1',
  };
  if (pathname.startsWith('/_sandbox/'))
    return control(req, res, pathname.slice('/_sandbox/'.length));
  if (!authorised(req)) {
    return sendJson(res, {
      ...error(
        401,
        'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_request_error',
        'invalid_api_key',
      ),
      headers,
    });
  }
  const route = `${req.method} ${pathname.replace(/\/+$/, '')}`;
  if (route === 'GET /v1/models') return sendJson(res, { ...listModels(), headers });
  if (route === 'POST /v1/chat/completions') {
    return chatCompletions(req, res, { ...headers, ...rateLimitHeaders() });
  }
  return sendJson(res, {
    ...error(404, `Invalid URL (${req.method} ${pathname})`, 'invalid_request_error'),
    headers,
  });
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    if (!res.headersSent) sendJson(res, error(500, String(err.message ?? err), 'server_error'));
    else res.destroy();
  });
});
server.keepAliveTimeout = 30_000;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)).closeAllConnections());
}
server.listen(Number(args.port), args.host, () => {
  console.log(
    `llm-sandbox listening on http://127.0.0.1:${server.address().port}/v1 (${models.length} models)`,
  );
});
