import type { EntityManager } from 'typeorm';

import type {
  DirectoryChanges,
  IdpAccountSnapshot,
  IdpContainerSnapshot,
  IdpSignIn,
  MembershipChange,
} from './ports';

/** The connection a batch of changes came from. */
export interface ConnectionRef {
  tenantId: string;
  connectionId: string;
  provider: 'auth0' | 'entra';
}

/** What applying one read changed, for the run's counts and for publishing. */
export interface AppliedChanges {
  accountIds: string[];
  removedAccountIds: string[];
  containersChanged: boolean;
  /** Roles and groups the provider no longer has. */
  removedContainers: { kind: 'role' | 'group'; externalId: string }[];
  /** People left with no account, and so forgotten. */
  removedPersonIds: string[];
  memberships: number;
  signIns: number;
  /** People whose accounts changed (linked, unlinked, or an account of theirs changed). */
  personIds: string[];
}

/**
 * Writes what a provider read into the directory, set-based (one statement per table), inside
 * the caller's transaction and tenant scope. A full read replaces the connection's directory;
 * an incremental one patches it, keeping what it does not mention (an incremental account
 * snapshot with no last sign-in or MFA registration keeps the stored one).
 */
export class DirectoryStore {
  async apply(
    manager: EntityManager,
    connection: ConnectionRef,
    changes: DirectoryChanges,
    syncedAt: Date,
  ): Promise<AppliedChanges> {
    const { connectionId } = connection;
    const before = await this.personIdsOf(
      manager,
      connectionId,
      [
        ...changes.removedAccountIds,
        ...(changes.full ? [] : changes.accounts.map((a) => a.externalId)),
      ],
      changes.full,
    );
    await this.upsertAccounts(manager, connection, changes.accounts, syncedAt, changes.full);
    const removed = changes.full
      ? await this.removeAccountsNotIn(manager, connectionId, changes.accounts)
      : await this.removeAccounts(manager, connectionId, changes.removedAccountIds);
    let removedContainers: AppliedChanges['removedContainers'] = [];
    if (changes.containers) {
      removedContainers = await this.replaceContainers(manager, connection, [
        ...changes.containers.roles.map((c) => ({ ...c, kind: 'role' as const })),
        ...changes.containers.groups.map((c) => ({ ...c, kind: 'group' as const })),
      ]);
    }
    const memberships = await this.applyMemberships(manager, connection, changes);
    await this.recordSignIns(manager, connectionId, changes.signIns);
    await this.linkByEmail(manager, connection.tenantId);
    const removedPersonIds = await this.forgetPeopleWithoutAccounts(manager, connection.tenantId);
    const accountIds = changes.accounts.map((a) => a.externalId);
    const after = await this.personIdsOf(manager, connectionId, accountIds, false);
    const gone = new Set(removedPersonIds);
    return {
      accountIds,
      removedAccountIds: removed,
      containersChanged: changes.containers !== undefined,
      removedContainers,
      memberships,
      signIns: changes.signIns.length,
      personIds: [...new Set([...before, ...after])].filter((id) => !gone.has(id)),
      removedPersonIds,
    };
  }

  private async personIdsOf(
    manager: EntityManager,
    connectionId: string,
    accountIds: string[],
    all: boolean,
  ): Promise<string[]> {
    const rows: { person_id: string }[] = await manager.query(
      `SELECT DISTINCT person_id FROM directory_accounts
        WHERE connection_id = $1 AND person_id IS NOT NULL AND ($2 OR external_id = ANY($3::varchar[]))`,
      [connectionId, all, accountIds],
    );
    return rows.map((row) => row.person_id);
  }

  private async upsertAccounts(
    manager: EntityManager,
    connection: ConnectionRef,
    accounts: readonly IdpAccountSnapshot[],
    syncedAt: Date,
    full: boolean,
  ): Promise<void> {
    if (accounts.length === 0) return;
    await manager.query(
      `INSERT INTO directory_accounts (connection_id, external_id, tenant_id, provider, email,
              email_verified, display_name, enabled, created_at, last_sign_in_at, mfa_registered,
              attributes, synced_at)
       SELECT $1, a.external_id, $2, $3, a.email, a.email_verified, a.display_name, a.enabled,
              a.created_at, a.last_sign_in_at, a.mfa_registered, a.attributes, $4
         FROM jsonb_to_recordset($5::jsonb) AS a(external_id varchar, email varchar,
              email_verified boolean, display_name varchar, enabled boolean,
              created_at timestamptz, last_sign_in_at timestamptz, mfa_registered boolean,
              attributes jsonb)
       ON CONFLICT ON CONSTRAINT pk_directory_accounts DO UPDATE SET
              email = EXCLUDED.email,
              email_verified = EXCLUDED.email_verified,
              display_name = EXCLUDED.display_name,
              enabled = EXCLUDED.enabled,
              created_at = COALESCE(EXCLUDED.created_at, directory_accounts.created_at),
              last_sign_in_at = CASE WHEN $6 THEN EXCLUDED.last_sign_in_at
                ELSE GREATEST(EXCLUDED.last_sign_in_at, directory_accounts.last_sign_in_at) END,
              mfa_registered = COALESCE(EXCLUDED.mfa_registered, directory_accounts.mfa_registered),
              attributes = EXCLUDED.attributes,
              synced_at = EXCLUDED.synced_at`,
      [
        connection.connectionId,
        connection.tenantId,
        connection.provider,
        syncedAt,
        JSON.stringify(
          accounts.map((a) => ({
            external_id: a.externalId,
            email: a.email?.toLowerCase() ?? null,
            email_verified: a.emailVerified,
            display_name: a.displayName.slice(0, 256),
            enabled: a.enabled,
            created_at: a.createdAt,
            last_sign_in_at: a.lastSignInAt,
            mfa_registered: a.mfaRegistered,
            attributes: a.attributes,
          })),
        ),
        full,
      ],
    );
  }

