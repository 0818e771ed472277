// The unmodified @microsoft/microsoft-graph-client (with @azure/identity's
// ClientSecretCredential against the Azure sandbox as Entra ID) against the Graph
// sandbox. Starts both servers on free ports; run with
//   NODE_EXTRA_CA_CERTS=.local/tls/azure-sandbox/ca.pem node --test tools/sandbox/graph/
import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { ClientSecretCredential } from '@azure/identity';
import { Client, GraphError, PageIterator } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';

import { identityEstate } from '../identity/estate.mjs';
import { GRAPH_SANDBOX, startGraphSandbox } from './test-helper.mjs';

const { tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET } = GRAPH_SANDBOX;
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const GLOBAL_ADMIN_TEMPLATE = '62e90394-69f5-4237-9190-012177145e10';

// The server seeds identityEstate() with its defaults; so does the test.
const estate = identityEstate();
const E = estate.entra;

let sandbox;
let client;
const credential = () =>
  new ClientSecretCredential(TENANT, CLIENT, SECRET, {
    authorityHost: sandbox.authority,
    disableInstanceDiscovery: true,
  });
const graphClient = (authProvider) =>
  Client.initWithMiddleware({
    baseUrl: sandbox.url,
    // Without it the client sends no Authorization header to a host that is not Graph's.
    customHosts: new Set(['127.0.0.1']),
    authProvider,
  });

/** Every item of a collection through the SDK's PageIterator, the pages read, the deltaLink. */
async function iterate(request) {
  const items = [];
  const first = await request.get();
  const iterator = new PageIterator(client, first, (item) => {
    items.push(item);
    return true;
  });
  let pages = 1;
  const fetchPage = iterator.fetchAndUpdateNextPageData.bind(iterator);
  iterator.fetchAndUpdateNextPageData = async () => {
    pages += 1;
    await fetchPage();
  };
  await iterator.iterate();
  return { items, pages, deltaLink: iterator.getDeltaLink() };
}

const requests = () => sandbox.control('GET', 'requests');

before(async () => {
  sandbox = await startGraphSandbox();
  client = graphClient(
    new TokenCredentialAuthenticationProvider(credential(), { scopes: [GRAPH_SCOPE] }),
  );
});
after(() => sandbox?.stop());

