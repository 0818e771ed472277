import { keysetPage, type Page } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { SourceState } from '../detectors/detect-sign-ins';
import { RISK_HALF_LIFE_MS } from '../detectors/risk-score';
import { IdentityRiskSignal } from '../identity-risk-signal.entity';
import {
  encodeIdentityCursor,
  type IdentityListQuery,
  type IdentityRiskList,
  type SignalListQuery,
  type SignalView,
  type SourceList,
} from './identity-risk.schemas';

/** Reads signals and risks in the caller's tenant scope (row-level security filters the rest). */
@Injectable()
export class IdentityRiskReader {
  signals(manager: EntityManager, query: SignalListQuery): Promise<Page<SignalView>> {
    const select = manager.getRepository(IdentityRiskSignal).createQueryBuilder('signal');
    if (query.kind) select.andWhere('signal.kind = :kind', { kind: query.kind });
    if (query.identity)
      select.andWhere('signal.identity_urn = :identity', { identity: query.identity });
    if (query.since) select.andWhere('signal.occurred_at >= :since', { since: query.since });
    return keysetPage(
      select,
      {
        alias: 'signal',
        timeColumn: 'occurred_at',
        idColumn: 'id',
        idProperty: 'id',
        idCast: 'uuid',
        direction: 'DESC',
      },
      query,
      toSignalView,
    );
  }

  /**
   * Accounts by their risk now, highest first. Later pages read the risks at the first page's
   * instant, so decay between requests cannot reorder them.
   */
  async identities(
    manager: EntityManager,
    query: IdentityListQuery,
    now: Date,
  ): Promise<IdentityRiskList> {
    const asOf = query.cursor ? query.cursor[0] : now.toISOString();
    const rows: {
      identity_urn: string;
      risk: number;
      signals: number;
      kinds: string[];
      last_signal_at: Date;
    }[] = await manager.query(
      `SELECT * FROM (
         SELECT identity_urn, signals, kinds, last_signal_at,
                LEAST(100, round(points * power(0.5,
                  GREATEST(0, extract(epoch FROM ($1::timestamptz - points_at)) * 1000) / $2)))::int AS risk
           FROM identity_risks) r
        WHERE risk >= $3 AND ($4::int IS NULL OR (risk, identity_urn) < ($4::int, $5::varchar))
        ORDER BY risk DESC, identity_urn DESC
        LIMIT $6`,
      [
        asOf,
        RISK_HALF_LIFE_MS,
        query.minRisk,
        query.cursor?.[1] ?? null,
        query.cursor?.[2] ?? null,
        query.limit + 1,
      ],
    );
    const shown = rows.slice(0, query.limit);
    const last = shown[shown.length - 1];
    return {
      asOf,
      items: shown.map((row) => ({
        identityUrn: row.identity_urn,
        risk: row.risk,
        signals: row.signals,
        kinds: row.kinds,
        lastSignalAt: row.last_signal_at.toISOString(),
      })),
      nextCursor:
        rows.length > query.limit && last
          ? encodeIdentityCursor([asOf, last.risk, last.identity_urn])
          : null,
    };
  }
}

/** The directories whose sign-ins the detectors read, and how far. */
export async function sourceProgress(manager: EntityManager): Promise<SourceList> {
  const rows: { key: string; state: SourceState | null }[] = await manager.query(
    `SELECT key, state FROM identity_risk_states WHERE key LIKE 'source|%' ORDER BY key`,
  );
  return {
    items: rows.flatMap(({ key, state }) =>
      state
        ? [
            {
              source: key.slice('source|'.length),
              firstSignInAt: new Date(state.firstAt).toISOString(),
              signIns: state.signIns,
            },
          ]
        : [],
    ),
  };
}

function toSignalView(signal: IdentityRiskSignal): SignalView {
  return {
    id: signal.id,
    kind: signal.kind,
    identityUrn: signal.identityUrn,
    subjectUrn: signal.subjectUrn,
    loginIds: signal.loginIds,
    occurredAt: signal.occurredAt.toISOString(),
    details: signal.details,
    risk: signal.risk,
    detectedAt: signal.detectedAt.toISOString(),
  };
}
