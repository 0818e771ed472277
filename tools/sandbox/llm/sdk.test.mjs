// The unmodified `openai` client against the LLM sandbox: models, completions streamed and
// not, usage, the error shapes, faults with retry-after, and the record of what it received.
//   node --test tools/sandbox/llm/
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import OpenAI from 'openai';

import { API_KEY, startSandbox } from './test-helper.mjs';

const MODEL = 'sandbox-small';
const DATA = [
  'Explain the cost of these resources and propose actions as {"proposedActions": [...]}.',
  '<data>',
  '[ref:r-1] urn=urn:codex:aws:ec2:instance/i-1 name=web-1 state=running cpu=2%',
  '[ref:r-2] name=db-1 state=running cpu=71%',
  '</data>',
].join('\n');

let sandbox;
const client = (options = {}) =>
  new OpenAI({ apiKey: API_KEY, baseURL: sandbox.baseURL, maxRetries: 0, ...options });
const ask = (content = DATA) => [{ role: 'user', content }];

before(async () => {
  sandbox = await startSandbox(['--api-key', API_KEY]);
});
after(() => sandbox?.stop());
beforeEach(async () => {
  await sandbox.control('DELETE', 'faults');
  await sandbox.control('DELETE', 'requests');
});

describe('models', () => {
  test('lists the models it serves', async () => {
    const ids = [];
    for await (const model of client().models.list()) ids.push(model.id);
    assert.ok(ids.includes(MODEL));
    assert.ok(ids.includes('meta-llama/Llama-3.3-70B-Instruct-Turbo'));
  });
});

