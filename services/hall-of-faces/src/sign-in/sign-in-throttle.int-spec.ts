import { eventually, freePort } from '@codex/testing';

import {
  ACME_ADMIN,
  type Credentials,
  type IssuerHarness,
  type Problem,
  startIssuer,
} from '../testing/issuer-harness.fixture';

/** Short lockouts, so the tests can see them end. */
const THROTTLE_ENV = {
  SIGN_IN_FREE_FAILURES_PER_ACCOUNT_AND_IP: '5',
  SIGN_IN_FREE_FAILURES_PER_ACCOUNT: '20',
  SIGN_IN_FREE_FAILURES_PER_IP: '30',
  SIGN_IN_BACKOFF_BASE_MS: '1000',
  SIGN_IN_ACCOUNT_LOCKOUT_MAX_SECONDS: '3',
  SIGN_IN_IP_LOCKOUT_MAX_SECONDS: '3',
  SIGN_IN_FAILURE_MEMORY_SECONDS: '60',
};

const from = (ip: string) => ({ 'x-forwarded-for': ip });

interface Answer {
  status: number;
  retryAfter: string | null;
  body: Problem;
}

async function attempt(
  hof: IssuerHarness,
  fields: Record<string, string>,
  ip: string,
): Promise<Answer> {
  const response = await hof.tokenRequest(fields, from(ip));
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Problem,
  };
}

/** `count` attempts, `parallel` at a time, as an attacker's script would send them. */
async function burst(count: number, parallel: number, send: (i: number) => Promise<Answer>) {
  const answers: Answer[] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - i) }, (_, j) => send(i + j));
    answers.push(...(await Promise.all(batch)));
  }
  return answers;
}

const password = (credentials: Credentials, secret = credentials.password) => ({
  grant_type: 'password',
  ...credentials,
  password: secret,
});

async function auditCount(hof: IssuerHarness, action: string, actor: string): Promise<number> {
  const [row] = await hof.sql<{ count: string }>(
    'SELECT count(*) FROM audit_events WHERE action = $1 AND actor = $2',
    [action, actor],
  );
  return Number(row?.count);
}

