import { randomUUID } from 'node:crypto';

import type { DeliveredEvent } from '@codex/messaging';
import { Outbox } from '@codex/messaging';
import { withTenant } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { DetectorStateStore } from './detector-state-store';
import {
  type DetectedSignal,
  detectSignIns,
  identityKey,
  ipKey,
  sourceKey,
} from './detectors/detect-sign-ins';
import type { SignIn } from './detectors/sign-in';
import { identityRiskInsight } from './identity-risk-insight';
import type { IdentityRiskSignal } from './identity-risk-signal.entity';
import { signInOfLogin } from './sign-in-of-login';

type Observed = DeliveredEvent<'login.observed'>;

/**
 * Runs the sign-in detectors over each tenant's `login.observed` in the batch's transaction:
 * their state moves forward with the inbox marks, so a redelivered batch detects nothing twice.
 * Each signal is recorded once (by kind and triggering sign-in), raises its account's risk
 * and is announced once as an `insight.generated`.
 */
@Injectable()
export class DetectIdentityRisk {
  private readonly states = new DetectorStateStore();

  constructor(private readonly outbox: Outbox) {}

  async apply(events: Observed[], manager: EntityManager): Promise<void> {
    const byTenant = new Map<string, SignIn[]>();
    for (const { payload } of events) {
      if (!payload.tenantId) continue;
      byTenant.set(payload.tenantId, [
        ...(byTenant.get(payload.tenantId) ?? []),
        signInOfLogin(payload),
      ]);
    }
    for (const [tenantId, signIns] of byTenant)
      await withTenant(manager, tenantId, (scoped) => this.detect(scoped, tenantId, signIns));
  }

  private async detect(manager: EntityManager, tenantId: string, signIns: SignIn[]): Promise<void> {
    const unique = <T>(values: T[]): T[] => [...new Set(values)];
    const states = await this.states.lock(manager, tenantId, {
      identities: unique(signIns.filter((s) => s.identityUrn).map(identityKey)),
      ips: unique(signIns.filter((s) => s.failed && s.ip).map(ipKey)),
      sources: unique(signIns.map(sourceKey)),
    });
    const signals = detectSignIns(signIns, states);
    await this.states.save(manager, tenantId, states);
    const detectedAt = new Date();
    for (const detected of signals) {
      const signal = toRecord(tenantId, detected, detectedAt);
      if (!(await this.insert(manager, signal))) continue;
      if (signal.identityUrn)
        await this.raiseRisk(manager, signal, states.identities.get(signal.identityUrn)?.risk);
      await this.outbox.add(manager, 'insight.generated', [
        {
          payload: identityRiskInsight(signal),
          metadata: { key: signal.subjectUrn, tenantId },
        },
      ]);
    }
  }

  private async insert(manager: EntityManager, signal: IdentityRiskSignal): Promise<boolean> {
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO identity_risk_signals (id, tenant_id, kind, identity_urn, subject_urn, dedupe_key,
                                          login_ids, occurred_at, details, risk, detected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (tenant_id, dedupe_key) DO NOTHING RETURNING id`,
      [
        signal.id,
        signal.tenantId,
        signal.kind,
        signal.identityUrn,
        signal.subjectUrn,
        signal.dedupeKey,
        JSON.stringify(signal.loginIds),
        signal.occurredAt,
        JSON.stringify(signal.details),
        signal.risk,
        signal.detectedAt,
      ],
    );
    return inserted.length > 0;
  }

  /** The account's risk as the detectors now hold it, with this signal counted. */
  private async raiseRisk(
    manager: EntityManager,
    signal: IdentityRiskSignal,
    risk: { points: number; at: number } | undefined,
  ): Promise<void> {
    if (!risk) return;
    await manager.query(
      `INSERT INTO identity_risks (tenant_id, identity_urn, points, points_at, signals, kinds, last_signal_at)
       VALUES ($1, $2, $3, $4, 1, jsonb_build_array($5::text), $6)
       ON CONFLICT ON CONSTRAINT pk_identity_risks DO UPDATE SET
         points = EXCLUDED.points, points_at = EXCLUDED.points_at,
         signals = identity_risks.signals + 1,
         kinds = CASE WHEN identity_risks.kinds ? $5 THEN identity_risks.kinds
                      ELSE identity_risks.kinds || jsonb_build_array($5::text) END,
         last_signal_at = GREATEST(identity_risks.last_signal_at, EXCLUDED.last_signal_at)`,
      [
        signal.tenantId,
        signal.identityUrn,
        risk.points,
        new Date(risk.at),
        signal.kind,
        signal.occurredAt,
      ],
    );
  }
}

function toRecord(tenantId: string, signal: DetectedSignal, detectedAt: Date): IdentityRiskSignal {
  return {
    id: randomUUID(),
    tenantId,
    kind: signal.kind,
    identityUrn: signal.identityUrn,
    subjectUrn:
      signal.identityUrn || addressUrn(String(signal.details.source), String(signal.details.ip)),
    dedupeKey: `${signal.kind}:${signal.loginIds[signal.loginIds.length - 1] ?? ''}`,
    loginIds: signal.loginIds,
    occurredAt: new Date(signal.at),
    details: signal.details,
    risk: signal.risk,
    detectedAt,
  };
}

/** `codex:auth0:<tenant>:-:network/ip-address/<ip>`: an address seen by one directory. */
function addressUrn(source: string, ip: string): string {
  const [provider = 'unknown', directory = '-'] = source.split(':');
  return `codex:${provider}:${directory}:-:network/ip-address/${ip}`;
}