describe('users', () => {
  test('PageIterator pages through every user of the estate by absolute nextLinks', async () => {
    await sandbox.control('DELETE', 'requests');
    const { items, pages } = await iterate(client.api('/users').top(100));
    assert.equal(items.length, E.users.length);
    assert.equal(new Set(items.map((u) => u.id)).size, items.length);
    assert.equal(pages, Math.ceil(E.users.length / 100));
    const { counts } = await requests();
    assert.equal(counts['GET /v1.0/users'], pages);
    // Graph's default properties only: accountEnabled needs $select.
    assert.ok('userPrincipalName' in items[0] && !('accountEnabled' in items[0]));
    assert.ok(!('personKey' in items[0]) && !('lastSignInDateTime' in items[0]));
  });

  test('$select and $filter', async () => {
    const disabled = await iterate(
      client
        .api('/users')
        .select(['id', 'accountEnabled', 'displayName'])
        .filter('accountEnabled eq false')
        .top(999),
    );
    const expected = E.users.filter((u) => !u.accountEnabled);
    assert.ok(expected.length > 0);
    assert.deepEqual(disabled.items.map((u) => u.id).sort(), expected.map((u) => u.id).sort());
    assert.deepEqual(Object.keys(disabled.items[0]).sort(), [
      'accountEnabled',
      'displayName',
      'id',
    ]);

    const someone = E.users[3];
    const byUpn = await client
      .api('/users')
      .filter(`userPrincipalName eq '${someone.userPrincipalName}'`)
      .get();
    assert.deepEqual(
      byUpn.value.map((u) => u.id),
      [someone.id],
    );
    const byMail = await client.api('/users').filter(`mail eq '${someone.mail}'`).get();
    assert.deepEqual(
      byMail.value.map((u) => u.id),
      [someone.id],
    );

    const prefix = someone.displayName.slice(0, 2);
    const starts = await iterate(
      client.api('/users').filter(`startswith(displayName,'${prefix}')`),
    );
    assert.equal(
      starts.items.length,
      E.users.filter((u) => u.displayName.toLowerCase().startsWith(prefix.toLowerCase())).length,
    );

    const withActivity = await client.api(`/users/${someone.id}`).select('id,signInActivity').get();
    assert.equal(withActivity.signInActivity.lastSignInDateTime, someone.lastSignInDateTime);

    await assert.rejects(
      client.api('/users').filter("jobTitle eq 'x' and any(x)").get(),
      (err) => err instanceof GraphError && err.statusCode === 400,
    );
    await assert.rejects(client.api('/users').filter('officeLocation eq 1').get(), (err) => {
      assert.equal(err.statusCode, 400);
      assert.equal(err.code, 'Request_BadRequest');
      assert.match(err.message, /officeLocation/);
      return true;
    });
  });

  test('$count=true with ConsistencyLevel: eventual answers @odata.count', async () => {
    const res = await client
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .count(true)
      .filter('accountEnabled eq true')
      .top(5)
      .get();
    assert.equal(res['@odata.count'], E.users.filter((u) => u.accountEnabled).length);
    assert.equal(res.value.length, 5);
    await assert.rejects(client.api('/users').count(true).get(), (err) => err.statusCode === 400);
  });

  test('PATCH accountEnabled (204), then GET by id and by UPN shows it', async () => {
    const user = E.users.find((u) => u.accountEnabled);
    const res = await client.api(`/users/${user.id}`).patch({ accountEnabled: false });
    assert.equal(res, undefined); // 204
    const got = await client
      .api(`/users/${user.userPrincipalName}`)
      .select('id,accountEnabled')
      .get();
    assert.deepEqual(
      { id: got.id, accountEnabled: got.accountEnabled },
      { id: user.id, accountEnabled: false },
    );
    await client.api(`/users/${user.id}`).patch({ accountEnabled: true, department: 'Audit' });
    const back = await client
      .api(`/users/${user.id}`)
      .select(['accountEnabled', 'department'])
      .get();
    assert.equal(back.accountEnabled, true);
    assert.equal(back.department, 'Audit');
    await assert.rejects(
      client.api(`/users/${user.id}`).patch({ accountEnabled: 'no' }),
      (err) => err.statusCode === 400,
    );
  });

  test('POST a user (201), and a duplicate userPrincipalName is refused', async () => {
    const body = {
      accountEnabled: true,
      displayName: 'New Hire',
      mailNickname: 'new.hire',
      userPrincipalName: 'new.hire@contoso.onmicrosoft.com',
      passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Sandbox-Passw0rd!' },
    };
    const created = await client.api('/users').post(body);
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.equal(created.userPrincipalName, body.userPrincipalName);
    const again = await client.api(`/users/${created.id}`).get();
    assert.equal(again.displayName, 'New Hire');
    await assert.rejects(
      client
        .api('/users')
        .post({ ...body, userPrincipalName: E.users[0].userPrincipalName.toUpperCase() }),
      (err) => {
        assert.equal(err.statusCode, 400);
        assert.equal(err.code, 'Request_BadRequest');
        assert.equal(
          err.message,
          'Another object with the same value for property userPrincipalName already exists.',
        );
        return true;
      },
    );
  });

  test('memberOf lists groups and directory roles', async () => {
    const { roleId, userId } = E.roleMembers[0];
    const res = await iterate(client.api(`/users/${userId}/memberOf`));
    const groups = E.memberships.filter((m) => m.userId === userId).map((m) => m.groupId);
    assert.deepEqual(
      res.items
        .filter((x) => x['@odata.type'] === '#microsoft.graph.group')
        .map((x) => x.id)
        .sort(),
      groups.sort(),
    );
    assert.ok(
      res.items.some(
        (x) => x['@odata.type'] === '#microsoft.graph.directoryRole' && x.id === roleId,
      ),
    );
  });
});

