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

import { gatewayApi } from './support/gateway-api';
import { expectedDirectory, identityEstate } from './support/identity-estate';

interface SyncRun {
  id: string;
  status: string;
}
interface Signal {
  id: string;
  kind: string;
  identityUrn: string;
  loginIds: string[];
  details: Record<string, unknown>;
  risk: number | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Anomaly {
  kind: string;
  idp: 'auth0' | 'entra';
  userIds: string[];
  ip: string;
  eventIds: string[];
}

const LABELLED_KINDS = [
  'impossible_travel',
  'failure_burst',
  'password_spray',
  'dormant_admin_reactivation',
  'new_country',
] as const;

/** An account as `<idp> <user id>`, from `codex:<idp>:<directory>:-:identity/user/<id>`. */
const accountOf = (urn: string): string => {
  const match = /^codex:([a-z0-9]+):[^:]+:-:identity\/user\/(.+)$/.exec(urn);
  return match ? `${match[1]} ${match[2]}` : urn;
};
/** The provider's own event id, from `<idp>:<directory>:<event id>`. */
const eventOf = (loginId: string): string => loginId.split(':').slice(2).join(':');

/** What identifies a case: account and far sign-in, account and sign-in, account, or address. */
function labelKey(a: Anomaly): string {
  const account = `${a.idp} ${a.userIds[0] ?? ''}`;
  switch (a.kind) {
    case 'impossible_travel':
      return `${account} ${a.eventIds[1] ?? ''}`;
    case 'password_spray':
      return `${a.idp} ${a.ip}`;
    case 'failure_burst':
      return account;
    default:
      return `${account} ${a.eventIds[0] ?? ''}`;
  }
}
function signalKey(s: Signal): string {
  switch (s.kind) {
    case 'password_spray':
      return `${String(s.details.source).split(':')[0]} ${String(s.details.ip)}`;
    case 'failure_burst':
      return accountOf(s.identityUrn);
    default:
      return `${accountOf(s.identityUrn)} ${eventOf(s.loginIds[s.loginIds.length - 1] ?? '')}`;
  }
}

describe('identity risk from sign-ins, through the gateway', () => {
  const estate = identityEstate() as ReturnType<typeof identityEstate> & {
    groundTruth: { anomalies: Anomaly[] };
  };
  const expected = expectedDirectory(estate);
  let idp: TestIdentityProvider;
  let sandboxes: IdentitySandboxes;
  let platform: RunningPlatform;
  const tenant = `acme-${randomUUID().slice(0, 8)}`;
  let tokens: Record<'admin' | 'operator' | 'viewer' | 'stranger', string>;
  const api = gatewayApi(() => platform.gatewayUrl);

  const connectAndSync = async (body: Record<string, unknown>) => {
    const connected = await api<{ id: string }>(
      'POST',
      '/api/v1/identity/connections',
      tokens.admin,
      body,
    );
    expect(connected.status).toBe(201);
    const started = await api<SyncRun>(
      'POST',
      `/api/v1/identity/connections/${connected.body.id}/syncs`,
      tokens.operator,
      { full: true },
    );
    // 200: the sync the connection started is still running, and answers for this one.
    expect([200, 202]).toContain(started.status);
    const run = await eventually(
      async () => {
        const connection = (
          await api<{ lastSync: SyncRun | null }>(
            'GET',
            `/api/v1/identity/connections/${connected.body.id}`,
            tokens.viewer,
          )
        ).body;
        const last = connection.lastSync;
        if (!last || last.id !== started.body.id) throw new Error('no sync yet');
        if (last.status === 'queued' || last.status === 'running') throw new Error('still syncing');
        return last;
      },
      { timeoutMs: 180_000 },
    );
    expect(run.status).toBe('succeeded');
  };

  const allSignals = async (token: string): Promise<Signal[]> => {
    const all: Signal[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Page<Signal> } = await api(
        'GET',
        `/api/v1/identity-risk/signals?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        token,
      );
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return all;
  };

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    sandboxes = await startIdentitySandboxes();
    platform = await startPlatform({
      env: idp.env,
      serviceEnv: { 'hall-of-faces': identitySandboxEnv(sandboxes) },
    });
    const token = (roles: string[]) => idp.token({ tenant, roles });
    tokens = {
      admin: await token(['admin']),
      operator: await token(['operator']),
      viewer: await token(['viewer']),
      stranger: await idp.token({ tenant: `other-${randomUUID().slice(0, 8)}`, roles: ['admin'] }),
    };
    await connectAndSync({
      provider: 'auth0',
      name: 'Acme customers',
      domain: 'acme-sandbox.eu.auth0.com',
      clientId: AUTH0_SANDBOX.clientId,
      clientSecret: AUTH0_SANDBOX.clientSecret,
    });
    await connectAndSync({
      provider: 'entra',
      name: 'Acme staff',
      directoryId: GRAPH_SANDBOX.tenantId,
      clientId: GRAPH_SANDBOX.clientId,
      clientSecret: GRAPH_SANDBOX.clientSecret,
    });
    // The oracle has read every sign-in of both directories.
    await eventually(
      async () => {
        const sources = await api<{ items: { signIns: number }[] }>(
          'GET',
          '/api/v1/identity-risk/sources',
          tokens.viewer,
        );
        const read = sources.body.items.reduce((sum, s) => sum + s.signIns, 0);
        if (sources.body.items.length < 2 || read < expected.signIns)
          throw new Error(`the oracle has read ${read} of ${expected.signIns} sign-ins`);
      },
      { timeoutMs: 240_000, intervalMs: 1_000 },
    );
  }, 600_000);

  afterAll(async () => {
    await platform?.stop();
    await sandboxes?.stop();
    await idp?.close();
  });

  it('finds every labelled anomaly kind with precision and recall of at least 0.9', async () => {
    const signals = await allSignals(tokens.viewer);
    const lines: string[] = [];
    for (const kind of LABELLED_KINDS) {
      const labelled = new Set(
        estate.groundTruth.anomalies.filter((a) => a.kind === kind).map(labelKey),
      );
      const found = new Set(signals.filter((s) => s.kind === kind).map(signalKey));
      const matched = [...found].filter((key) => labelled.has(key)).length;
      const precision = found.size ? matched / found.size : 0;
      const recall = labelled.size ? matched / labelled.size : 0;
      lines.push(
        `${kind.padEnd(28)} labelled ${labelled.size}, found ${found.size}, precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}`,
      );
      expect({
        kind,
        labelled: labelled.size > 0,
        precision: precision >= 0.9,
        recall: recall >= 0.9,
      }).toEqual({
        kind,
        labelled: true,
        precision: true,
        recall: true,
      });
    }
    process.stdout.write(
      `identity risk e2e (${signals.length} signals):\n  ${lines.join('\n  ')}\n`,
    );
  });

  it('ranks accounts by risk, highest first', async () => {
    const ranked = await api<{ items: { identityUrn: string; risk: number }[] }>(
      'GET',
      '/api/v1/identity-risk/identities?limit=20',
      tokens.viewer,
    );
    expect(ranked.status).toBe(200);
    const risks = ranked.body.items.map((i) => i.risk);
    expect(risks.length).toBeGreaterThan(0);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
  });

  it('another tenant sees none of it', async () => {
    expect(await allSignals(tokens.stranger)).toEqual([]);
    const ranked = await api<{ items: unknown[] }>(
      'GET',
      '/api/v1/identity-risk/identities',
      tokens.stranger,
    );
    expect(ranked.body.items).toEqual([]);
  });

  it('a bad query answers 400 naming the field', async () => {
    const bad = await api<{ status: number; detail: string }>(
      'GET',
      '/api/v1/identity-risk/signals?kind=teleport',
      tokens.viewer,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('query.kind');
    const since = await api<{ detail: string }>(
      'GET',
      '/api/v1/identity-risk/signals?since=yesterday',
      tokens.viewer,
    );
    expect(since.status).toBe(400);
    expect(since.body.detail).toContain('query.since');
  });

  it("the person's identity findings show the sign-in risk", async () => {
    const travel = estate.groundTruth.anomalies.find(
      (a) => a.kind === 'impossible_travel' && a.idp === 'entra',
    );
    if (!travel) throw new Error('the estate has no impossible travel in Entra');
    const userId = travel.userIds[0] ?? '';
    const account = (
      await api<{ items: { externalId: string; personId: string | null }[] }>(
        'GET',
        `/api/v1/identity/directory/accounts?provider=entra&q=${encodeURIComponent(userId)}`,
        tokens.viewer,
      )
    ).body.items.find((a) => a.externalId === userId);
    if (!account?.personId) throw new Error(`account ${userId} has no person`);
    const person = await eventually(
      async () => {
        const detail = await api<{
          findings: { kind: string; externalId: string; severity: string }[];
          riskScore: number;
        }>('GET', `/api/v1/identity/directory/people/${account.personId}`, tokens.viewer);
        const found = detail.body.findings.find(
          (f) => f.kind === 'sign_in_risk' && f.externalId === userId,
        );
        if (!found) throw new Error('no sign-in risk finding yet');
        return { ...detail.body, found };
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    expect(['low', 'medium', 'high', 'critical']).toContain(person.found.severity);
    expect(person.riskScore).toBeGreaterThan(0);
  });
});
