import {
  ACME_ADMIN,
  type IssuerHarness,
  type Problem,
  startIssuer,
} from '../testing/issuer-harness.fixture';

const PATH = '/api/v1/identity/audit-events';

interface AuditEvent {
  id: string;
  action: string;
  actor: string;
  sourceIp: string;
  details: Record<string, unknown>;
  occurredAt: string;
}

interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

describe('audit query', () => {
  let hof: IssuerHarness;
  let admin: string;
  let adminId: string;

  const query = async (params: Record<string, string>, token = admin) => {
    const response = await hof.call('GET', `${PATH}?${new URLSearchParams(params).toString()}`, {
      token,
    });
    expect(response.status).toBe(200);
    return (await response.json()) as AuditPage;
  };

  beforeAll(async () => {
    hof = await startIssuer('hall_of_faces_audit');
    admin = await hof.signIn(ACME_ADMIN, { 'x-forwarded-for': '198.51.100.7' });
    adminId = (await hof.verifier().verify(admin)).subject;
  });

  afterAll(async () => {
    await hof?.stop();
  });

  it('shows sign-in successes and failures with the caller’s address from X-Forwarded-For', async () => {
    await hof.tokenRequest(
      { grant_type: 'password', ...ACME_ADMIN, password: 'wrong password' },
      { 'x-forwarded-for': '192.0.2.99' },
    );
    const succeeded = await query({ action: 'sign_in.succeeded', actor: adminId });
    expect(succeeded.items[0]).toMatchObject({
      action: 'sign_in.succeeded',
      actor: adminId,
      sourceIp: '198.51.100.7',
    });
    const failed = await query({ action: 'sign_in.failed' });
    expect(failed.items[0]).toMatchObject({
      actor: ACME_ADMIN.username,
      sourceIp: '192.0.2.99',
      details: { tenant: 'acme', reason: 'wrong_password_or_disabled' },
    });
  });

  it('finds a role change by action, actor and time, with who changed what from what to what', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const created = (await (
      await hof.call('POST', '/api/v1/identity/users', {
        token: admin,
        body: { email: 'kim@acme.test', password: 'twelve chars long', roles: ['viewer'] },
      })
    ).json()) as { id: string };
    await hof.call('PATCH', `/api/v1/identity/users/${created.id}`, {
      token: admin,
      body: { roles: ['operator'] },
      headers: { 'x-forwarded-for': '203.0.113.5' },
    });

    const page = await query({ action: 'user.role_changed', actor: adminId, since });
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(1);
    const [event] = page.items;
    expect(Object.keys(event ?? {}).sort()).toEqual([
      'action',
      'actor',
      'details',
      'id',
      'occurredAt',
      'sourceIp',
    ]);
    expect(event).toMatchObject({
      action: 'user.role_changed',
      actor: adminId,
      sourceIp: '203.0.113.5',
      details: { userId: created.id, from: ['viewer'], to: ['operator'] },
    });
    const occurredAt = event?.occurredAt ?? '';
    expect(Date.parse(occurredAt)).toBeGreaterThanOrEqual(Date.parse(since));
    expect((await query({ action: 'user.role_changed', until: since })).items).toEqual([]);
    expect((await query({ action: 'user.role_changed', actor: 'someone-else' })).items).toEqual([]);
  });

  it('pages newest first, each event exactly once', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await hof.tokenRequest({
        grant_type: 'password',
        ...ACME_ADMIN,
        password: `wrong ${attempt}`,
      });
    }
    const all = await query({ limit: '200' });
    expect(all.items.length).toBeGreaterThan(5);
    const times = all.items.map((event) => Date.parse(event.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditPage = await query({ limit: '2', ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((event) => event.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((event) => event.id));
  });

  it('shows each tenant only its own events', async () => {
    const { admin: globexAdmin, tenantId } = await hof.addTenant('globex');
    const globex = await hof.signIn(globexAdmin);
    const globexEvents = await query({ limit: '200' }, globex);
    expect(globexEvents.items.map((event) => event.action)).toEqual(['sign_in.succeeded']);
    const acmeEvents = await query({ limit: '200' });
    const [globexRow] = await hof.sql<{ id: string }>(
      'SELECT id FROM audit_events WHERE tenant_id = $1',
      [tenantId],
    );
    expect(acmeEvents.items.map((event) => event.id)).not.toContain(globexRow?.id);
  });

  it('refuses callers who are not admins with 403', async () => {
    for (const role of ['viewer', 'operator', 'approver'] as const) {
      const { credentials } = await hof.addUser('acme', `${role}@acme.test`, [role]);
      const response = await hof.call('GET', PATH, { token: await hof.signIn(credentials) });
      expect(response.status).toBe(403);
      expect(((await response.json()) as Problem).code).toBe('forbidden');
    }
  });

  it.each([
    ['a since that is not a date-time', { since: 'yesterday' }, ['query.since']],
    ['an until without a time', { until: '2026-01-31' }, ['query.until']],
    ['a limit that is not a number', { limit: 'many' }, ['query.limit']],
    ['a forged cursor', { cursor: 'eyJ4IjoxfQ' }, ['query.cursor']],
    ['an unknown parameter', { tenant: 'globex' }, ['query.tenant']],
  ])('answers 400 naming the parameter for %s', async (_case, params, fields) => {
    const response = await hof.call('GET', `${PATH}?${new URLSearchParams(params).toString()}`, {
      token: admin,
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors?.map((error) => error.field)).toEqual(fields);
  });
});