  private async removeAccountsNotIn(
    manager: EntityManager,
    connectionId: string,
    accounts: readonly IdpAccountSnapshot[],
  ): Promise<string[]> {
    // A DELETE … RETURNING answers [rows, affected count].
    const [rows] = await manager.query<[{ external_id: string }[], number]>(
      `DELETE FROM directory_accounts
        WHERE connection_id = $1 AND NOT (external_id = ANY($2::varchar[]))
        RETURNING external_id`,
      [connectionId, accounts.map((a) => a.externalId)],
    );
    return rows.map((row) => row.external_id);
  }

  private async removeAccounts(
    manager: EntityManager,
    connectionId: string,
    accountIds: readonly string[],
  ): Promise<string[]> {
    if (accountIds.length === 0) return [];
    await manager.query(
      `DELETE FROM directory_memberships WHERE connection_id = $1 AND account_id = ANY($2::varchar[])`,
      [connectionId, accountIds],
    );
    const [rows] = await manager.query<[{ external_id: string }[], number]>(
      `DELETE FROM directory_accounts WHERE connection_id = $1 AND external_id = ANY($2::varchar[])
        RETURNING external_id`,
      [connectionId, accountIds],
    );
    return rows.map((row) => row.external_id);
  }

  private async replaceContainers(
    manager: EntityManager,
    connection: ConnectionRef,
    containers: readonly (IdpContainerSnapshot & { kind: 'role' | 'group' })[],
  ): Promise<AppliedChanges['removedContainers']> {
    const [removed] = await manager.query<
      [{ kind: 'role' | 'group'; external_id: string }[], number]
    >(
      `DELETE FROM directory_containers c WHERE c.connection_id = $1
          AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS n(kind varchar, external_id varchar)
                           WHERE n.kind = c.kind AND n.external_id = c.external_id)
        RETURNING c.kind, c.external_id`,
      [connection.connectionId, JSON.stringify(containers.map(containerRow))],
    );
    const gone = removed.map((row) => ({ kind: row.kind, externalId: row.external_id }));
    if (removed.length > 0) {
      // An incremental read names no membership of a role or group that is gone: drop them here.
      await manager.query(
        `DELETE FROM directory_memberships m USING jsonb_to_recordset($2::jsonb)
              AS r(kind varchar, external_id varchar)
          WHERE m.connection_id = $1 AND m.kind = r.kind AND m.container_id = r.external_id`,
        [connection.connectionId, JSON.stringify(removed)],
      );
    }
    if (containers.length === 0) return gone;
    await manager.query(
      `INSERT INTO directory_containers (connection_id, kind, external_id, tenant_id, name, description, privileged)
       SELECT $1, n.kind, n.external_id, $2, n.name, n.description, n.privileged
         FROM jsonb_to_recordset($3::jsonb) AS n(kind varchar, external_id varchar, name varchar,
              description text, privileged boolean)
       ON CONFLICT ON CONSTRAINT pk_directory_containers DO UPDATE SET
              name = EXCLUDED.name, description = EXCLUDED.description, privileged = EXCLUDED.privileged`,
      [connection.connectionId, connection.tenantId, JSON.stringify(containers.map(containerRow))],
    );
    return gone;
  }

