import type { EntityManager } from 'typeorm';

import type { DetectorStates, IdentityState, SourceState } from './detectors/detect-sign-ins';
import type { SprayState } from './detectors/password-spray';

const PREFIX = { identities: 'identity|', ips: 'ip|', sources: 'source|' } as const;

/**
 * Loads and saves the detectors' state rows of one tenant. `lock` first makes sure every row
 * exists, then locks them in key order: partitions are handled concurrently and share
 * addresses and directories, and a lost update would forget a failure.
 */
export class DetectorStateStore {
  async lock(
    manager: EntityManager,
    tenantId: string,
    keys: { identities: string[]; ips: string[]; sources: string[] },
  ): Promise<DetectorStates> {
    const all = [
      ...keys.identities.map((key) => PREFIX.identities + key),
      ...keys.ips.map((key) => PREFIX.ips + key),
      ...keys.sources.map((key) => PREFIX.sources + key),
    ].sort();
    await manager.query(
      `INSERT INTO identity_risk_states (tenant_id, key, state, updated_at)
       SELECT $1, key, 'null'::jsonb, now() FROM unnest($2::varchar[]) AS key ORDER BY key
       ON CONFLICT ON CONSTRAINT pk_identity_risk_states DO NOTHING`,
      [tenantId, all],
    );
    const rows: { key: string; state: unknown }[] = await manager.query(
      `SELECT key, state FROM identity_risk_states
        WHERE tenant_id = $1 AND key = ANY($2::varchar[]) ORDER BY key FOR UPDATE`,
      [tenantId, all],
    );
    const states: DetectorStates = { identities: new Map(), ips: new Map(), sources: new Map() };
    for (const { key, state } of rows) {
      if (state === null) continue;
      if (key.startsWith(PREFIX.identities))
        states.identities.set(key.slice(PREFIX.identities.length), state as IdentityState);
      else if (key.startsWith(PREFIX.ips))
        states.ips.set(key.slice(PREFIX.ips.length), state as SprayState);
      else states.sources.set(key.slice(PREFIX.sources.length), state as SourceState);
    }
    return states;
  }

  async save(manager: EntityManager, tenantId: string, states: DetectorStates): Promise<void> {
    const rows = [
      ...[...states.identities].map(([key, state]) => ({ key: PREFIX.identities + key, state })),
      ...[...states.ips].map(([key, state]) => ({ key: PREFIX.ips + key, state })),
      ...[...states.sources].map(([key, state]) => ({ key: PREFIX.sources + key, state })),
    ];
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE identity_risk_states s SET state = r.state, updated_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS r(key varchar, state jsonb)
        WHERE s.tenant_id = $1 AND s.key = r.key`,
      [tenantId, JSON.stringify(rows)],
    );
  }
}