describe('sign-in throttling', () => {
  let hof: IssuerHarness;

  beforeAll(async () => {
    hof = await startIssuer('hall_of_faces_throttle', THROTTLE_ENV);
  });

  afterAll(async () => {
    await hof?.stop();
  });

  describe('300 wrong passwords from one address', () => {
    const attacker = '203.0.113.10';
    let victim: Credentials;
    let tenantId: string;
    let answers: Answer[];
    let signedInMeanwhile: number;

    beforeAll(async () => {
      ({ tenantId, admin: victim } = await hof.addTenant('victim-co'));
      const wrong = (i: number) => attempt(hof, password(victim, `guess ${i}`), attacker);
      answers = await burst(150, 10, wrong);
      signedInMeanwhile = (await hof.tokenRequest(password(victim), from('198.51.100.20'))).status;
      answers.push(...(await burst(150, 10, (i) => wrong(150 + i))));
    });

    it('are answered 429 with Retry-After and too_many_attempts, and far fewer than 300 passwords are checked', async () => {
      const refused = answers.filter((answer) => answer.status === 429);
      const checked = answers.filter((answer) => answer.status === 400);
      expect(refused.length + checked.length).toBe(300);
      expect(refused.length).toBeGreaterThan(250);
      for (const answer of refused) {
        expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
        expect(Number(answer.retryAfter)).toBeLessThanOrEqual(3);
        expect(answer.body).toMatchObject({
          status: 429,
          code: 'too_many_attempts',
          error: 'too_many_attempts',
        });
      }
      // Every password that was checked left a sign_in.failed entry; refusals none.
      expect(await auditCount(hof, 'sign_in.failed', victim.username)).toBe(checked.length);
      expect(checked.length).toBeLessThan(20);
    });

    it('let the victim sign in from another address during the attack', () => {
      expect(signedInMeanwhile).toBe(200);
    });

    it('audit each lockout once, in the victim tenant, not once per refused request', async () => {
      const lockouts = await hof.sql<{
        tenant_id: string;
        source_ip: string;
        details: { lockout: string; scope: string };
      }>(
        `SELECT tenant_id, source_ip, details FROM audit_events
         WHERE action = 'sign_in.throttled' AND actor = $1`,
        [victim.username],
      );
      expect(lockouts.length).toBeGreaterThan(0);
      expect(lockouts.length).toBeLessThan(20);
      expect(new Set(lockouts.map((row) => row.details.lockout)).size).toBe(lockouts.length);
      for (const row of lockouts) {
        expect(row).toMatchObject({
          tenant_id: tenantId,
          source_ip: attacker,
          details: { scope: 'account_ip' },
        });
      }
    });

    it("let the victim sign in from the attacker's address once the lockout ends", async () => {
      // The address was locked when the attack ended; how long ago that was depends on the machine.
      expect(answers.at(-1)?.status).toBe(429);
      await eventually(
        async () => expect((await attempt(hof, password(victim), attacker)).status).toBe(200),
        { timeoutMs: 10_000, intervalMs: 250 },
      );
    });
  });

  it('locks an account attacked from many addresses for a bounded time, audited once, but not for an address it signed in from before', async () => {
    const { tenantId, admin: victim } = await hof.addTenant('spread-co');
    const home = '198.51.100.30';
    expect((await attempt(hof, password(victim), home)).status).toBe(200);
    // One wrong password from each new address, until the account's lockout refuses one.
    const answers: Answer[] = [];
    for (let i = 0; answers.at(-1)?.status !== 429; i += 1) {
      if (i === 40) throw new Error('40 addresses and no lockout');
      answers.push(await attempt(hof, password(victim, `guess ${i}`), `203.0.113.${100 + i}`));
    }
    expect(answers.filter((answer) => answer.status === 400).length).toBeGreaterThanOrEqual(20);

    const elsewhere = await attempt(hof, password(victim), '198.51.100.40');
    expect(elsewhere.status).toBe(429);
    expect(elsewhere.retryAfter).toMatch(/^[1-3]$/);
    expect((await attempt(hof, password(victim), home)).status).toBe(200);
    const locked = await hof.sql<{ tenant_id: string; details: { scope: string } }>(
      `SELECT tenant_id, details FROM audit_events WHERE action = 'sign_in.locked_out' AND actor = $1`,
      [victim.username],
    );
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ tenant_id: tenantId, details: { scope: 'account' } });
    await eventually(
      async () => expect((await attempt(hof, password(victim), '198.51.100.40')).status).toBe(200),
      { timeoutMs: 10_000, intervalMs: 250 },
    );
  });

  it('throttles an address that tries many accounts', async () => {
    const sprayer = '203.0.113.50';
    const answers = await burst(100, 10, (i) =>
      attempt(hof, password({ ...ACME_ADMIN, username: `user${i}@acme.test` }), sprayer),
    );
    expect(answers.filter((answer) => answer.status === 400).length).toBeLessThan(45);
    expect(answers.at(-1)).toMatchObject({ status: 429, body: { error: 'too_many_attempts' } });
    // Another address is not held back by it.
    expect((await attempt(hof, password(ACME_ADMIN), '198.51.100.50')).status).toBe(200);
  });

  it('throttles wrong client secrets per client', async () => {
    const token = await hof.signIn(ACME_ADMIN);
    const created = await hof.call('POST', '/api/v1/identity/machine-clients', {
      token,
      body: { name: 'ci', roles: ['viewer'] },
    });
    expect(created.status).toBe(201);
    const client = (await created.json()) as { client_id: string; client_secret: string };
    const attacker = '203.0.113.60';
    const answers = await burst(40, 5, (i) =>
      attempt(
        hof,
        { grant_type: 'client_credentials', client_id: client.client_id, client_secret: `x${i}` },
        attacker,
      ),
    );
    const checked = answers.filter((answer) => answer.status === 401).length;
    expect(checked).toBeLessThan(15);
    expect(await auditCount(hof, 'client_sign_in.failed', client.client_id)).toBe(checked);
    expect(answers.at(-1)).toMatchObject({ status: 429, body: { error: 'too_many_attempts' } });
    expect(answers.at(-1)?.retryAfter).toMatch(/^\d+$/);
    const elsewhere = await attempt(
      hof,
      { grant_type: 'client_credentials', ...client },
      '198.51.100.60',
    );
    expect(elsewhere.status).toBe(200);
  });

  it('throttles wrong API keys per key and per address', async () => {
    const token = await hof.signIn(ACME_ADMIN);
    const created = await hof.call('POST', '/api/v1/identity/api-keys', {
      token,
      body: { name: 'deploy', roles: ['viewer'] },
    });
    expect(created.status).toBe(201);
    const { id, key } = (await created.json()) as { id: string; key: string };
    const wrongSecret = (i: number) => `cdx_${id}_${String(i).padStart(43, 'A')}`;
    const perKey = await burst(20, 5, (i) =>
      attempt(
        hof,
        { grant_type: 'urn:codex:grant-type:api-key', api_key: wrongSecret(i) },
        '203.0.113.70',
      ),
    );
    expect(perKey.filter((answer) => answer.status === 400).length).toBeLessThan(10);
    expect(perKey.at(-1)).toMatchObject({ status: 429, body: { error: 'too_many_attempts' } });
    expect(
      (
        await attempt(
          hof,
          { grant_type: 'urn:codex:grant-type:api-key', api_key: key },
          '198.51.100.70',
        )
      ).status,
    ).toBe(200);

    const malformed = await burst(80, 10, (i) =>
      attempt(
        hof,
        { grant_type: 'urn:codex:grant-type:api-key', api_key: `nonsense-${i}` },
        '203.0.113.71',
      ),
    );
    expect(malformed.filter((answer) => answer.status === 400).length).toBeLessThan(45);
    expect(malformed.at(-1)).toMatchObject({ status: 429 });
  });
});