  private async applyMemberships(
    manager: EntityManager,
    connection: ConnectionRef,
    changes: DirectoryChanges,
  ): Promise<number> {
    const { connectionId } = connection;
    if (changes.full) {
      await manager.query(`DELETE FROM directory_memberships WHERE connection_id = $1`, [
        connectionId,
      ]);
    } else if (changes.rolesReplacedFor.length > 0) {
      await manager.query(
        `DELETE FROM directory_memberships
          WHERE connection_id = $1 AND kind = 'role' AND account_id = ANY($2::varchar[])`,
        [connectionId, changes.rolesReplacedFor],
      );
    }
    const removed = changes.memberships.filter((m) => m.removed);
    const added = changes.memberships.filter((m) => !m.removed);
    if (removed.length > 0) {
      await manager.query(
        `DELETE FROM directory_memberships m USING jsonb_to_recordset($2::jsonb)
              AS r(kind varchar, container_id varchar, account_id varchar)
          WHERE m.connection_id = $1 AND m.kind = r.kind AND m.container_id = r.container_id
            AND m.account_id = r.account_id`,
        [connectionId, JSON.stringify(removed.map(membershipRow))],
      );
    }
    if (added.length > 0) {
      await manager.query(
        `INSERT INTO directory_memberships (connection_id, kind, container_id, account_id, tenant_id)
         SELECT $1, r.kind, r.container_id, r.account_id, $2
           FROM jsonb_to_recordset($3::jsonb) AS r(kind varchar, container_id varchar, account_id varchar)
         ON CONFLICT ON CONSTRAINT pk_directory_memberships DO NOTHING`,
        [connectionId, connection.tenantId, JSON.stringify(added.map(membershipRow))],
      );
    }
    return changes.memberships.length;
  }

  /** A successful sign-in moves the account's last sign-in on; one with MFA marks MFA as used. */
  private async recordSignIns(
    manager: EntityManager,
    connectionId: string,
    signIns: readonly IdpSignIn[],
  ): Promise<void> {
    const latest = new Map<string, { at: Date; mfa: boolean }>();
    for (const signIn of signIns) {
      if (!signIn.succeeded || !signIn.accountId) continue;
      const seen = latest.get(signIn.accountId);
      latest.set(signIn.accountId, {
        at: seen && seen.at > signIn.occurredAt ? seen.at : signIn.occurredAt,
        mfa: (seen?.mfa ?? false) || signIn.mfa,
      });
    }
    if (latest.size === 0) return;
    await manager.query(
      `UPDATE directory_accounts a
          SET last_sign_in_at = GREATEST(a.last_sign_in_at, s.at),
              mfa_used = a.mfa_used OR s.mfa
         FROM jsonb_to_recordset($2::jsonb) AS s(account_id varchar, at timestamptz, mfa boolean)
        WHERE a.connection_id = $1 AND a.external_id = s.account_id`,
      [
        connectionId,
        JSON.stringify([...latest].map(([accountId, s]) => ({ account_id: accountId, ...s }))),
      ],
    );
  }

  /**
   * Forgets the people no account belongs to any more and no account with their verified
   * e-mail is left (an account unlinked by hand keeps its person, to be linked back); answers
   * their ids.
   */
  async forgetPeopleWithoutAccounts(manager: EntityManager, tenantId: string): Promise<string[]> {
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `DELETE FROM directory_people p
        WHERE p.tenant_id = $1
          AND NOT EXISTS (SELECT 1 FROM directory_accounts a
                           WHERE a.tenant_id = p.tenant_id
                             AND (a.person_id = p.id OR (a.email = p.email AND a.email_verified)))
        RETURNING p.id`,
      [tenantId],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Links every account with a verified e-mail to the person of that e-mail (creating the
   * person), and lets go of accounts whose e-mail is no longer verified. Links made or undone
   * by hand stay as they are.
   */
  async linkByEmail(manager: EntityManager, tenantId: string): Promise<void> {
    await manager.query(
      `INSERT INTO directory_people (id, tenant_id, email, display_name)
       SELECT gen_random_uuid(), $1::varchar, a.email, MIN(a.display_name)
         FROM directory_accounts a
        WHERE a.tenant_id = $1::varchar AND a.email_verified AND a.email IS NOT NULL
          AND (a.link_source IS NULL OR a.link_source = 'email')
        GROUP BY a.email
       ON CONFLICT (tenant_id, email) DO NOTHING`,
      [tenantId],
    );
    await manager.query(
      `UPDATE directory_accounts a SET person_id = p.id, link_source = 'email'
         FROM directory_people p
        WHERE a.tenant_id = $1 AND p.tenant_id = $1 AND p.email = a.email
          AND a.email_verified AND (a.link_source IS NULL OR a.link_source = 'email')
          AND a.person_id IS DISTINCT FROM p.id`,
      [tenantId],
    );
    await manager.query(
      `UPDATE directory_accounts SET person_id = NULL, link_source = NULL
        WHERE tenant_id = $1 AND link_source = 'email' AND (NOT email_verified OR email IS NULL)`,
      [tenantId],
    );
  }
}

function containerRow(container: IdpContainerSnapshot & { kind: 'role' | 'group' }) {
  return {
    kind: container.kind,
    external_id: container.externalId,
    name: container.name.slice(0, 256),
    description: container.description,
    privileged: container.privileged,
  };
}

function membershipRow(membership: MembershipChange) {
  return {
    kind: membership.kind,
    container_id: membership.containerId,
    account_id: membership.accountId,
  };
}
