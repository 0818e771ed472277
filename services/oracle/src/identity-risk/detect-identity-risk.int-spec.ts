import { randomUUID } from 'node:crypto';

import type { LoginObserved } from '@codex/contracts';
import { type DeliveredEvent, Outbox } from '@codex/messaging';
import { withTenant } from '@codex/persistence';

import { openOracleDatabase, type OracleDatabase } from '../testing/oracle-database.fixture';
import { IdentityRiskReader, sourceProgress } from './api/identity-risk-reader';
import { DetectIdentityRisk } from './detect-identity-risk';
import type { RiskSignal } from './detectors/sign-in';
import { estateLogins } from './identity-estate.fixture';
import { LABELLED_KINDS, scoreAgainstLabels } from './labelled-scores.fixture';

const TENANT = 'tenant-a';

function delivered(login: LoginObserved): DeliveredEvent<'login.observed'> {
  return {
    topic: 'login.observed',
    key: login.identityUrn,
    envelope: {
      id: randomUUID(),
      source: 'hall-of-faces',
      type: 'codex.login.observed.v1',
      time: new Date().toISOString(),
      subject: login.identityUrn,
      tenantId: TENANT,
      traceparent: '',
    },
    payload: login,
  };
}

describe('identity risk from login.observed, in PostgreSQL', () => {
  let db: OracleDatabase;
  const estate = estateLogins({ seed: 7, people: 500 });
  const detect = new DetectIdentityRisk(new Outbox('oracle', ['insight.generated']));
  const apply = (logins: LoginObserved[]) =>
    db.runtime.transaction((manager) => detect.apply(logins.map(delivered), manager));

  beforeAll(async () => {
    db = await openOracleDatabase();
    // Three partitions' batches interleaved, as the consumer delivers them.
    const partitions: LoginObserved[][] = [[], [], []];
    for (const login of estate.logins)
      partitions[(login.identityUrn || login.ipAddress).length % 3]?.push(login);
    const size = 1500;
    const longest = Math.max(...partitions.map((p) => p.length));
    for (let from = 0; from < longest; from += size)
      await Promise.all(partitions.map((p) => apply(p.slice(from, from + size))));
  }, 240_000);

  afterAll(async () => {
    await db?.close();
  });

  const storedSignals = () =>
    db.owner.query<Pick<RiskSignal, 'kind' | 'identityUrn' | 'loginIds' | 'details'>[]>(
      `SELECT kind, identity_urn AS "identityUrn", login_ids AS "loginIds", details
         FROM identity_risk_signals WHERE tenant_id = $1`,
      [TENANT],
    );

  it('stores every labelled kind with precision and recall of at least 0.9, with partitions run concurrently', async () => {
    const scores = scoreAgainstLabels(await storedSignals(), estate.anomalies, {
      auth0: estate.auth0Domain,
      entra: estate.entraTenantId,
    });
    for (const kind of LABELLED_KINDS)
      expect({ kind, precision: scores[kind].precision, recall: scores[kind].recall }).toEqual({
        kind,
        precision: 1,
        recall: 1,
      });
  });

  it('announces each signal once as an identity_risk insight', async () => {
    const [signals] = await db.owner.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM identity_risk_signals WHERE tenant_id = $1`,
      [TENANT],
    );
    const [announced] = await db.owner.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE topic = 'insight.generated'`,
    );
    expect(announced?.n).toBe(signals?.n);
  });

  it('finds nothing new when a batch comes again', async () => {
    const before = (await storedSignals()).length;
    await apply(estate.logins.slice(-3000));
    expect((await storedSignals()).length).toBe(before);
  });

  it('counts every sign-in read per directory, and shows another tenant nothing', async () => {
    const progress = await withTenant(db.runtime, TENANT, sourceProgress);
    expect(progress.items.reduce((sum, s) => sum + s.signIns, 0)).toBeGreaterThanOrEqual(
      estate.logins.length,
    );
    const reader = new IdentityRiskReader();
    const theirs = await withTenant(db.runtime, 'tenant-b', (manager) =>
      reader.signals(manager, { limit: 50 }),
    );
    expect(theirs.items).toEqual([]);
    const ranked = await withTenant(db.runtime, TENANT, (manager) =>
      reader.identities(manager, { limit: 10, minRisk: 1 }, new Date('2026-11-30T00:00:00Z')),
    );
    const risks = ranked.items.map((item) => item.risk);
    expect(risks.length).toBe(10);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
  });
});
