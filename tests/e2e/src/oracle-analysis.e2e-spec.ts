import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';

import {
  eventually,
  MotoAccount,
  REPO_ROOT,
  type RunningPlatform,
  startPlatform,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '@codex/testing';

import { discoverAccount, gatewayApi } from './support/gateway-api';

interface Analysis {
  id: string;
  text: string;
  citations: string[];
  proposedActions: { type: string; targetUrn: string }[];
  fallback: boolean;
  reason: string | null;
  model: string | null;
  template: { key: string; version: number };
  usage: { promptTokens: number; completionTokens: number; costUsd: string };
}
interface Usage {
  used: { tokens: number };
  items: {
    model: string;
    outcome: string;
    calls: number;
    templateKey: string;
    templateVersion: number;
  }[];
}
interface PeerRequest {
  model: string;
  body: unknown;
}

/** The LLM sandbox (tools/sandbox/llm) as this spec's own process, on a port it can be restarted on. */
async function startLlmPeer(port = 0) {
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'tools', 'sandbox', 'llm', 'server.mjs'),
      '--port',
      String(port),
      '--models',
      'sandbox-small,sandbox-large',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(printed);
      if (listening?.[1]) resolve(listening[1]);
    });
    child.once('exit', (code) => reject(new Error(`the LLM sandbox exited with ${code}`)));
  });
  const origin = baseUrl.replace(/\/v1$/, '');
  const control = async <T>(method: string, what: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${origin}/_sandbox/${what}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} /_sandbox/${what}: ${response.status}`);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    baseUrl,
    port: Number(new URL(baseUrl).port),
    control,
    requests: async () => (await control<{ requests: PeerRequest[] }>('GET', 'requests')).requests,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
type LlmPeer = Awaited<ReturnType<typeof startLlmPeer>>;

const US = 'us-east-1';

/** 40 characters of base64 with both cases and digits: shaped like an AWS secret access key. */
function fakeSecretKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';
  const bytes = randomBytes(37);
  return `Aa1${[...bytes].map((byte) => alphabet[byte % 64]).join('')}`;
}

describe('Oracle LLM analysis through the gateway, against the LLM sandbox', () => {
  let idp: TestIdentityProvider;
  let platform: RunningPlatform;
  let peer: LlmPeer;
  const tenant = `llm-${randomUUID().slice(0, 8)}`;
  const moto = new MotoAccount();
  const run = randomBytes(4).toString('hex');
  const secret = fakeSecretKey();
  const email = `owner-${run}@example.com`;
  let tokens: Record<'admin' | 'operator' | 'viewer', string>;
  let urn = '';

  const api = gatewayApi(() => platform.gatewayUrl);
  const analyse = (question?: string) =>
    api<Analysis>('POST', '/api/v1/analyses', tokens.operator, {
      subject: { kind: 'resource', id: urn },
      ...(question ? { question } : {}),
    });
  const usage = async () => (await api<Usage>('GET', '/api/v1/analyses/usage', tokens.viewer)).body;
  const callsOf = (found: Usage, model: string, outcome: string) =>
    found.items
      .filter((item) => item.model === model && item.outcome === outcome)
      .reduce((n, item) => n + item.calls, 0);

  beforeAll(async () => {
    peer = await startLlmPeer();
    idp = await startTestIdentityProvider();
    platform = await startPlatform({
      env: idp.env,
      serviceEnv: {
        'engine-core': { DISCOVERY_INTERVAL_MINUTES: '0' },
        oracle: {
          LLM_BASE_URL: peer.baseUrl,
          LLM_API_KEY: 'e2e-sandbox-key',
          LLM_MODELS: 'sandbox-small,sandbox-large',
          LLM_MAX_RETRIES: '2',
          LLM_TIMEOUT_MS: '5000',
        },
      },
    });
    const token = (roles: string[], subject: string) => idp.token({ tenant, roles, subject });
    tokens = {
      admin: await token(['admin'], 'ada@acme.test'),
      operator: await token(['operator'], 'olga@acme.test'),
      viewer: await token(['viewer'], 'vic@acme.test'),
    };
    const [instance = ''] = await moto.launch(US, 1, 't3.micro', {
      Name: `batch-${run}`,
      owner: email,
      'backup-credentials': secret,
    });
    urn = `codex:aws:${moto.accountId}:${US}:ec2/instance/${instance}`;
    const connected = await api<{ id: string }>('POST', '/api/v1/accounts', tokens.admin, {
      provider: 'aws',
      name: 'llm-sandbox',
      regions: [US],
      credentials: { kind: 'assume-role', ...moto.role },
    });
    expect(connected.status).toBe(201);
    expect(await discoverAccount(api, tokens, connected.body.id)).toMatchObject({
      status: 'succeeded',
    });
    // The oracle learns of the instance from resource.discovered.
    await eventually(
      async () => {
        const first = await analyse();
        if (first.status !== 201) throw new Error(`${first.status} ${JSON.stringify(first.body)}`);
      },
      { timeoutMs: 60_000 },
    );
    await peer.control('DELETE', 'requests');
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
    await idp?.close();
    await peer?.stop();
  });

  afterEach(async () => {
    if (peer) await peer.control('DELETE', 'faults').catch(() => undefined);
  });

  it('answers from the data with its ids cited, and no seeded secret or e-mail address reaches the model', async () => {
    const answered = await analyse(`Who owns it? Reach them at ${email}.`);
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({
      fallback: false,
      model: 'sandbox-small',
      template: { key: 'analysis.resource', version: 1 },
    });
    expect(answered.body.citations).toEqual(expect.arrayContaining([urn, `${urn}#tags`]));
    expect(answered.body.usage.promptTokens).toBeGreaterThan(50);

    const sent = JSON.stringify(await peer.requests());
    expect(sent).toContain(urn);
    expect(sent).toMatch(/\[AWS_SECRET_KEY_1\]/);
    expect(sent).toMatch(/\[EMAIL_1\]/);
    expect(sent).not.toContain(secret);
    expect(sent).not.toContain(email);
  });

  it('streams the answer as events, then the analysis with its citations and usage', async () => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1/analyses/stream`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: { kind: 'resource', id: urn } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await response.text())
      .split('\n\n')
      .filter(Boolean)
      .map((block) => ({
        event: /^event: (.*)$/m.exec(block)?.[1],
        data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as unknown,
      }));
    const pieces = events.filter((e) => e.event === 'text');
    const done = events.at(-1);
    expect(pieces.length).toBeGreaterThan(3);
    expect(done?.event).toBe('done');
    const analysis = done?.data as Analysis;
    expect(analysis.citations).toContain(urn);
    expect(analysis.usage.completionTokens).toBeGreaterThan(0);
    expect(pieces.map((e) => (e.data as { text: string }).text).join('')).toContain(`[ref:${urn}]`);
  });

  it('a 429 with retry-after is retried on the same model, which then answers', async () => {
    await peer.control('DELETE', 'requests');
    await peer.control('POST', 'faults', {
      model: 'sandbox-small',
      status: 429,
      times: 1,
      retryAfter: 1,
    });
    const answered = await analyse();
    expect(answered.body).toMatchObject({ fallback: false, model: 'sandbox-small' });
    expect((await peer.requests()).map((r) => r.model)).toEqual(['sandbox-small', 'sandbox-small']);
  });

  it('a failing first model hands over to the second, and the ledger shows both', async () => {
    const before = await usage();
    await peer.control('POST', 'faults', { model: 'sandbox-small', status: 500 });
    const answered = await analyse();
    expect(answered.body).toMatchObject({ fallback: false, model: 'sandbox-large' });
    const after = await usage();
    expect(callsOf(after, 'sandbox-small', 'failed')).toBe(
      callsOf(before, 'sandbox-small', 'failed') + 1,
    );
    expect(callsOf(after, 'sandbox-large', 'answered')).toBe(
      callsOf(before, 'sandbox-large', 'answered') + 1,
    );
  });

  it('a proposed action becomes a draft in the action pipeline, and nothing more', async () => {
    const answered = await analyse();
    expect(answered.body.proposedActions).toEqual([
      expect.objectContaining({ type: 'stop', targetUrn: urn }),
    ]);
    const draft = await api<{ id: string; status: string }>(
      'POST',
      `/api/v1/analyses/${answered.body.id}/proposals/0/draft`,
      tokens.operator,
    );
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe('draft');
    const action = await api<{ status: string; type: string; targetUrn: string }>(
      'GET',
      `/api/v1/actions/${draft.body.id}`,
      tokens.viewer,
    );
    expect(action.body).toMatchObject({ status: 'draft', type: 'stop', targetUrn: urn });
    expect(
      (await api('POST', `/api/v1/analyses/${answered.body.id}/proposals/1/draft`, tokens.operator))
        .status,
    ).toBe(404);
  });

  it('with every model failing the answer is the deterministic summary, flagged, still citing the data', async () => {
    await peer.control('POST', 'faults', { status: 500 });
    const answered = await analyse();
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ fallback: true, model: null, proposedActions: [] });
    expect(answered.body.reason).toMatch(
      /every model failed: sandbox-small \(500 The server had an error/,
    );
    expect(answered.body.text).toMatch(/^No language model answered/);
    expect(answered.body.citations).toContain(urn);
    expect(answered.body.text).not.toContain(secret);
    expect(callsOf(await usage(), 'deterministic-summary', 'fallback')).toBeGreaterThanOrEqual(1);
  });

  it('with the LLM peer down the answer is the flagged fallback', async () => {
    const port = peer.port;
    await peer.stop();
    try {
      const answered = await analyse();
      expect(answered.status).toBe(201);
      expect(answered.body).toMatchObject({ fallback: true, model: null });
      expect(answered.body.reason).toMatch(/every model failed/);
    } finally {
      peer = await startLlmPeer(port);
    }
  });

  it('past the hard cap a call is refused with a problem document, and the ledger shows the calls', async () => {
    const before = await usage();
    const cap = before.used.tokens + 4000;
    const set = await api('PUT', '/api/v1/analyses/budget', tokens.admin, {
      monthlyTokenBudget: before.used.tokens + 1,
      monthlyTokenCap: cap,
    });
    expect(set.status).toBe(200);
    expect(
      (
        await api('PUT', '/api/v1/analyses/budget', tokens.operator, {
          monthlyTokenBudget: 1,
          monthlyTokenCap: 1,
        })
      ).status,
    ).toBe(403);

    let answered = 0;
    let refused: { status: number; body: Record<string, unknown> } | undefined;
    for (let call = 0; call < 20 && !refused; call += 1) {
      const response = await analyse();
      if (response.status === 201) answered += 1;
      else refused = response as unknown as { status: number; body: Record<string, unknown> };
    }
    expect(answered).toBeGreaterThan(0);
    expect(refused?.status).toBe(429);
    expect(refused?.body).toMatchObject({
      type: 'urn:codex:problem:llm_budget_exceeded',
      title: 'Too many requests',
      code: 'llm_budget_exceeded',
      cap: 'monthly_token_cap',
      limit: cap,
    });
    expect(refused?.body['detail']).toMatch(/monthly_token_cap \(\d+ used of \d+ this month\)/);
    const after = await usage();
    expect(after.used.tokens).toBeLessThanOrEqual(cap);
    expect(callsOf(after, 'sandbox-small', 'answered')).toBe(
      callsOf(before, 'sandbox-small', 'answered') + answered,
    );
    expect(callsOf(after, '-', 'refused')).toBe(1);
  });
});