describe('groups and members', () => {
  test('groups list with $filter and $select; members paged', async () => {
    const all = await iterate(client.api('/groups').top(10));
    assert.equal(all.items.length, E.groups.length);
    const security = await iterate(
      client.api('/groups').filter('securityEnabled eq true').select('id,displayName'),
    );
    assert.equal(security.items.length, E.groups.filter((g) => g.securityEnabled).length);
    const big = E.groups
      .map((g) => ({ g, n: E.memberships.filter((m) => m.groupId === g.id).length }))
      .sort((a, b) => b.n - a.n)[0];
    const members = await iterate(
      client.api(`/groups/${big.g.id}/members`).select('id,userPrincipalName').top(25),
    );
    assert.equal(members.items.length, big.n);
    assert.equal(members.pages, Math.ceil(big.n / 25));
    assert.equal(members.items[0]['@odata.type'], '#microsoft.graph.user');
  });

  test('add a member by $ref (204), a second add is refused, remove by $ref (204)', async () => {
    const group = E.groups.find((g) => g.securityEnabled);
    const inGroup = new Set(
      E.memberships.filter((m) => m.groupId === group.id).map((m) => m.userId),
    );
    const outsider = E.users.find((u) => !inGroup.has(u.id));
    const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${outsider.id}` };
    await client.api(`/groups/${group.id}/members/$ref`).post(ref);
    const after = await iterate(client.api(`/groups/${group.id}/members`).select('id'));
    assert.ok(after.items.some((m) => m.id === outsider.id));
    await assert.rejects(client.api(`/groups/${group.id}/members/$ref`).post(ref), (err) => {
      assert.equal(err.statusCode, 400);
      assert.equal(
        err.message,
        "One or more added object references already exist for the following modified properties: 'members'.",
      );
      return true;
    });
    await client.api(`/groups/${group.id}/members/${outsider.id}/$ref`).delete();
    const gone = await iterate(client.api(`/groups/${group.id}/members`).select('id'));
    assert.ok(!gone.items.some((m) => m.id === outsider.id));
    await assert.rejects(
      client.api(`/groups/${group.id}/members/${outsider.id}/$ref`).delete(),
      (err) => err.statusCode === 404,
    );
  });
});

describe('delta queries', () => {
  test('users/delta: a full round, then the deltaLink returns only what changed', async () => {
    await sandbox.control('POST', 'config', { deltaPageSize: 60 });
    const full = await iterate(client.api('/users/delta').select('id,displayName,accountEnabled'));
    assert.ok(full.pages > 1);
    const health = await sandbox.control('GET', 'health');
    assert.equal(full.items.length, health.users);
    assert.match(full.deltaLink, /^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\/delta\?\$deltatoken=/);

    // Nothing changed: an empty round.
    const quiet = await iterate(client.api(full.deltaLink));
    assert.equal(quiet.items.length, 0);

    const target = E.users[10];
    await client.api(`/users/${target.id}`).patch({ accountEnabled: false });
    const victim = E.users[11];
    await client.api(`/users/${victim.id}`).delete();
    await sandbox.control('DELETE', 'requests');
    const changed = await iterate(client.api(quiet.deltaLink));
    assert.deepEqual(changed.items, [
      { id: target.id, displayName: target.displayName, accountEnabled: false },
      { id: victim.id, '@removed': { reason: 'changed' } },
    ]);
    // The incremental round read one page of users/delta and nothing else.
    assert.deepEqual((await requests()).counts, { 'GET /v1.0/users/delta': 1 });
    const next = await iterate(client.api(changed.deltaLink));
    assert.equal(next.items.length, 0);
    // A user created by POST shows up too.
    const created = await client.api('/users').post({
      accountEnabled: false,
      displayName: 'Delta Hire',
      mailNickname: 'delta.hire',
      userPrincipalName: 'delta.hire@contoso.onmicrosoft.com',
      passwordProfile: { password: 'Sandbox-Passw0rd!' },
    });
    const hired = await iterate(client.api(next.deltaLink));
    assert.deepEqual(hired.items, [
      { id: created.id, displayName: 'Delta Hire', accountEnabled: false },
    ]);
  });

  test('groups/delta: members@delta after a membership change', async () => {
    const full = await iterate(client.api('/groups/delta').select('id,displayName,members'));
    assert.equal(full.items.length, E.groups.length);
    const group = E.groups[0];
    const first = full.items.find((g) => g.id === group.id);
    // The user deleted by the users/delta test left its groups with it.
    const deleted = E.users[11].id;
    assert.deepEqual(
      first['members@delta'].map((m) => m.id).sort(),
      E.memberships
        .filter((m) => m.groupId === group.id && m.userId !== deleted)
        .map((m) => m.userId)
        .sort(),
    );

    const members = new Set(first['members@delta'].map((m) => m.id));
    const joiner = E.users.find((u) => !members.has(u.id) && u.id !== deleted);
    const leaver = [...members][0];
    await client.api(`/groups/${group.id}/members/$ref`).post({
      '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${joiner.id}`,
    });
    await client.api(`/groups/${group.id}/members/${leaver}/$ref`).delete();
    const changed = await iterate(client.api(full.deltaLink));
    assert.equal(changed.items.length, 1);
    assert.equal(changed.items[0].id, group.id);
    assert.deepEqual(
      changed.items[0]['members@delta'].sort((a, b) => (a.id < b.id ? -1 : 1)),
      [
        { '@odata.type': '#microsoft.graph.user', id: joiner.id },
        { '@odata.type': '#microsoft.graph.user', id: leaver, '@removed': { reason: 'deleted' } },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
  });
});

