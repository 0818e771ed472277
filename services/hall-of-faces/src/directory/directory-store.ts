import type { EntityManager } from 'typeorm';

import type {
  DirectoryChanges,
  IdpAccountSnapshot,
  IdpContainerSnapshot,
  IdpSignIn,
  MembershipChange,
} from './ports';

/** Past this many accounts and memberships in one read, its statements are planned as bulk. */
const BULK_ROWS = 5_000;

/** The connection a batch of changes came from. */
export interface ConnectionRef {
  tenantId: string;
  connectionId: string;
  provider: 'auth0' | 'entra';
}

/** What applying one read changed, for the run's counts and for publishing. */
export interface AppliedChanges {
  /**
   * Accounts of the connection that changed: new or different, other memberships, a later
   * sign-in, another person. A re-read that finds nothing new changes none.
   */
  accountIds: string[];
  removedAccountIds: string[];
  containersChanged: boolean;
  /** Roles and groups the provider no longer has. */
  removedContainers: { kind: 'role' | 'group'; externalId: string }[];
  /** People left with no account, and so forgotten. */
  removedPersonIds: string[];
  /** Memberships added or removed. */
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
    const bulk = changes.full || changes.accounts.length + changes.memberships.length > BULK_ROWS;
    // A bulk write is planned on statistics from before it (autovacuum analyzes after the
    // commit, and the runtime role may not ANALYZE): a nested loop over a table thought tiny
    // runs for minutes on 200,000 memberships, where hash joins take a second.
    if (bulk) await manager.query(`SET LOCAL enable_nestloop = off`);
    const upserted = await this.upsertAccounts(manager, connection, changes.accounts, syncedAt);
    const removed = changes.full
      ? await this.removeAccountsNotIn(manager, connectionId, changes.accounts)
      : await this.removeAccounts(manager, connectionId, changes.removedAccountIds);
    const dropped = changes.containers
      ? await this.replaceContainers(manager, connection, [
          ...changes.containers.roles.map((c) => ({ ...c, kind: 'role' as const })),
          ...changes.containers.groups.map((c) => ({ ...c, kind: 'group' as const })),
        ])
      : { removed: [], holders: [] };
    const regrouped = await this.applyMemberships(manager, connection, changes);
    const signedIn = await this.recordSignIns(manager, connectionId, changes.signIns);
    const relinked = await this.linkByEmail(manager, connection.tenantId);
    const removedPersonIds = await this.forgetPeopleWithoutAccounts(manager, connection.tenantId);
    if (bulk) await manager.query(`SET LOCAL enable_nestloop = on`);
    const accountIds = new Set([
      ...upserted,
      ...dropped.holders,
      ...regrouped.accountIds,
      ...signedIn,
      ...relinked.filter((row) => row.connectionId === connectionId).map((row) => row.accountId),
    ]);
    for (const id of removed.map((row) => row.accountId)) accountIds.delete(id);
    const gone = new Set(removedPersonIds);
    const people = [
      ...(await this.personIdsOf(manager, connectionId, [...accountIds])),
      ...removed.flatMap((row) => (row.personId ? [row.personId] : [])),
      ...relinked.flatMap((row) => [row.before, row.after]),
    ];
    return {
      accountIds: [...accountIds],
      removedAccountIds: removed.map((row) => row.accountId),
      containersChanged: changes.containers !== undefined,
      removedContainers: dropped.removed,
      memberships: dropped.holders.length + regrouped.count,
      signIns: changes.signIns.length,
      personIds: [...new Set(people)].filter((id): id is string => id !== null && !gone.has(id)),
      removedPersonIds,
    };
  }

  private async personIdsOf(
    manager: EntityManager,
    connectionId: string,
    accountIds: string[],
  ): Promise<string[]> {
    if (accountIds.length === 0) return [];
    const rows: { person_id: string }[] = await manager.query(
      `SELECT DISTINCT person_id FROM directory_accounts
        WHERE connection_id = $1 AND person_id IS NOT NULL AND external_id = ANY($2::varchar[])`,
      [connectionId, accountIds],
    );
    return rows.map((row) => row.person_id);
  }

  /** Inserts new accounts and updates changed ones; answers the ids of both, not of the rest. */
  private async upsertAccounts(
    manager: EntityManager,
    connection: ConnectionRef,
    accounts: readonly IdpAccountSnapshot[],
    syncedAt: Date,
  ): Promise<string[]> {
    if (accounts.length === 0) return [];
    const rows: { external_id: string }[] = await manager.query(
      `INSERT INTO directory_accounts AS d (connection_id, external_id, tenant_id, provider, email,
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
              created_at = COALESCE(EXCLUDED.created_at, d.created_at),
              last_sign_in_at = GREATEST(EXCLUDED.last_sign_in_at, d.last_sign_in_at),
              mfa_registered = COALESCE(EXCLUDED.mfa_registered, d.mfa_registered),
              attributes = EXCLUDED.attributes,
              synced_at = EXCLUDED.synced_at
        WHERE (d.email, d.email_verified, d.display_name, d.enabled, d.created_at,
               d.last_sign_in_at, d.mfa_registered, d.attributes)
              IS DISTINCT FROM
              (EXCLUDED.email, EXCLUDED.email_verified, EXCLUDED.display_name, EXCLUDED.enabled,
               COALESCE(EXCLUDED.created_at, d.created_at),
               GREATEST(EXCLUDED.last_sign_in_at, d.last_sign_in_at),
               COALESCE(EXCLUDED.mfa_registered, d.mfa_registered), EXCLUDED.attributes)
       RETURNING d.external_id`,
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
      ],
    );
    return rows.map((row) => row.external_id);
  }

  private async removeAccountsNotIn(
    manager: EntityManager,
    connectionId: string,
    accounts: readonly IdpAccountSnapshot[],
  ): Promise<RemovedAccount[]> {
    // A DELETE … RETURNING answers [rows, affected count].
    const [rows] = await manager.query<[RemovedRow[], number]>(
      `DELETE FROM directory_accounts
        WHERE connection_id = $1 AND NOT (external_id = ANY($2::varchar[]))
        RETURNING external_id, person_id`,
      [connectionId, accounts.map((a) => a.externalId)],
    );
    return rows.map(removedAccount);
  }

  private async removeAccounts(
    manager: EntityManager,
    connectionId: string,
    accountIds: readonly string[],
  ): Promise<RemovedAccount[]> {
    if (accountIds.length === 0) return [];
    await manager.query(
      `DELETE FROM directory_memberships WHERE connection_id = $1 AND account_id = ANY($2::varchar[])`,
      [connectionId, accountIds],
    );
    const [rows] = await manager.query<[RemovedRow[], number]>(
      `DELETE FROM directory_accounts WHERE connection_id = $1 AND external_id = ANY($2::varchar[])
        RETURNING external_id, person_id`,
      [connectionId, accountIds],
    );
    return rows.map(removedAccount);
  }

  private async replaceContainers(
    manager: EntityManager,
    connection: ConnectionRef,
    containers: readonly (IdpContainerSnapshot & { kind: 'role' | 'group' })[],
  ): Promise<{ removed: AppliedChanges['removedContainers']; holders: string[] }> {
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
    const holders: string[] = [];
    if (removed.length > 0) {
      // An incremental read names no membership of a role or group that is gone: drop them here.
      const [dropped] = await manager.query<[{ account_id: string }[], number]>(
        `DELETE FROM directory_memberships m USING jsonb_to_recordset($2::jsonb)
              AS r(kind varchar, external_id varchar)
          WHERE m.connection_id = $1 AND m.kind = r.kind AND m.container_id = r.external_id
          RETURNING m.account_id`,
        [connection.connectionId, JSON.stringify(removed)],
      );
      for (const row of dropped) holders.push(row.account_id);
    }
    if (containers.length === 0) return { removed: gone, holders };
    await manager.query(
      `INSERT INTO directory_containers (connection_id, kind, external_id, tenant_id, name, description, privileged)
       SELECT $1, n.kind, n.external_id, $2, n.name, n.description, n.privileged
         FROM jsonb_to_recordset($3::jsonb) AS n(kind varchar, external_id varchar, name varchar,
              description text, privileged boolean)
       ON CONFLICT ON CONSTRAINT pk_directory_containers DO UPDATE SET
              name = EXCLUDED.name, description = EXCLUDED.description, privileged = EXCLUDED.privileged`,
      [connection.connectionId, connection.tenantId, JSON.stringify(containers.map(containerRow))],
    );
    return { removed: gone, holders };
  }

  /**
   * Full: the connection's memberships become exactly the read's, touching only the difference.
   * Incremental: the net changes, after replacing the role memberships of `rolesReplacedFor`.
   * Answers how many memberships were added or removed, and whose.
   */
  private async applyMemberships(
    manager: EntityManager,
    connection: ConnectionRef,
    changes: DirectoryChanges,
  ): Promise<{ count: number; accountIds: string[] }> {
    const { connectionId, tenantId } = connection;
    const touched: string[] = [];
    const added = changes.memberships.filter((m) => changes.full || !m.removed);
    const removed = changes.full ? [] : changes.memberships.filter((m) => m.removed);
    if (changes.full || changes.rolesReplacedFor.length > 0) {
      // What the read holds is kept; the rest of the replaced scope goes.
      const [gone] = await manager.query<[{ account_id: string }[], number]>(
        `DELETE FROM directory_memberships m
          WHERE m.connection_id = $1
            AND ($2 OR (m.kind = 'role' AND m.account_id = ANY($3::varchar[])))
            AND NOT EXISTS (SELECT 1 FROM unnest($4::varchar[], $5::varchar[], $6::varchar[])
                                     AS k(kind, container_id, account_id)
                             WHERE k.kind = m.kind AND k.container_id = m.container_id
                               AND k.account_id = m.account_id)
          RETURNING m.account_id`,
        [connectionId, changes.full, changes.rolesReplacedFor, ...columnsOf(added)],
      );
      for (const row of gone) touched.push(row.account_id);
    }
    if (removed.length > 0) {
      const [gone] = await manager.query<[{ account_id: string }[], number]>(
        `DELETE FROM directory_memberships m
          USING unnest($2::varchar[], $3::varchar[], $4::varchar[]) AS k(kind, container_id, account_id)
          WHERE m.connection_id = $1 AND m.kind = k.kind AND m.container_id = k.container_id
            AND m.account_id = k.account_id
          RETURNING m.account_id`,
        [connectionId, ...columnsOf(removed)],
      );
      for (const row of gone) touched.push(row.account_id);
    }
    if (added.length > 0) {
      const inserted: { account_id: string }[] = await manager.query(
        `INSERT INTO directory_memberships (connection_id, kind, container_id, account_id, tenant_id)
         SELECT $1, k.kind, k.container_id, k.account_id, $2
           FROM unnest($3::varchar[], $4::varchar[], $5::varchar[]) AS k(kind, container_id, account_id)
         ON CONFLICT ON CONSTRAINT pk_directory_memberships DO NOTHING
         RETURNING account_id`,
        [connectionId, tenantId, ...columnsOf(added)],
      );
      for (const row of inserted) touched.push(row.account_id);
    }
    return { count: touched.length, accountIds: [...new Set(touched)] };
  }

  /** A successful sign-in moves the account's last sign-in on; one with MFA marks MFA as used. */
  private async recordSignIns(
    manager: EntityManager,
    connectionId: string,
    signIns: readonly IdpSignIn[],
  ): Promise<string[]> {
    const latest = new Map<string, { at: Date; mfa: boolean }>();
    for (const signIn of signIns) {
      if (!signIn.succeeded || !signIn.accountId) continue;
      const seen = latest.get(signIn.accountId);
      latest.set(signIn.accountId, {
        at: seen && seen.at > signIn.occurredAt ? seen.at : signIn.occurredAt,
        mfa: (seen?.mfa ?? false) || signIn.mfa,
      });
    }
    if (latest.size === 0) return [];
    const [rows] = await manager.query<[{ external_id: string }[], number]>(
      `UPDATE directory_accounts a
          SET last_sign_in_at = GREATEST(a.last_sign_in_at, s.at),
              mfa_used = a.mfa_used OR s.mfa
         FROM jsonb_to_recordset($2::jsonb) AS s(account_id varchar, at timestamptz, mfa boolean)
        WHERE a.connection_id = $1 AND a.external_id = s.account_id
          AND (a.last_sign_in_at IS NULL OR a.last_sign_in_at < s.at OR (s.mfa AND NOT a.mfa_used))
        RETURNING a.external_id`,
      [
        connectionId,
        JSON.stringify([...latest].map(([accountId, s]) => ({ account_id: accountId, ...s }))),
      ],
    );
    return rows.map((row) => row.external_id);
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
   * by hand stay as they are. Answers the accounts whose person changed, with both people.
   */
  async linkByEmail(manager: EntityManager, tenantId: string): Promise<Relinked[]> {
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
    // Joined to itself, the account is also read as it was before the update: its old person.
    const [linked] = await manager.query<[RelinkedRow[], number]>(
      `UPDATE directory_accounts a SET person_id = p.id, link_source = 'email'
         FROM directory_people p, directory_accounts old
        WHERE a.tenant_id = $1 AND p.tenant_id = $1 AND p.email = a.email
          AND a.email_verified AND (a.link_source IS NULL OR a.link_source = 'email')
          AND a.person_id IS DISTINCT FROM p.id
          AND old.connection_id = a.connection_id AND old.external_id = a.external_id
        RETURNING a.connection_id, a.external_id, old.person_id AS before, a.person_id AS after`,
      [tenantId],
    );
    const [unlinked] = await manager.query<[RelinkedRow[], number]>(
      `UPDATE directory_accounts a SET person_id = NULL, link_source = NULL
         FROM directory_accounts old
        WHERE a.tenant_id = $1 AND a.link_source = 'email' AND (NOT a.email_verified OR a.email IS NULL)
          AND old.connection_id = a.connection_id AND old.external_id = a.external_id
        RETURNING a.connection_id, a.external_id, old.person_id AS before, NULL::uuid AS after`,
      [tenantId],
    );
    return [...linked, ...unlinked].map((row) => ({
      connectionId: row.connection_id,
      accountId: row.external_id,
      before: row.before,
      after: row.after,
    }));
  }
}

/** An account whose person changed: `before` and `after` are person ids, null for none. */
export interface Relinked {
  connectionId: string;
  accountId: string;
  before: string | null;
  after: string | null;
}

interface RelinkedRow {
  connection_id: string;
  external_id: string;
  before: string | null;
  after: string | null;
}

interface RemovedRow {
  external_id: string;
  person_id: string | null;
}

interface RemovedAccount {
  accountId: string;
  personId: string | null;
}

function removedAccount(row: RemovedRow): RemovedAccount {
  return { accountId: row.external_id, personId: row.person_id };
}

/** Memberships as three parallel arrays, for `unnest`: kinds, containers, accounts. */
function columnsOf(memberships: readonly MembershipChange[]): [string[], string[], string[]] {
  return [
    memberships.map((m) => m.kind),
    memberships.map((m) => m.containerId),
    memberships.map((m) => m.accountId),
  ];
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
