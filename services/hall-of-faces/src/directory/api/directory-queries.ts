import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { cursorTimeSql, encodeCursor, type Page } from '@codex/platform';
import { ProblemException } from '@codex/platform';
import type { DataSource, EntityManager } from 'typeorm';

import { identityUrn, personUrn } from '../identity-urns';
import type {
  AccountsQuery,
  AccountView,
  DirectoryCounts,
  PeopleQuery,
  PersonSummary,
} from './directory.schemas';

interface AccountRow {
  connection_id: string;
  external_id: string;
  external_account_id: string;
  provider: 'auth0' | 'entra';
  person_id: string | null;
  link_source: 'email' | 'manual' | null;
  email: string | null;
  email_verified: boolean;
  display_name: string;
  enabled: boolean;
  created_at: Date | null;
  last_sign_in_at: Date | null;
  mfa_registered: boolean | null;
  mfa_used: boolean;
  attributes: Record<string, string | number | boolean | null>;
  memberships: { kind: 'role' | 'group'; id: string; name: string; privileged: boolean }[];
}

const ACCOUNT_SELECT = `
  SELECT a.connection_id, a.external_id, c.external_account_id, a.provider, a.person_id,
         a.link_source, a.email, a.email_verified, a.display_name, a.enabled, a.created_at,
         a.last_sign_in_at, a.mfa_registered, a.mfa_used, a.attributes,
         COALESCE((SELECT json_agg(json_build_object('kind', k.kind, 'id', k.external_id,
                          'name', k.name, 'privileged', k.privileged) ORDER BY k.kind, k.name)
                     FROM directory_memberships m
                     JOIN directory_containers k ON k.connection_id = m.connection_id
                      AND k.kind = m.kind AND k.external_id = m.container_id
                    WHERE m.connection_id = a.connection_id AND m.account_id = a.external_id),
                  '[]') AS memberships
    FROM directory_accounts a
    JOIN connected_accounts c ON c.account_id = a.connection_id`;

/** The directory as people read it: people, their accounts, roles and groups. */
export class DirectoryQueries {
  constructor(private readonly dataSource: DataSource) {}

