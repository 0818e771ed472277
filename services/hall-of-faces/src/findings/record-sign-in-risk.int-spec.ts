import { randomUUID } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import { InsightGeneratedSchema, InsightKind } from '@codex/contracts';
import type { DeliveredEvent } from '@codex/messaging';

import {
  type DirectoryDatabase,
  openDirectoryDatabase,
} from '../directory/directory-database.fixture';
import { RecordSignInRisk } from './record-sign-in-risk';

const ALICE = 'codex:entra:dir-1:-:identity/user/alice-id';

function insight(
  tenantId: string,
  details: Record<string, string | number | null>,
): DeliveredEvent<'insight.generated'> {
  return {
    topic: 'insight.generated',
    key: String(details.identityUrn ?? ''),
    envelope: {
      id: randomUUID(),
      source: 'oracle',
      type: 'codex.insight.generated.v1',
      time: new Date().toISOString(),
      subject: String(details.identityUrn ?? ''),
      tenantId,
      traceparent: '',
    },
    payload: create(InsightGeneratedSchema, {
      insightId: randomUUID(),
      tenantId,
      kind: InsightKind.ANOMALY,
      subjectUrn: String(details.identityUrn ?? ''),
      details,
      producedBy: 'oracle',
    }),
  };
}

describe('sign-in risk kept from the oracle’s insights', () => {
  let db: DirectoryDatabase;
  const record = new RecordSignInRisk();
  const apply = (events: DeliveredEvent<'insight.generated'>[]) =>
    db.runtime.transaction((manager) => record.apply(events, manager));
  const risks = () =>
    db.owner.query<{ tenant_id: string; account_id: string; points: number; kinds: string[] }[]>(
      `SELECT tenant_id, account_id, points, kinds FROM identity_sign_in_risks ORDER BY tenant_id`,
    );

  beforeAll(async () => {
    db = await openDirectoryDatabase('sign_in_risk');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('keeps the risk of the latest signal whatever the arrival order, the kinds added up, and nothing else', async () => {
    await apply([
      insight('tenant-a', {
        type: 'identity_risk',
        kind: 'new_country',
        identityUrn: ALICE,
        risk: 90,
        occurredAt: '2026-11-25T10:00:00.000Z',
      }),
      insight('tenant-a', {
        type: 'identity_risk',
        kind: 'impossible_travel',
        identityUrn: ALICE,
        risk: 60,
        occurredAt: '2026-11-25T09:59:00.000Z',
      }),
      insight('tenant-a', { type: 'cost_anomaly', identityUrn: ALICE, risk: 5 }),
      insight('tenant-a', {
        type: 'identity_risk',
        kind: 'password_spray',
        identityUrn: '',
        risk: null,
        occurredAt: '2026-11-25T10:00:00.000Z',
      }),
      insight('tenant-b', {
        type: 'identity_risk',
        kind: 'failure_burst',
        identityUrn: 'codex:auth0:acme:-:identity/user/auth0|bob',
        risk: 35,
        occurredAt: '2026-11-20T10:00:00.000Z',
      }),
    ]);
    expect(await risks()).toEqual([
      {
        tenant_id: 'tenant-a',
        account_id: 'alice-id',
        points: 90,
        kinds: ['new_country', 'impossible_travel'],
      },
      { tenant_id: 'tenant-b', account_id: 'auth0|bob', points: 35, kinds: ['failure_burst'] },
    ]);
  });
});