describe('directory roles, sign-ins, registration details', () => {
  test('directoryRoles with $expand=members, by roleTemplateId, and their members', async () => {
    const roles = await client.api('/directoryRoles').expand('members').get();
    assert.equal(roles.value.length, E.directoryRoles.length);
    assert.ok(roles.value.every((r) => !('privileged' in r)));
    const admin = await client.api(`/directoryRoles/roleTemplateId=${GLOBAL_ADMIN_TEMPLATE}`).get();
    assert.equal(admin.displayName, 'Global Administrator');
    const members = await iterate(client.api(`/directoryRoles/${admin.id}/members`));
    const expected = E.roleMembers.filter((m) => m.roleId === admin.id).map((m) => m.userId);
    assert.ok(expected.length > 0);
    assert.deepEqual(members.items.map((m) => m.id).sort(), expected.sort());
    const expanded = roles.value.find((r) => r.id === admin.id).members.map((m) => m.id);
    assert.deepEqual(expanded.sort(), expected.sort());
  });

  test('signIns filtered by a createdDateTime window, newest first, paged', async () => {
    const from = '2026-11-20T00:00:00Z';
    const to = '2026-11-22T00:00:00Z';
    const expected = E.signIns.filter(
      (s) =>
        Date.parse(s.createdDateTime) >= Date.parse(from) &&
        Date.parse(s.createdDateTime) < Date.parse(to),
    );
    assert.ok(expected.length > 200);
    const res = await iterate(
      client
        .api('/auditLogs/signIns')
        .filter(`createdDateTime ge ${from} and createdDateTime lt ${to}`)
        .top(200),
    );
    assert.equal(res.items.length, expected.length);
    assert.ok(res.pages > 1);
    const times = res.items.map((s) => Date.parse(s.createdDateTime));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    const asc = await client
      .api('/auditLogs/signIns')
      .filter(`createdDateTime ge ${from} and createdDateTime lt ${to}`)
      .orderby('createdDateTime asc')
      .top(1)
      .get();
    assert.equal(Date.parse(asc.value[0].createdDateTime), Math.min(...times));
    await assert.rejects(
      client.api('/auditLogs/signIns').filter("resourceDisplayName eq 'x'").get(),
      (err) => err.statusCode === 400 && err.code === 'BadRequest',
    );
  });

  test('userRegistrationDetails with isAdmin eq true', async () => {
    const res = await iterate(
      client
        .api('/reports/authenticationMethods/userRegistrationDetails')
        .filter('isAdmin eq true'),
    );
    const expected = E.mfaRegistration.filter((r) => r.isAdmin);
    assert.ok(expected.length > 0);
    assert.deepEqual(res.items.map((r) => r.id).sort(), expected.map((r) => r.id).sort());
  });
});