  people(caller: Principal, query: PeopleQuery): Promise<Page<PersonSummary>> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const params: unknown[] = [caller.tenantId];
      const where = ['p.tenant_id = $1'];
      const add = (sql: (n: string) => string, value: unknown) => {
        params.push(value);
        where.push(sql(`$${params.length}`));
      };
      if (query.q) {
        add((n) => `(p.email ILIKE ${n} OR p.display_name ILIKE ${n})`, `%${escapeLike(query.q)}%`);
      }
      if (query.provider) {
        add(
          (n) =>
            `EXISTS (SELECT 1 FROM directory_accounts a WHERE a.person_id = p.id AND a.provider = ${n})`,
          query.provider,
        );
      }
      if (query.enabled !== undefined) {
        add(
          (n) =>
            `EXISTS (SELECT 1 FROM directory_accounts a WHERE a.person_id = p.id AND a.enabled) = ${n}`,
          query.enabled,
        );
      }
      if (query.privileged !== undefined) {
        add(
          (n) => `EXISTS (SELECT 1 FROM directory_accounts a
                    JOIN directory_memberships m ON m.connection_id = a.connection_id AND m.account_id = a.external_id
                    JOIN directory_containers k ON k.connection_id = m.connection_id AND k.kind = m.kind AND k.external_id = m.container_id
                   WHERE a.person_id = p.id AND k.privileged) = ${n}`,
          query.privileged,
        );
      }
      if (query.cursor) {
        params.push(query.cursor.at, query.cursor.id);
        where.push(
          `(p.created_at, p.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
        );
      }
      params.push(query.limit + 1);
      const rows: (PersonRow & { cursor_at: string })[] = await manager.query(
        `${PERSON_SELECT} WHERE ${where.join(' AND ')}
          GROUP BY p.id ORDER BY p.created_at, p.id LIMIT $${params.length}`,
        params,
      );
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      return {
        items: items.map((row) => toPersonSummary(caller.tenantId, row)),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({ at: last.cursor_at, id: last.id })
            : null,
      };
    });
  }

  async person(
    caller: Principal,
    personId: string,
  ): Promise<{ person: PersonSummary; accounts: AccountView[] }> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const rows: (PersonRow & { cursor_at: string })[] = await manager.query(
        `${PERSON_SELECT} WHERE p.tenant_id = $1 AND p.id = $2 GROUP BY p.id`,
        [caller.tenantId, personId],
      );
      const row = rows[0];
      if (!row) throw new ProblemException(404, 'not_found', `person ${personId} does not exist`);
      const accounts: AccountRow[] = await manager.query(
        `${ACCOUNT_SELECT} WHERE a.tenant_id = $1 AND a.person_id = $2 ORDER BY a.provider, a.external_id`,
        [caller.tenantId, personId],
      );
      return {
        person: toPersonSummary(caller.tenantId, row),
        accounts: accounts.map(toAccountView),
      };
    });
  }

  accounts(caller: Principal, query: AccountsQuery): Promise<Page<AccountView>> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const params: unknown[] = [caller.tenantId];
      const where = ['a.tenant_id = $1'];
      if (query.provider) {
        params.push(query.provider);
        where.push(`a.provider = $${params.length}`);
      }
      if (query.unlinked !== undefined)
        where.push(query.unlinked ? 'a.person_id IS NULL' : 'a.person_id IS NOT NULL');
      if (query.q) {
        params.push(`%${escapeLike(query.q)}%`);
        const n = `$${params.length}`;
        where.push(`(a.email ILIKE ${n} OR a.display_name ILIKE ${n} OR a.external_id ILIKE ${n})`);
      }
      const after = decodeAccountCursor(query.cursor);
      if (after) {
        params.push(after[0], after[1]);
        where.push(
          `(a.connection_id, a.external_id) > ($${params.length - 1}::uuid, $${params.length}::varchar)`,
        );
      }
      params.push(query.limit + 1);
      const rows: AccountRow[] = await manager.query(
        `${ACCOUNT_SELECT} WHERE ${where.join(' AND ')}
          ORDER BY a.connection_id, a.external_id LIMIT $${params.length}`,
        params,
      );
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      return {
        items: items.map(toAccountView),
        nextCursor:
          rows.length > query.limit && last
            ? Buffer.from(JSON.stringify([last.connection_id, last.external_id])).toString(
                'base64url',
              )
            : null,
      };
    });
  }

  /** How many of each the directory holds, in all and per identity provider. */
  counts(caller: Principal): Promise<DirectoryCounts> {
    return withTenant(this.dataSource, caller.tenantId, (manager) =>
      countsOf(manager, caller.tenantId),
    );
  }
}

interface PersonRow {
  id: string;
  email: string;
  display_name: string;
  providers: ('auth0' | 'entra')[] | null;
  accounts: number;
  enabled_accounts: number;
  privileged: boolean;
  last_sign_in_at: Date | null;
}

const PERSON_SELECT = `
  SELECT p.id, p.email, p.display_name, ${cursorTimeSql('p.created_at')} AS cursor_at,
         array_agg(DISTINCT a.provider) FILTER (WHERE a.provider IS NOT NULL) AS providers,
         count(DISTINCT (a.connection_id, a.external_id))::int AS accounts,
         count(DISTINCT (a.connection_id, a.external_id)) FILTER (WHERE a.enabled)::int AS enabled_accounts,
         COALESCE(bool_or(k.privileged), false) AS privileged,
         max(a.last_sign_in_at) AS last_sign_in_at
    FROM directory_people p
    LEFT JOIN directory_accounts a ON a.tenant_id = p.tenant_id AND a.person_id = p.id
    LEFT JOIN directory_memberships m ON m.connection_id = a.connection_id AND m.account_id = a.external_id
    LEFT JOIN directory_containers k ON k.connection_id = m.connection_id AND k.kind = m.kind AND k.external_id = m.container_id`;

async function countsOf(manager: EntityManager, tenantId: string): Promise<DirectoryCounts> {
  const [people]: { n: number }[] = await manager.query(
    `SELECT count(*)::int AS n FROM directory_people WHERE tenant_id = $1`,
    [tenantId],
  );
  const rows: {
    provider: string;
    accounts: number;
    roles: number;
    groups: number;
    memberships: number;
  }[] = await manager.query(
    `SELECT c.provider,
              (SELECT count(*) FROM directory_accounts a WHERE a.tenant_id = $1 AND a.provider = c.provider)::int AS accounts,
              (SELECT count(*) FROM directory_containers k JOIN connected_accounts x ON x.account_id = k.connection_id
                WHERE k.tenant_id = $1 AND x.provider = c.provider AND k.kind = 'role')::int AS roles,
              (SELECT count(*) FROM directory_containers k JOIN connected_accounts x ON x.account_id = k.connection_id
                WHERE k.tenant_id = $1 AND x.provider = c.provider AND k.kind = 'group')::int AS groups,
              (SELECT count(*) FROM directory_memberships m JOIN connected_accounts x ON x.account_id = m.connection_id
                WHERE m.tenant_id = $1 AND x.provider = c.provider)::int AS memberships
         FROM (SELECT DISTINCT provider FROM connected_accounts
                WHERE tenant_id = $1 AND provider IN ('auth0', 'entra')) c`,
    [tenantId],
  );
  const byProvider = Object.fromEntries(rows.map(({ provider, ...counts }) => [provider, counts]));
  const sum = (key: 'accounts' | 'roles' | 'groups' | 'memberships') =>
    rows.reduce((total, row) => total + row[key], 0);
  return {
    people: people?.n ?? 0,
    accounts: sum('accounts'),
    roles: sum('roles'),
    groups: sum('groups'),
    memberships: sum('memberships'),
    byProvider,
  };
}

function toPersonSummary(tenantId: string, row: PersonRow): PersonSummary {
  return {
    id: row.id,
    urn: personUrn(tenantId, row.id),
    email: row.email,
    displayName: row.display_name,
    providers: (row.providers ?? []).sort(),
    accounts: row.accounts,
    enabledAccounts: row.enabled_accounts,
    privileged: row.privileged,
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
  };
}

function toAccountView(row: AccountRow): AccountView {
  return {
    urn: identityUrn(row.provider, row.external_account_id, 'user', row.external_id),
    connectionId: row.connection_id,
    provider: row.provider,
    externalId: row.external_id,
    personId: row.person_id,
    linkSource: row.link_source,
    email: row.email,
    emailVerified: row.email_verified,
    displayName: row.display_name,
    enabled: row.enabled,
    createdAt: row.created_at?.toISOString() ?? null,
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
    mfaRegistered: row.mfa_registered,
    mfaUsed: row.mfa_used,
    privileged: row.memberships.some((m) => m.privileged),
    attributes: row.attributes,
    memberships: row.memberships.map((m) => ({
      ...m,
      urn: identityUrn(row.provider, row.external_account_id, m.kind, m.id),
    })),
  };
}

function decodeAccountCursor(text: string | undefined): [string, string] | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString());
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value[0]) &&
      typeof value[1] === 'string' &&
      value[1].length <= 255
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // answered below
  }
  throw new ProblemException(
    400,
    'validation_failed',
    'query.cursor: is not the nextCursor of a previous page',
    {
      errors: [{ field: 'query.cursor', message: 'is not the nextCursor of a previous page' }],
    },
  );
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
