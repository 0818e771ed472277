import { randomUUID } from 'node:crypto';

import {
  AUTH0_SANDBOX,
  eventually,
  GRAPH_SANDBOX,
  identitySandboxEnv,
  type IdentitySandboxes,
  type RunningPlatform,
  startIdentitySandboxes,
  startPlatform,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '@codex/testing';

import { executorDeliveries } from './support/executor-deliveries';
import { gatewayApi } from './support/gateway-api';
import { expectedDirectory, identityEstate } from './support/identity-estate';
import { auth0ClientOf, graphClientOf } from './support/identity-sandbox-clients';
import { loginEvents } from './support/login-events';
import { redeliver } from './support/redeliver';

interface SyncRun {
  id: string;
  status: string;
  full: boolean;
  counts: Record<string, number>;
  progress: Record<string, number>;
  error: { code: string; message: string } | null;
}
interface Connection {
  id: string;
  provider: string;
  lastSync: SyncRun | null;
}
interface Counts {
  people: number;
  accounts: number;
  roles: number;
  groups: number;
  memberships: number;
}
interface Account {
  urn: string;
  linkSource: string | null;
  provider: string;
  externalId: string;
  personId: string | null;
  email: string | null;
  enabled: boolean;
  privileged: boolean;
  memberships: { kind: string; id: string; name: string; privileged: boolean; urn: string }[];
}
interface Person {
  id: string;
  urn: string;
  email: string;
  providers: string[];
  privileged: boolean;
  enabledAccounts: number;
}
interface ActionView {
  id: string;
  status: string;
  executions: number;
  requiresApproval: boolean;
  outcomeMessage: string | null;
}
interface Problem {
  status: number;
  code: string;
  detail: string;
}

const AUTH0_DOMAIN = 'acme-sandbox.eu.auth0.com';

describe('identity governance across Auth0 and Entra ID, through the gateway', () => {
  const estate = identityEstate();
  const expected = expectedDirectory(estate);
  let idp: TestIdentityProvider;
  let sandboxes: IdentitySandboxes;
  let platform: RunningPlatform;
  const tenant = `acme-${randomUUID().slice(0, 8)}`;
  let tokens: Record<'admin' | 'operator' | 'approver' | 'viewer' | 'stranger', string>;
  const connections: Record<'auth0' | 'entra', string> = { auth0: '', entra: '' };

  const api = gatewayApi(() => platform.gatewayUrl);

  /** The sandboxes as the unmodified SDKs see them: the test's independent view. */
  const graph = () => graphClientOf(sandboxes);
  const auth0 = () => auth0ClientOf(sandboxes);

  const connect = (body: Record<string, unknown>) =>
    api<Connection & Problem>('POST', '/api/v1/identity/connections', tokens.admin, body);
  const auth0Connection = (secret: string = AUTH0_SANDBOX.clientSecret) => ({
    provider: 'auth0',
    name: 'Acme customers',
    domain: AUTH0_DOMAIN,
    clientId: AUTH0_SANDBOX.clientId,
    clientSecret: secret,
  });
  const entraConnection = (secret: string = GRAPH_SANDBOX.clientSecret) => ({
    provider: 'entra',
    name: 'Acme staff',
    directoryId: GRAPH_SANDBOX.tenantId,
    clientId: GRAPH_SANDBOX.clientId,
    clientSecret: secret,
  });

  /** Waits for the connection's latest sync to end and answers it. */
  const settledSync = (provider: 'auth0' | 'entra', runId?: string) =>
    eventually(
      async () => {
        const connection = (
          await api<Connection>(
            'GET',
            `/api/v1/identity/connections/${connections[provider]}`,
            tokens.viewer,
          )
        ).body;
        const run = connection.lastSync;
        if (!run || (runId && run.id !== runId)) throw new Error('no sync yet');
        if (run.status === 'queued' || run.status === 'running') throw new Error('still syncing');
        return run;
      },
      { timeoutMs: 120_000 },
    );
  const sync = async (provider: 'auth0' | 'entra', full = false) => {
    const started = await api<SyncRun>(
      'POST',
      `/api/v1/identity/connections/${connections[provider]}/syncs`,
      tokens.operator,
      { full },
    );
    expect(started.status).toBe(202);
    return settledSync(provider, started.body.id);
  };
  const counts = async () =>
    (await api<Counts>('GET', '/api/v1/identity/directory/counts', tokens.viewer)).body;
  const accounts = async (query: string) => {
    const all: Account[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Account[]; nextCursor: string | null } } =
        await api(
          'GET',
          `/api/v1/identity/directory/accounts?limit=200&${query}${cursor ? `&cursor=${cursor}` : ''}`,
          tokens.viewer,
        );
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return all;
  };
  const inInventory = (urn: string) =>
    eventually(
      async () => {
        const found = await api<{ state: string }>(
          'GET',
          `/api/v1/inventory/resources/${encodeURIComponent(urn)}`,
          tokens.viewer,
        );
        if (found.status !== 200) throw new Error(`${urn} is not in the inventory yet`);
        return found.body;
      },
      { timeoutMs: 60_000 },
    );
  const requestAction = async (
    targetUrn: string,
    type: string,
    params: Record<string, unknown> = {},
  ) => {
    await inInventory(targetUrn);
    const response = await api<{ action: ActionView }>(
      'POST',
      '/api/v1/actions',
      tokens.operator,
      { targetUrn, type, params, reason: 'identity governance e2e' },
      { 'idempotency-key': randomUUID() },
    );
    expect(response.status).toBe(201);
    return response.body.action;
  };
  const settle = (id: string) =>
    eventually(
      async () => {
        const action = (await api<ActionView>('GET', `/api/v1/actions/${id}`, tokens.viewer)).body;
        if (action.status === 'dispatched') throw new Error('still running');
        return action;
      },
      { timeoutMs: 90_000 },
    );

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    sandboxes = await startIdentitySandboxes();
    platform = await startPlatform({
      env: idp.env,
      serviceEnv: {
        'hall-of-faces': identitySandboxEnv(sandboxes),
      },
    });
    const token = (roles: string[], subject?: string) =>
      idp.token({ tenant, roles, ...(subject ? { subject } : {}) });
    tokens = {
      admin: await token(['admin']),
      operator: await token(['operator'], 'olga@acme.test'),
      approver: await token(['approver'], 'april@acme.test'),
      viewer: await token(['viewer']),
      stranger: await idp.token({ tenant: `other-${randomUUID().slice(0, 8)}`, roles: ['admin'] }),
    };
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
    await sandboxes?.stop();
    await idp?.close();
  });

  it('wrong credentials and bad input get a 4xx naming the problem, and nothing is kept', async () => {
    const auth0Refused = await connect(auth0Connection('not-the-secret'));
    expect(auth0Refused.status).toBe(422);
    expect(auth0Refused.body.code).toBe('connection_verification_failed');
    expect(auth0Refused.body.detail).toContain('Auth0');
    const entraRefused = await connect(entraConnection('not-the-secret'));
    expect(entraRefused.status).toBe(422);
    expect(entraRefused.body.detail).toContain('AADSTS7000215');
    const bad = await connect({
      provider: 'entra',
      name: 'x',
      directoryId: 'nope',
      clientId: GRAPH_SANDBOX.clientId,
      clientSecret: 's',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('body.directoryId');
    const listed = await api<{ items: unknown[] }>(
      'GET',
      '/api/v1/identity/connections',
      tokens.viewer,
    );
    expect(listed.body.items).toEqual([]);
  });

  it('a full sync holds exactly the seeded people, accounts, roles, groups and memberships', async () => {
    for (const [provider, body] of [
      ['auth0', auth0Connection()],
      ['entra', entraConnection()],
    ] as const) {
      const connected = await connect(body);
      expect({ status: connected.status, detail: connected.body.detail }).toEqual({ status: 201 });
      connections[provider] = connected.body.id;
    }
    expect(await settledSync('auth0')).toMatchObject({
      status: 'succeeded',
      full: true,
      error: null,
    });
    expect(await settledSync('entra')).toMatchObject({
      status: 'succeeded',
      full: true,
      error: null,
    });
    expect(await counts()).toMatchObject({
      people: expected.people,
      accounts: expected.accounts,
      roles: expected.roles,
      groups: expected.groups,
      memberships: expected.memberships,
    });
    // Accounts of one person are linked by verified e-mail; unverified look-alikes are not.
    const unlinked = await accounts('unlinked=true');
    const withoutPerson = [
      ...estate.auth0.users.filter((u) => !u.email_verified).map((u) => u.user_id),
      ...estate.entra.users.filter((u) => !u.mail).map((u) => u.id),
    ].sort();
    expect(unlinked.map((a) => a.externalId).sort()).toEqual(withoutPerson);
  });

  it('findings equal the seed’s ground truth exactly', async () => {
    const asOf = estate.groundTruth.parameters.asOf;
    const report = await api<{
      items: { kind: string; provider: string; externalId: string; personId: string | null }[];
    }>(
      'GET',
      `/api/v1/identity/directory/findings?asOf=${encodeURIComponent(asOf)}`,
      tokens.viewer,
    );
    expect(report.status).toBe(200);
    const key = (f: {
      kind: string;
      idp?: string;
      provider?: string;
      accountId?: string;
      externalId?: string;
    }) => `${f.kind} ${f.idp ?? f.provider} ${f.accountId ?? f.externalId}`;
    expect(report.body.items.map(key).sort()).toEqual(estate.groundTruth.findings.map(key).sort());
  });

  it('another tenant sees none of it', async () => {
    const theirs = await api<{ items: unknown[] }>(
      'GET',
      '/api/v1/identity/connections',
      tokens.stranger,
    );
    expect(theirs.body.items).toEqual([]);
    expect(
      (await api<Counts>('GET', '/api/v1/identity/directory/counts', tokens.stranger)).body,
    ).toMatchObject({ people: 0, accounts: 0, memberships: 0 });
    const ours = await api<Problem>(
      'GET',
      `/api/v1/identity/connections/${connections.entra}`,
      tokens.stranger,
    );
    expect(ours.status).toBe(404);
  });

  it('an account unlinked by hand stays unlinked through a sync, and can be linked back', async () => {
    const [account] = (await accounts('provider=auth0&unlinked=false')).filter((a) => a.personId);
    if (!account?.personId) throw new Error('no linked Auth0 account');
    const link = { connectionId: connections.auth0, externalId: account.externalId };
    const refused = await api<Problem>(
      'POST',
      '/api/v1/identity/directory/unlink',
      tokens.viewer,
      link,
    );
    expect(refused.status).toBe(403);
    expect(
      (await api('POST', '/api/v1/identity/directory/unlink', tokens.admin, link)).status,
    ).toBe(204);
    expect(await sync('auth0', true)).toMatchObject({ status: 'succeeded' });
    const unlinked = (await accounts(`q=${encodeURIComponent(account.externalId)}`))[0];
    expect(unlinked).toMatchObject({ personId: null, linkSource: 'manual' });
    const relinked = await api(
      'POST',
      `/api/v1/identity/directory/people/${account.personId}/accounts`,
      tokens.admin,
      link,
    );
    expect(relinked.status).toBe(204);
    expect((await accounts(`q=${encodeURIComponent(account.externalId)}`))[0]).toMatchObject({
      personId: account.personId,
      linkSource: 'manual',
    });
  });

  it('every sign-in is published as login.observed, with its country', async () => {
    const { events, delivered } = await loginEvents(platform, tenant, expected.signIns);
    expect(events).toHaveLength(expected.signIns);
    // The forced full re-read above published only what was new: at most the sign-ins of the
    // last instant already published go out again.
    expect(delivered - events.length).toBeLessThanOrEqual(2);
    expect(events.filter((e) => !/^[A-Z]{2}$/.test(e.country))).toEqual([]);
    expect(events.some((e) => e.mfa)).toBe(true);
  });

  it('an incremental sync picks up a change made afterwards and reads nothing else', async () => {
    const auth0User = estate.auth0.users.find((u) => u.email_verified && !u.blocked);
    const entraUser = estate.entra.users.find((u) => u.mail && u.accountEnabled);
    const group = estate.entra.groups.find((g) => g.displayName.startsWith('Project'));
    if (!auth0User || !entraUser || !group)
      throw new Error('the estate lacks a user or a project group');
    await auth0().users.update(auth0User.user_id, { blocked: true });
    await graph().api(`/users/${entraUser.id}`).patch({ accountEnabled: false });
    await graph()
      .api(`/groups/${group.id}/members/$ref`)
      .post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${entraUser.id}` })
      .catch(() => undefined);
    await sandboxes.auth0.clearRequests();
    await sandboxes.graph.clearRequests();

    const auth0Run = await sync('auth0');
    const entraRun = await sync('entra');
    expect(auth0Run).toMatchObject({ status: 'succeeded', full: false });
    expect(entraRun).toMatchObject({ status: 'succeeded', full: false });
    expect(auth0Run.counts.accounts).toBe(1);
    expect(entraRun.counts.accounts).toBe(1);

    const auth0Requests = await sandboxes.auth0.requests();
    const graphRequests = await sandboxes.graph.requests();
    expect(auth0Requests).toEqual({ 'GET /api/v2/users': 1, 'GET /api/v2/logs': 1 });
    expect(graphRequests).toEqual({
      'GET /v1.0/users/delta': 1,
      'GET /v1.0/groups/delta': 1,
      'GET /v1.0/directoryRoles': 1,
      'GET /v1.0/auditLogs/signIns': 1,
      // The MFA registration of the one changed user.
      'GET /v1.0/reports/authenticationMethods/userRegistrationDetails/{id}': 1,
    });

    const changed = await accounts(`q=${encodeURIComponent(auth0User.email)}`);
    expect(changed.find((a) => a.externalId === auth0User.user_id)?.enabled).toBe(false);
    const entraChanged = (await accounts(`q=${encodeURIComponent(entraUser.id)}`)).find(
      (a) => a.externalId === entraUser.id,
    );
    expect(entraChanged?.enabled).toBe(false);
    expect(entraChanged?.memberships.map((m) => m.id)).toContain(group.id);
  });

  it('a burst of 429s is retried as the rate-limit headers say, and no page is lost', async () => {
    const before = await counts();
    await sandboxes.auth0.throttle({ requests: 0, resetSeconds: 2 });
    expect(await sync('auth0', true)).toMatchObject({ status: 'succeeded', full: true });
    await sandboxes.graph.throttle({ requests: 0, retryAfterSeconds: 2 });
    expect(await sync('entra', true)).toMatchObject({ status: 'succeeded', full: true });
    expect(await sandboxes.auth0.refused()).toBeGreaterThan(0);
    expect(await sandboxes.graph.refused()).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
  });

  it('block and unblock in Entra ID, verified in the directory', async () => {
    const target = (await accounts('provider=entra')).find(
      (a) => a.enabled && !a.privileged && a.personId,
    );
    if (!target) throw new Error('no plain enabled Entra account');
    const blocked = await settle((await requestAction(target.urn, 'block')).id);
    expect(blocked).toMatchObject({ status: 'succeeded', requiresApproval: false });
    const read = async () =>
      (
        (await graph().api(`/users/${target.externalId}`).select('accountEnabled').get()) as {
          accountEnabled: boolean;
        }
      ).accountEnabled;
    expect(await read()).toBe(false);
    expect(await settle((await requestAction(target.urn, 'unblock')).id)).toMatchObject({
      status: 'succeeded',
    });
    expect(await read()).toBe(true);
  });

  it('an Auth0 role is assigned at once, and a privileged one waits for approval', async () => {
    const all = await accounts('provider=auth0');
    const user = all.find((a) => a.enabled && !a.privileged && a.memberships.length === 0);
    if (!user) throw new Error('no Auth0 account without roles');
    const viewer = estate.auth0.roles.find((r) => !r.privileged);
    const admin = estate.auth0.roles.find((r) => r.privileged);
    if (!viewer || !admin) throw new Error('the estate lacks roles');
    const roleUrn = (id: string) => `codex:auth0:${AUTH0_DOMAIN}:-:identity/role/${id}`;
    const rolesOf = async () => {
      const ids: string[] = [];
      for await (const role of await auth0().users.roles.list(user.externalId))
        ids.push(role.id ?? '');
      return ids;
    };

    const plain = await settle(
      (await requestAction(roleUrn(viewer.id), 'assign', { accountId: user.externalId })).id,
    );
    expect(plain).toMatchObject({ status: 'succeeded', requiresApproval: false });
    expect(await rolesOf()).toContain(viewer.id);

    const privileged = await requestAction(roleUrn(admin.id), 'assign', {
      accountId: user.externalId,
    });
    expect(privileged).toMatchObject({ status: 'pending_approval', requiresApproval: true });
    expect(await rolesOf()).not.toContain(admin.id);
    const approved = await api(
      'POST',
      `/api/v1/actions/${privileged.id}/approve`,
      tokens.approver,
      {
        comment: 'on call this week',
      },
    );
    expect(approved.status).toBe(200);
    expect(await settle(privileged.id)).toMatchObject({ status: 'succeeded' });
    expect(await rolesOf()).toContain(admin.id);
  });

  it('an Entra group member is added, visible in Entra ID', async () => {
    const user = (await accounts('provider=entra')).find(
      (a) =>
        a.enabled &&
        a.memberships.every((m) => m.kind !== 'group' || !m.name.startsWith('Project')),
    );
    const group = estate.entra.groups.find((g) => g.displayName.startsWith('Project'));
    if (!user || !group) throw new Error('no candidate');
    const urn = `codex:entra:${GRAPH_SANDBOX.tenantId}:-:identity/group/${group.id}`;
    expect(
      await settle((await requestAction(urn, 'add_member', { accountId: user.externalId })).id),
    ).toMatchObject({
      status: 'succeeded',
    });
    const members = (await graph()
      .api(`/groups/${group.id}/members`)
      .select('id')
      .top(999)
      .get()) as { value: { id: string }[] };
    expect(members.value.map((m) => m.id)).toContain(user.externalId);
  });

  it('"leaver" blocks the person in both identity providers, exactly once under redelivery', async () => {
    const people = (
      await api<{ items: Person[] }>(
        'GET',
        '/api/v1/identity/directory/people?provider=entra&privileged=false&enabled=true&limit=200',
        tokens.viewer,
      )
    ).body.items;
    const person = people.find((p) => p.providers.length === 2 && p.enabledAccounts === 2);
    if (!person) throw new Error('no person with two enabled accounts');
    const detail = (
      await api<{ accounts: Account[] }>(
        'GET',
        `/api/v1/identity/directory/people/${person.id}`,
        tokens.viewer,
      )
    ).body;
    const action = await requestAction(person.urn, 'leaver');
    expect(action.requiresApproval).toBe(false);
    expect(await settle(action.id)).toMatchObject({ status: 'succeeded', executions: 1 });
    for (const account of detail.accounts) {
      if (account.provider === 'auth0') {
        expect((await auth0().users.get(account.externalId)).blocked).toBe(true);
      } else {
        const read = (await graph()
          .api(`/users/${account.externalId}`)
          .select('accountEnabled')
          .get()) as {
          accountEnabled: boolean;
        };
        expect(read.accountEnabled).toBe(false);
      }
    }
    const duplicates = await executorDeliveries(platform, 'hall-of-faces', 'duplicate');
    await redeliver(platform, action.id);
    await eventually(async () =>
      expect(await executorDeliveries(platform, 'hall-of-faces', 'duplicate')).toBe(duplicates + 1),
    );
    expect(
      (await api<ActionView>('GET', `/api/v1/actions/${action.id}`, tokens.viewer)).body.executions,
    ).toBe(1);
  });

  it('an invitation creates the account in Auth0, and a revoked role is gone there', async () => {
    const directoryUrn = `codex:auth0:${AUTH0_DOMAIN}:-:identity/directory/${AUTH0_DOMAIN}`;
    const email = `new.starter.${randomUUID().slice(0, 6)}@acme.example`;
    const invited = await settle(
      (await requestAction(directoryUrn, 'invite', { email, displayName: 'New Starter' })).id,
    );
    expect(invited).toMatchObject({ status: 'succeeded' });
    const found = await auth0().users.listUsersByEmail({ email });
    expect(found.map((user) => user.email)).toEqual([email]);

    const holder = (await accounts('provider=auth0')).find((a) =>
      a.memberships.some((m) => m.kind === 'role' && !m.privileged),
    );
    const role = holder?.memberships.find((m) => m.kind === 'role' && !m.privileged);
    if (!holder || !role) throw new Error('no holder of a plain role');
    expect(
      await settle((await requestAction(role.urn, 'revoke', { accountId: holder.externalId })).id),
    ).toMatchObject({ status: 'succeeded', requiresApproval: false });
    const left: string[] = [];
    for await (const r of await auth0().users.roles.list(holder.externalId)) left.push(r.id ?? '');
    expect(left).not.toContain(role.id);
  });

  it('a user deleted in Auth0 leaves the directory and the inventory; disconnecting Entra ID forgets all of it', async () => {
    const [doomed] = (await accounts('provider=auth0')).filter((a) => !a.privileged);
    if (!doomed) throw new Error('no Auth0 account');
    await inInventory(doomed.urn);
    await auth0().users.delete(doomed.externalId);
    expect(await sync('auth0')).toMatchObject({
      status: 'succeeded',
      counts: { removedAccounts: 1 },
    });
    expect(await accounts(`q=${encodeURIComponent(doomed.externalId)}`)).toEqual([]);
    const gone = (urn: string) =>
      eventually(async () => {
        const found = await api(
          'GET',
          `/api/v1/inventory/resources/${encodeURIComponent(urn)}`,
          tokens.viewer,
        );
        expect(found.status).toBe(404);
      });
    await gone(doomed.urn);

    const [entraAccount] = await accounts('provider=entra');
    if (!entraAccount) throw new Error('no Entra account');
    const removed = await api(
      'DELETE',
      `/api/v1/identity/connections/${connections.entra}`,
      tokens.admin,
    );
    expect(removed.status).toBe(204);
    const left = await counts();
    expect(left).toMatchObject({ groups: 0 });
    expect(left.accounts).toBe((await accounts('provider=auth0')).length);
    expect(await accounts('provider=entra')).toEqual([]);
    await gone(entraAccount.urn);
  });
});