describe('sign-in throttling of a client that is not a trusted proxy', () => {
  let hof: IssuerHarness;

  beforeAll(async () => {
    hof = await startIssuer('hall_of_faces_throttle_direct', {
      ...THROTTLE_ENV,
      SIGN_IN_FREE_FAILURES_PER_IP: '10',
      // Only a proxy this test never connects from: its own connection is not trusted.
      HTTP_TRUSTED_PROXIES: '192.0.2.1',
    });
  });

  afterAll(async () => {
    await hof?.stop();
  });

  it("counts the connection's address, whatever X-Forwarded-For the client sends", async () => {
    const answers = await burst(40, 5, (i) =>
      attempt(hof, password({ ...ACME_ADMIN, username: `user${i}@acme.test` }), `203.0.113.${i}`),
    );
    expect(answers.filter((answer) => answer.status === 400).length).toBeLessThan(20);
    expect(answers.at(-1)).toMatchObject({ status: 429 });
    const sources = await hof.sql<{ source_ip: string }>(
      `SELECT DISTINCT source_ip FROM audit_events WHERE action LIKE 'sign_in.%'`,
    );
    expect(sources.map((row) => row.source_ip)).toEqual(['127.0.0.1']);
  });
});

describe('sign-in while the throttle cannot reach Redis', () => {
  let hof: IssuerHarness;

  beforeAll(async () => {
    // A port nothing listens on.
    hof = await startIssuer('hall_of_faces_throttle_no_redis', {
      ...THROTTLE_ENV,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}/0`,
    });
  });

  afterAll(async () => {
    await hof?.stop();
  });

  it('lets sign-ins through uncounted rather than refusing everyone', async () => {
    const answers = await burst(8, 4, (i) =>
      attempt(hof, password(ACME_ADMIN, `guess ${i}`), '203.0.113.80'),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array<number>(8).fill(400));
    expect((await attempt(hof, password(ACME_ADMIN), '203.0.113.80')).status).toBe(200);
  });
});
