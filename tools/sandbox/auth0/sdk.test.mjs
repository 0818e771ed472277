// The unmodified `auth0` SDK (7.x ManagementClient) against the Auth0 sandbox.
// Runs its own server on a free port and trusts the local CA in code:
//   node --test tools/sandbox/auth0/
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ManagementClient } from 'auth0';

import { identityEstate } from '../identity/estate.mjs';
import { CLIENT_ID, CLIENT_SECRET, READONLY_CLIENT_ID, startSandbox } from './test-helper.mjs';

let sandbox;
let estate;
const client = (options = {}) =>
  new ManagementClient({
    domain: sandbox.domain,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    ...options,
  });
const collect = async (pager) => {
  const items = [];
  for await (const item of pager) items.push(item);
  return items;
};
const byLogId = (logs) => [...logs].sort((a, b) => (a.log_id < b.log_id ? -1 : 1));
const rejects = async (promise, status, check = () => {}) => {
  await assert.rejects(promise, (err) => {
    assert.equal(err.statusCode, status, err.message);
    check(err.body);
    return true;
  });
};

before(async () => {
  sandbox = await startSandbox();
  estate = identityEstate();
});
after(() => sandbox?.stop());

describe('token', () => {
  test('the client credentials grant answers a bearer token for the Management API', async () => {
    const audience = `${sandbox.url}/api/v2/`;
    const res = await fetch(`${sandbox.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        audience,
      }),
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.token_type, 'Bearer');
    assert.ok(body.expires_in > 0);
    assert.match(body.scope, /read:users/);
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url'));
    assert.equal(claims.aud, audience);
    assert.equal(claims.sub, `${CLIENT_ID}@clients`);
  });

  test('a wrong client secret is refused as Auth0 does', async () => {
    await rejects(client({ clientSecret: 'wrong' }).users.get('x'), 401, (body) =>
      assert.deepEqual(body, { error: 'access_denied', error_description: 'Unauthorized' }),
    );
  });

  test('without a bearer token the API answers 401', async () => {
    const res = await fetch(`${sandbox.url}/api/v2/users`);
    assert.equal(res.status, 401);
    assert.equal((await res.json()).statusCode, 401);
    const bad = await fetch(`${sandbox.url}/api/v2/users`, {
      headers: { authorization: 'Bearer x.y.z' },
    });
    assert.deepEqual(await bad.json(), {
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid token',
    });
  });

  test('a client without the scope gets 403 insufficient_scope', async () => {
    const readonly = client({ clientId: READONLY_CLIENT_ID });
    const [user] = estate.auth0.users;
    assert.equal((await readonly.users.get(user.user_id)).user_id, user.user_id);
    await rejects(readonly.users.update(user.user_id, { blocked: true }), 403, (body) =>
      assert.equal(body.errorCode, 'insufficient_scope'),
    );
  });
});

describe('users', () => {
  test('users.list pages with totals and sees every estate user exactly once', async () => {
    const perPage = 50;
    const first = await client().users.list({ per_page: perPage, include_totals: true });
    assert.equal(first.response.start, 0);
    assert.equal(first.response.limit, perPage);
    assert.equal(first.response.length, perPage);
    assert.equal(first.response.total, estate.auth0.users.length);
    const users = await collect(first);
    const ids = users.map((u) => u.user_id);
    assert.equal(new Set(ids).size, ids.length, 'no user twice');
    assert.deepEqual(new Set(ids), new Set(estate.auth0.users.map((u) => u.user_id)));
    assert.ok(
      users.every((u) => !('personKey' in u)),
      'estate-only fields stripped',
    );
  });

  test('without include_totals the answer is a plain array; per_page above 100 is a 400', async () => {
    const page = await client().users.list({ per_page: 3, include_totals: false });
    assert.ok(Array.isArray(page.response));
    assert.equal(page.response.length, Math.min(3, estate.auth0.users.length));
    await rejects(client().users.list({ per_page: 101 }), 400, (body) =>
      assert.equal(body.errorCode, 'invalid_query_string'),
    );
    await rejects(client().users.list({ per_page: 100, page: 10 }), 400);
  });

  test('q finds a user by email, quoted or not; sort and ranges work', async () => {
    const target = estate.auth0.users[Math.floor(estate.auth0.users.length / 2)];
    for (const q of [`email:"${target.email}"`, `email:${target.email}`]) {
      const page = await client().users.list({ q, search_engine: 'v3' });
      assert.deepEqual(
        page.data.map((u) => u.user_id),
        [target.user_id],
        q,
      );
    }
    const blocked = await client().users.list({ q: 'blocked:true', per_page: 100 });
    assert.equal(blocked.data.length, estate.auth0.users.filter((u) => u.blocked).length);
    const since = [...estate.auth0.users].sort((a, b) => (a.updated_at < b.updated_at ? -1 : 1))[
      Math.floor(estate.auth0.users.length / 2)
    ].updated_at;
    const recent = await collect(
      await client().users.list({
        q: `updated_at:[${since} TO *]`,
        sort: 'updated_at:1',
        per_page: 50,
      }),
    );
    const expected = estate.auth0.users.filter(
      (u) => Date.parse(u.updated_at) >= Date.parse(since),
    );
    assert.equal(recent.length, expected.length);
    const stamps = recent.map((u) => u.updated_at);
    assert.deepEqual(stamps, [...stamps].sort());
    await rejects(client().users.list({ q: 'email:"unterminated' }), 400);
  });

  test('blocking and unblocking is visible on get, moves updated_at and logs a sapi event', async () => {
    const user = estate.auth0.users.find((u) => !u.blocked);
    const c = client();
    const blocked = await c.users.update(user.user_id, {
      blocked: true,
      app_metadata: { reviewed_by: 'codex' },
    });
    assert.equal(blocked.blocked, true);
    assert.ok(blocked.updated_at > user.updated_at);
    const got = await c.users.get(user.user_id);
    assert.equal(got.blocked, true);
    assert.deepEqual(got.app_metadata, { ...user.app_metadata, reviewed_by: 'codex' });
    const [latest] = (await c.logs.list({ per_page: 1, sort: 'date:-1' })).data;
    assert.equal(latest.type, 'sapi');
    assert.equal(latest.details.request.path, `/api/v2/users/${user.user_id}`);
    assert.equal(latest.details.request.body.blocked, true);
    await c.users.update(user.user_id, { blocked: false, app_metadata: { reviewed_by: null } });
    const again = await c.users.get(user.user_id);
    assert.equal(again.blocked, false);
    assert.deepEqual(again.app_metadata ?? {}, user.app_metadata ?? {});
  });

  test('create answers 201 with the user; the same email in the connection is a 409', async () => {
    const c = client();
    const body = {
      connection: 'Username-Password-Authentication',
      email: 'new.hire@sandbox.example',
      password: 'Sandbox-Passw0rd!',
      name: 'New Hire',
    };
    const created = await c.users.create(body).withRawResponse();
    assert.equal(created.rawResponse.status, 201);
    assert.match(created.data.user_id, /^auth0\|/);
    assert.equal((await c.users.get(created.data.user_id)).email, body.email);
    await rejects(c.users.create(body), 409, (err) =>
      assert.deepEqual(err, {
        statusCode: 409,
        error: 'Conflict',
        message: 'The user already exists.',
        errorCode: 'auth0_idp_error',
      }),
    );
  });

  test('an unknown user is a 404 with Auth0 body in the SDK error', async () => {
    await rejects(client().users.get('auth0|does-not-exist'), 404, (body) =>
      assert.deepEqual(body, {
        statusCode: 404,
        error: 'Not Found',
        message: 'The user does not exist.',
        errorCode: 'inexistent_user',
      }),
    );
  });
});

describe('roles', () => {
  test('roles.list pages with totals and answers the estate roles without estate fields', async () => {
    const first = await client().roles.list({ per_page: 2 });
    assert.equal(first.response.total, estate.auth0.roles.length);
    const roles = await collect(first);
    assert.deepEqual(roles.map((r) => r.id).sort(), estate.auth0.roles.map((r) => r.id).sort());
    assert.ok(roles.every((r) => !('privileged' in r)));
    const one = await client().roles.get(roles[0].id);
    assert.equal(one.name, roles[0].name);
    await rejects(client().roles.get('rol_nope'), 404);
  });

  test("role members page by checkpoint (from/take) and match the estate's assignments", async () => {
    const counts = new Map();
    for (const { role_id } of estate.auth0.userRoles)
      counts.set(role_id, (counts.get(role_id) ?? 0) + 1);
    const [roleId] = [...counts].sort((a, b) => b[1] - a[1])[0];
    const members = await collect(await client().roles.users.list(roleId, { take: 2 }));
    const expected = estate.auth0.userRoles
      .filter((x) => x.role_id === roleId)
      .map((x) => x.user_id);
    assert.equal(members.length, expected.length);
    assert.deepEqual(new Set(members.map((m) => m.user_id)), new Set(expected));
  });

  test("a user's roles: list, assign, remove", async () => {
    const c = client();
    const user = estate.auth0.users[0];
    const before = estate.auth0.userRoles
      .filter((x) => x.user_id === user.user_id)
      .map((x) => x.role_id);
    const listed = await c.users.roles.list(user.user_id);
    assert.deepEqual(listed.data.map((r) => r.id).sort(), [...before].sort());
    const missing = estate.auth0.roles.find((r) => !before.includes(r.id));
    assert.ok(missing, 'a role the user lacks');
    await c.users.roles.assign(user.user_id, { roles: [missing.id] });
    assert.ok((await c.users.roles.list(user.user_id)).data.some((r) => r.id === missing.id));
    const members = await collect(await c.roles.users.list(missing.id));
    assert.ok(members.some((m) => m.user_id === user.user_id));
    await c.users.roles.delete(user.user_id, { roles: [missing.id] });
    assert.ok(!(await c.users.roles.list(user.user_id)).data.some((r) => r.id === missing.id));
    await rejects(c.users.roles.assign(user.user_id, { roles: [] }), 400, (body) =>
      assert.equal(body.errorCode, 'invalid_body'),
    );
    await rejects(c.users.roles.list('auth0|does-not-exist'), 404);
  });
});

describe('logs', () => {
  test('checkpoint paging (from, take) from the first log to the end reads the whole stream in order', async () => {
    await sandbox.control('POST', 'reset');
    const c = client();
    const [first] = (await c.logs.list({ sort: 'date:1', per_page: 1 })).data;
    const expected = byLogId(estate.auth0.logs).map((l) => l.log_id);
    assert.equal(first.log_id, expected[0]);
    const seen = [first.log_id];
    let from = first.log_id;
    for (;;) {
      // from/take are not typed options in 7.x: query params, next to the page params it always sends.
      const page = await c.logs.list({}, { queryParams: { from, take: 100 } });
      assert.ok(Array.isArray(page.response), 'a plain array');
      if (page.response.length === 0) break;
      seen.push(...page.response.map((l) => l.log_id));
      from = page.response.at(-1).log_id;
    }
    assert.equal(seen.length, estate.auth0.logs.length);
    assert.deepEqual(seen, expected);
    // An incremental read from the checkpoint: only what happened since.
    const user = estate.auth0.users[2];
    await sandbox.control('POST', 'signin', { user_id: user.user_id });
    const next = await c.logs.list({}, { queryParams: { from, take: 100 } });
    assert.deepEqual(
      next.response.map((l) => [l.type, l.user_id]),
      [['s', user.user_id]],
    );
    assert.ok(next.response[0].log_id > from, 'a new event sorts after the checkpoint');
    const since = await c.users.list({ q: `updated_at:>="${next.response[0].date}"` });
    assert.deepEqual(
      since.data.map((u) => u.user_id),
      [user.user_id],
    );
    await rejects(c.logs.list({}, { queryParams: { from, take: 101 } }), 400);
  });

  test('logs without from page with totals, newest first; a user has their logs', async () => {
    await sandbox.control('POST', 'reset');
    const page = await client().logs.list({ per_page: 5 });
    assert.equal(page.response.total, estate.auth0.logs.length);
    const dates = page.data.map((l) => l.date);
    assert.deepEqual(dates, [...dates].sort().reverse());
    const withLogs = estate.auth0.logs.find((l) => l.user_id)?.user_id;
    const mine = await collect(await client().users.logs.list(withLogs, { per_page: 100 }));
    assert.equal(mine.length, estate.auth0.logs.filter((l) => l.user_id === withLogs).length);
  });
});

describe('sandbox controls', () => {
  test('a 429 burst is retried by the SDK after x-ratelimit-reset', async () => {
    const c = client();
    const user = estate.auth0.users[1];
    await c.users.get(user.user_id); // the token first: the token endpoint is not throttled
    const { reset } = await sandbox.control('POST', 'throttle', { requests: 0, resetSeconds: 1 });
    await rejects(c.users.get(user.user_id, {}, { maxRetries: 0 }), 429, (body) =>
      assert.deepEqual(body, {
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Global limit has been reached',
        errorCode: 'too_many_requests',
      }),
    );
    const res = await fetch(`${sandbox.url}/api/v2/users/${encodeURIComponent(user.user_id)}`);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('x-ratelimit-remaining'), '0');
    assert.equal(res.headers.get('x-ratelimit-reset'), String(reset));
    const got = await c.users.get(user.user_id);
    assert.equal(got.user_id, user.user_id);
    const { refused } = await sandbox.control('GET', 'throttle');
    assert.equal(refused, 3, 'two refusals above, one by the SDK, then its retry after the reset');
  });

  test('the request counter counts by method and path template', async () => {
    await sandbox.control('DELETE', 'requests');
    const c = client();
    await c.users.list({ per_page: 5 });
    await c.users.get(estate.auth0.users[0].user_id);
    await c.users.get(estate.auth0.users[1].user_id);
    const counts = await sandbox.control('GET', 'requests');
    assert.equal(counts['GET /api/v2/users'], 1);
    assert.equal(counts['GET /api/v2/users/{id}'], 2);
    assert.equal(counts['POST /oauth/token'], 1);
  });
});