describe('errors, throttling and tokens', () => {
  test('a missing user is a GraphError 404 Request_ResourceNotFound', async () => {
    await assert.rejects(client.api('/users/00000000-0000-4000-8000-000000000000').get(), (err) => {
      assert.ok(err instanceof GraphError);
      assert.equal(err.statusCode, 404);
      assert.equal(err.code, 'Request_ResourceNotFound');
      assert.match(
        err.message,
        /does not exist or one of its queried reference-property objects are not present/,
      );
      assert.match(err.requestId, /^[0-9a-f-]{36}$/);
      return true;
    });
  });

  test('429 with Retry-After is retried by the SDK RetryHandler', async () => {
    await sandbox.control('POST', 'throttle', { requests: 0, retryAfterSeconds: 1 });
    const res = await client.api('/users').top(1).get();
    assert.equal(res.value.length, 1);
    assert.deepEqual(await sandbox.control('GET', 'throttle'), { refused: 1 });
  });

  test('a token for another audience (ARM) is refused with 401 InvalidAuthenticationToken', async () => {
    const cred = credential();
    const arm = graphClient({
      getAccessToken: async () =>
        (await cred.getToken('https://management.azure.com/.default')).token,
    });
    await assert.rejects(arm.api('/users').get(), (err) => {
      assert.equal(err.statusCode, 401);
      assert.equal(err.code, 'InvalidAuthenticationToken');
      return true;
    });
    const malformed = graphClient({ getAccessToken: async () => 'a.b.c' });
    await assert.rejects(malformed.api('/users').get(), (err) => err.statusCode === 401);

    // Graph's audience and the tenant, but signed by a key that is not Entra's.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64({ typ: 'JWT', alg: 'RS256', kid: 'sandbox-1' })}.${b64({
      aud: 'https://graph.microsoft.com',
      tid: TENANT,
      appid: CLIENT,
      iat: now,
      nbf: now,
      exp: now + 600,
    })}`;
    const forgedToken = `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey, 'base64url')}`;
    const forged = graphClient({ getAccessToken: async () => forgedToken });
    await assert.rejects(forged.api('/users').get(), (err) => {
      assert.equal(err.statusCode, 401);
      assert.equal(err.code, 'InvalidAuthenticationToken');
      assert.match(err.message, /signature/i);
      return true;
    });
  });

  test('Client.init with a callback authProvider and customHosts works too', async () => {
    const cred = credential();
    const legacy = Client.init({
      baseUrl: sandbox.url,
      customHosts: new Set(['127.0.0.1']),
      authProvider: (done) => {
        cred.getToken(GRAPH_SCOPE).then(
          (t) => done(null, t.token),
          (err) => done(err, null),
        );
      },
    });
    const res = await legacy.api('/groups').top(2).get();
    assert.equal(res.value.length, 2);
    assert.match(res['@odata.nextLink'], /\$skiptoken=/);
    await assert.rejects(legacy.api('/users').top(1000).get(), (err) => {
      assert.equal(err.statusCode, 400);
      assert.match(err.message, /between 1 and 999/);
      return true;
    });
  });
});
