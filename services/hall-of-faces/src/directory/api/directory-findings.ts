import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import type { DataSource, EntityManager } from 'typeorm';

import type { DirectorySnapshot } from '../../findings/directory-snapshot';
import {
  computeFindings,
  DEFAULT_FINDING_PARAMETERS,
  type Finding,
  FINDING_KINDS,
  type FindingParameters,
} from '../../findings/finding-rules';
import { type PersonRisk, riskScores } from '../../findings/risk-score';
import {
  SIGN_IN_RISK,
  type SignInRisk,
  type SignInRiskFinding,
  signInRiskFindings,
} from '../../findings/sign-in-risk';
import { identityUrn } from '../identity-urns';
import type { FindingsQuery, FindingsReport, FindingView } from './findings.schemas';

/**
 * Governance findings over the tenant's whole directory, computed when asked (never stale).
 * Sign-in risk (the oracle's, ADR 24) shows in a person's findings and score; the directory
 * report lists it only when asked for by kind, its other kinds being the directory's rules.
 */
export class DirectoryFindings {
  constructor(private readonly dataSource: DataSource) {}

  report(caller: Principal, query: FindingsQuery): Promise<FindingsReport> {
    const asOf = query.asOf ? new Date(query.asOf) : new Date();
    const parameters: FindingParameters = {
      staleDays: query.staleDays ?? DEFAULT_FINDING_PARAMETERS.staleDays,
      dormantPrivilegedDays:
        query.dormantPrivilegedDays ?? DEFAULT_FINDING_PARAMETERS.dormantPrivilegedDays,
      unusedPrivilegedRoleDays:
        query.unusedPrivilegedRoleDays ?? DEFAULT_FINDING_PARAMETERS.unusedPrivilegedRoleDays,
    };
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const { snapshot, directoryOf, signInRisks } = await snapshotOf(manager, caller.tenantId);
      const found: (Finding | SignInRiskFinding)[] =
        query.kind === SIGN_IN_RISK
          ? signInRiskFindings(snapshot, signInRisks, asOf)
          : computeFindings(snapshot, parameters, asOf);
      const items = found
        .filter(
          (f) =>
            (!query.kind || f.kind === query.kind) && (!query.provider || f.idp === query.provider),
        )
        .map((f) => toView(f, directoryOf));
      const counts = Object.fromEntries(
        [...FINDING_KINDS, ...(query.kind === SIGN_IN_RISK ? [SIGN_IN_RISK] : [])].map((kind) => [
          kind,
          items.filter((f) => f.kind === kind).length,
        ]),
      );
      return { asOf: asOf.toISOString(), parameters, counts, items };
    });
  }

  /** One person's findings and risk score, as of now. */
  async forPerson(
    caller: Principal,
    personId: string,
  ): Promise<{ findings: FindingView[]; risk: PersonRisk }> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const { snapshot, directoryOf, signInRisks } = await snapshotOf(manager, caller.tenantId);
      const now = new Date();
      const all = [
        ...computeFindings(snapshot, DEFAULT_FINDING_PARAMETERS, now),
        ...signInRiskFindings(snapshot, signInRisks, now),
      ];
      const mine = all.filter((f) => f.personId === personId);
      return {
        findings: mine.map((f) => toView(f, directoryOf)),
        risk: riskScores(mine).get(personId) ?? { score: 0, findings: 0 },
      };
    });
  }
}

type DirectoryOf = (provider: 'auth0' | 'entra') => string;

function toView(finding: Finding | SignInRiskFinding, directoryOf: DirectoryOf): FindingView {
  const type = finding.kind === 'unused_privileged_role' ? 'role' : 'user';
  return {
    kind: finding.kind,
    provider: finding.idp,
    externalId: finding.accountId,
    urn: identityUrn(finding.idp, directoryOf(finding.idp), type, finding.accountId),
    personId: finding.personId,
    severity: finding.severity,
    summary: finding.summary,
  };
}

/** The tenant's directory as the rules read it; with `personId`, only that person's accounts. */
async function snapshotOf(
  manager: EntityManager,
  tenantId: string,
  personId?: string,
): Promise<{ snapshot: DirectorySnapshot; directoryOf: DirectoryOf; signInRisks: SignInRisk[] }> {
  const person = personId ?? null;
  const accounts: {
    provider: 'auth0' | 'entra';
    external_id: string;
    person_id: string | null;
    email: string | null;
    email_verified: boolean;
    enabled: boolean;
    created_at: Date | null;
    last_sign_in_at: Date | null;
    mfa_registered: boolean | null;
    mfa_used: boolean;
  }[] = await manager.query(
    `SELECT provider, external_id, person_id, email, email_verified, enabled, created_at,
            last_sign_in_at, mfa_registered, mfa_used
       FROM directory_accounts WHERE tenant_id = $1 AND ($2::uuid IS NULL OR person_id = $2)`,
    [tenantId, person],
  );
  const containers: {
    provider: 'auth0' | 'entra';
    kind: 'role' | 'group';
    external_id: string;
    name: string;
    privileged: boolean;
  }[] = await manager.query(
    `SELECT c.provider, k.kind, k.external_id, k.name, k.privileged
         FROM directory_containers k JOIN connected_accounts c ON c.account_id = k.connection_id
        WHERE k.tenant_id = $1`,
    [tenantId],
  );
  const memberships: {
    provider: 'auth0' | 'entra';
    kind: 'role' | 'group';
    container_id: string;
    account_id: string;
  }[] = await manager.query(
    `SELECT c.provider, m.kind, m.container_id, m.account_id
         FROM directory_memberships m JOIN connected_accounts c ON c.account_id = m.connection_id
        WHERE m.tenant_id = $1`,
    [tenantId],
  );
  const directories: { provider: 'auth0' | 'entra'; external_account_id: string }[] =
    await manager.query(
      `SELECT provider, external_account_id FROM connected_accounts
      WHERE tenant_id = $1 AND provider IN ('auth0', 'entra') AND status = 'connected'`,
      [tenantId],
    );
  const directory = new Map(directories.map((d) => [d.provider, d.external_account_id]));
  const risks: {
    provider: 'auth0' | 'entra';
    account_id: string;
    points: number;
    points_at: Date;
    kinds: string[];
  }[] = await manager.query(
    `SELECT provider, account_id, points, points_at, kinds FROM identity_sign_in_risks
      WHERE tenant_id = $1`,
    [tenantId],
  );
  return {
    signInRisks: risks.map((r) => ({
      idp: r.provider,
      accountId: r.account_id,
      points: r.points,
      at: r.points_at,
      kinds: r.kinds,
    })),
    snapshot: {
      accounts: accounts.map((a) => ({
        idp: a.provider,
        externalId: a.external_id,
        personId: a.person_id,
        email: a.email,
        emailVerified: a.email_verified,
        enabled: a.enabled,
        createdAt: a.created_at,
        lastSignInAt: a.last_sign_in_at,
        mfaRegistered: a.mfa_registered,
        mfaUsed: a.mfa_used,
      })),
      containers: containers.map((c) => ({
        idp: c.provider,
        kind: c.kind,
        externalId: c.external_id,
        name: c.name,
        privileged: c.privileged,
      })),
      memberships: memberships.map((m) => ({
        idp: m.provider,
        kind: m.kind,
        containerId: m.container_id,
        accountId: m.account_id,
      })),
    },
    directoryOf: (provider) => directory.get(provider) ?? '-',
  };
}