describe('chat completions', () => {
  test('answers with the ids of the data block cited and the usage counted', async () => {
    const completion = await client().chat.completions.create({ model: MODEL, messages: ask() });
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.model, MODEL);
    const [choice] = completion.choices;
    assert.equal(choice.finish_reason, 'stop');
    assert.match(choice.message.content, /\[ref:r-1\]/);
    assert.match(choice.message.content, /\[ref:r-2\]/);
    assert.ok(completion.usage.prompt_tokens > 20);
    assert.ok(completion.usage.completion_tokens > 5);
    assert.equal(
      completion.usage.total_tokens,
      completion.usage.prompt_tokens + completion.usage.completion_tokens,
    );
  });

  test('proposes an action on a resource of the data when the prompt asks for proposals', async () => {
    const completion = await client().chat.completions.create({ model: MODEL, messages: ask() });
    const json = /```json\n([\s\S]*?)\n```/.exec(completion.choices[0].message.content);
    assert.ok(json, 'a JSON block');
    assert.deepEqual(JSON.parse(json[1]).proposedActions[0], {
      type: 'stop',
      targetUrn: 'urn:codex:aws:ec2:instance/i-1',
      params: {},
      reason: 'Idle resource [ref:r-1] could be stopped',
    });
  });

  test('proposes nothing when the prompt does not ask', async () => {
    const completion = await client().chat.completions.create({
      model: MODEL,
      messages: ask(DATA.replace('"proposedActions"', 'proposals')),
    });
    assert.doesNotMatch(completion.choices[0].message.content, /```json/);
  });

  test('an answer longer than max_tokens stops there with finish_reason length', async () => {
    const completion = await client().chat.completions.create({
      model: MODEL,
      messages: ask(),
      max_tokens: 10,
    });
    assert.equal(completion.choices[0].finish_reason, 'length');
    assert.ok(completion.usage.completion_tokens <= 10);
    assert.ok(completion.usage.completion_tokens > 0);
  });

  test('the same messages get the same answer', async () => {
    const first = await client().chat.completions.create({ model: MODEL, messages: ask() });
    const second = await client().chat.completions.create({ model: MODEL, messages: ask() });
    assert.equal(first.choices[0].message.content, second.choices[0].message.content);
    assert.deepEqual(first.usage, second.usage);
  });

  test('streams the same answer in chunks, then a last chunk with the usage when asked', async () => {
    const whole = await client().chat.completions.create({ model: MODEL, messages: ask() });
    const stream = await client().chat.completions.create({
      model: MODEL,
      messages: ask(),
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    assert.ok(chunks > 5);
    assert.equal(text, whole.choices[0].message.content);
    assert.deepEqual(usage, whole.usage);
  });

  test('a stream without include_usage carries no usage', async () => {
    const stream = await client().chat.completions.create({
      model: MODEL,
      messages: ask(),
      stream: true,
    });
    for await (const chunk of stream) assert.equal(chunk.usage, undefined);
  });

  test('records every request body it received', async () => {
    await client().chat.completions.create({ model: MODEL, messages: ask('hello') });
    const { requests } = await sandbox.control('GET', 'requests');
    assert.equal(requests.length, 1);
    assert.equal(requests[0].model, MODEL);
    assert.deepEqual(requests[0].body.messages, ask('hello'));
  });
});

describe('errors as OpenAI answers them', () => {
  test('a wrong key is a 401 AuthenticationError', async () => {
    await assert.rejects(
      client({ apiKey: 'wrong' }).chat.completions.create({ model: MODEL, messages: ask() }),
      (err) => err instanceof OpenAI.AuthenticationError && err.code === 'invalid_api_key',
    );
  });

  test('an unknown model is a 404 NotFoundError', async () => {
    await assert.rejects(
      client().chat.completions.create({ model: 'gpt-nothing', messages: ask() }),
      (err) => err instanceof OpenAI.NotFoundError && err.code === 'model_not_found',
    );
  });

  test('no messages is a 400 BadRequestError naming the parameter', async () => {
    await assert.rejects(
      client().chat.completions.create({ model: MODEL, messages: [] }),
      (err) => err instanceof OpenAI.BadRequestError && err.param === 'messages',
    );
  });
});

describe('faults', () => {
  test('a 429 fault answers a RateLimitError with retry-after and rate-limit headers', async () => {
    await sandbox.control('POST', 'faults', { model: MODEL, status: 429, times: 1, retryAfter: 2 });
    await assert.rejects(
      client().chat.completions.create({ model: MODEL, messages: ask() }),
      (err) =>
        err instanceof OpenAI.RateLimitError &&
        err.code === 'rate_limit_exceeded' &&
        err.headers.get('retry-after') === '2' &&
        err.headers.get('x-ratelimit-remaining-requests') === '0',
    );
    const answered = await client().chat.completions.create({ model: MODEL, messages: ask() });
    assert.match(answered.choices[0].message.content, /\[ref:r-1\]/);
  });

  test("the client's own retries honour retry-after and get through a fault spent once", async () => {
    await sandbox.control('POST', 'faults', { model: MODEL, status: 429, times: 1, retryAfter: 0 });
    const completion = await client({ maxRetries: 2 }).chat.completions.create({
      model: MODEL,
      messages: ask(),
    });
    assert.match(completion.choices[0].message.content, /\[ref:r-1\]/);
    const { requests } = await sandbox.control('GET', 'requests');
    assert.equal(requests.length, 2);
  });

  test('a fault on one model leaves the others answering', async () => {
    await sandbox.control('POST', 'faults', { model: MODEL, status: 500 });
    await assert.rejects(
      client().chat.completions.create({ model: MODEL, messages: ask() }),
      (err) => err instanceof OpenAI.InternalServerError && err.type === 'server_error',
    );
    const other = await client().chat.completions.create({
      model: 'sandbox-large',
      messages: ask(),
    });
    assert.equal(other.model, 'sandbox-large');
  });

  test('a 503 fault for every model fails streamed requests too', async () => {
    await sandbox.control('POST', 'faults', { status: 503 });
    await assert.rejects(
      client().chat.completions.create({ model: MODEL, messages: ask(), stream: true }),
      (err) => err instanceof OpenAI.APIError && err.status === 503,
    );
  });

  test('an unknown fault status is refused', async () => {
    await assert.rejects(sandbox.control('POST', 'faults', { status: 418 }), /400/);
  });
});
