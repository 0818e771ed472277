import {
  type Auth0AccountAccess,
  type Auth0ClientPool,
  ProviderError,
  toAuth0ProviderError,
} from '@codex/connectors';
import type { Management, ManagementClient } from 'auth0';

import type {
  DirectoryChanges,
  DirectoryReader,
  IdpAccountSnapshot,
  IdpContainerSnapshot,
  IdpSignIn,
  MembershipChange,
  ReadProgress,
  SyncCursor,
} from '../../directory/ports';
import {
  AUTH0_PRIVILEGED_ROLE_NAMES,
  AUTH0_USER_FIELDS,
  auth0AccountSnapshot,
  auth0RoleSnapshot,
  dateOf,
} from './auth0-snapshots';

export interface Auth0ReaderOptions {
  /** Roles whose holders are administrators, by name. */
  privilegedRoleNames: readonly string[];
  /** Users per page (Auth0: at most 100). */
  usersPerPage: number;
  /** How far offset paging of a user search reaches (Auth0: the first 1000 records). */
  pagingLimit: number;
  /** Log events per checkpoint page (`take`, Auth0: at most 100). */
  logsPerPage: number;
  /** How long after a `gd_auth_succeed` the user's next successful sign-in counts as MFA. */
  mfaWindowMs: number;
  /** How long Auth0's user search may lag behind a change: incremental reads overlap by it. */
  searchLagMs: number;
}

export const DEFAULT_AUTH0_READER_OPTIONS: Auth0ReaderOptions = {
  privilegedRoleNames: AUTH0_PRIVILEGED_ROLE_NAMES,
  usersPerPage: 100,
  pagingLimit: 1000,
  logsPerPage: 100,
  mfaWindowMs: 5 * 60_000,
  searchLagMs: 60_000,
};

/**
 * The cursor's keys. `usersUpdatedAt`: the newest `updated_at` read. `usersRecent`: the users
 * read with an `updated_at` within the search lag of it (a JSON object of id → `updated_at`):
 * the next read searches from `usersUpdatedAt` less the lag, so that a change Auth0's search
 * index took a moment to show is not missed, and skips these unless their `updated_at` moved.
 * `lastLogId`: the last log event read. `mfaPending`: users whose `gd_auth_succeed` came at
 * the end of the last read, still waiting for their sign-in (JSON id → epoch ms).
 */
export const AUTH0_CURSOR = {
  usersUpdatedAt: 'usersUpdatedAt',
  usersRecent: 'usersRecent',
  lastLogId: 'lastLogId',
  mfaPending: 'mfaPending',
} as const;

interface UsersRead {
  accounts: IdpAccountSnapshot[];
  newest: string | null;
  recent: Record<string, string>;
}

const SIGN_IN_FAILURES = new Set(['f', 'fp', 'fu']);
const MFA_SUCCEEDED = 'gd_auth_succeed';
const MANAGEMENT_API = 'sapi';

/**
 * Reads one Auth0 tenant through the Management API.
 *
 * A full read (no cursor) reads every user by keyset on `updated_at` (offset paging reaches
 * only the first 1000 records of a search, so after each 1000 the search starts again from
 * the last `updated_at` seen, users de-duplicated by id), every role, each role's members by
 * checkpoint, and the log stream from its first event. An incremental read reads users
 * updated since the cursor and the log events after it, and follows the Management API
 * events (`sapi`) in the log: role assignments re-read the user's roles, role writes re-read
 * the roles, user deletions remove the account. With nothing changed it costs one users
 * request and one logs request.
 */
export class Auth0DirectoryReader implements DirectoryReader<Auth0AccountAccess> {
  readonly provider = 'auth0' as const;
  private readonly options: Auth0ReaderOptions;

  constructor(
    private readonly pool: Auth0ClientPool,
    options: Partial<Auth0ReaderOptions> = {},
  ) {
    this.options = { ...DEFAULT_AUTH0_READER_OPTIONS, ...options };
  }

  async read(
    access: Auth0AccountAccess,
    cursor: SyncCursor | null,
    progress: ReadProgress,
  ): Promise<DirectoryChanges> {
    try {
      return await this.readAll(this.pool.client(access), cursor, progress);
    } catch (error) {
      throw toAuth0ProviderError(error);
    }
  }

  private async readAll(
    client: ManagementClient,
    cursor: SyncCursor | null,
    progress: ReadProgress,
  ): Promise<DirectoryChanges> {
    const full = cursor === null;
    const users = await this.readUsers(client, cursor, progress);
    const logs = await this.readLogs(client, cursor, progress);

    let containers: DirectoryChanges['containers'];
    const memberships: MembershipChange[] = [];
    const rolesReplacedFor: string[] = [];
    const removed = new Set(logs.removedAccountIds);
    if (full) {
      const roles = await this.readRoles(client, progress);
      containers = { roles, groups: [] };
      for (const role of roles) {
        const members = await client.roles.users.list(role.externalId, { take: 100 });
        for await (const member of members) {
          if (!member.user_id) continue;
          memberships.push({
            kind: 'role',
            containerId: role.externalId,
            accountId: member.user_id,
            removed: false,
          });
        }
        progress('memberships', memberships.length);
      }
    } else {
      if (logs.rolesChanged)
        containers = { roles: await this.readRoles(client, progress), groups: [] };
      for (const accountId of logs.rolesReadFor) {
        if (removed.has(accountId)) continue;
        const held = await this.rolesOf(client, accountId);
        if (held === null) {
          removed.add(accountId);
          continue;
        }
        rolesReplacedFor.push(accountId);
        for (const roleId of held)
          memberships.push({ kind: 'role', containerId: roleId, accountId, removed: false });
      }
      if (logs.rolesReadFor.size > 0) progress('memberships', memberships.length);
    }

    const next: SyncCursor = {
      [AUTH0_CURSOR.usersUpdatedAt]: users.newest ?? '',
      [AUTH0_CURSOR.usersRecent]: JSON.stringify(users.recent),
      [AUTH0_CURSOR.lastLogId]: logs.lastLogId ?? cursor?.[AUTH0_CURSOR.lastLogId] ?? '',
      [AUTH0_CURSOR.mfaPending]: JSON.stringify(logs.mfaPending),
    };
    return {
      full,
      accounts: users.accounts.filter((account) => !removed.has(account.externalId)),
      removedAccountIds: [...removed],
      ...(containers ? { containers } : {}),
      memberships,
      rolesReplacedFor,
      signIns: logs.signIns,
      cursor: next,
    };
  }

  /**
   * Users by keyset on `updated_at`: pages of one search up to the paging limit, then the
   * search again from the last `updated_at` seen. With a cursor, from its `updated_at` less
   * the search lag, skipping the users read before whose `updated_at` has not moved.
   */
  private async readUsers(
    client: ManagementClient,
    cursor: SyncCursor | null,
    progress: ReadProgress,
  ): Promise<UsersRead> {
    const { usersPerPage, pagingLimit, searchLagMs } = this.options;
    const pagesPerSearch = Math.max(1, Math.floor(pagingLimit / usersPerPage));
    const newestBefore = cursor?.[AUTH0_CURSOR.usersUpdatedAt] || null;
    const recentBefore = parseRecord(cursor?.[AUTH0_CURSOR.usersRecent]);
    const accounts = new Map<string, IdpAccountSnapshot>();
    const stamps = new Map<string, string>(Object.entries(recentBefore));
    let newest = newestBefore;
    let lower = newestBefore === null ? null : shifted(newestBefore, -searchLagMs);
    for (;;) {
      let last: string | null = null;
      let exhausted = false;
      for (let page = 0; page < pagesPerSearch; page += 1) {
        const answer = await client.users.list({
          ...(lower ? { q: `updated_at:[${lower} TO *]` } : {}),
          sort: 'updated_at:1',
          per_page: usersPerPage,
          page,
          include_totals: true,
          fields: AUTH0_USER_FIELDS,
          include_fields: true,
          search_engine: 'v3',
        });
        for (const user of answer.data) {
          const id = user.user_id;
          const stamp = typeof user.updated_at === 'string' ? user.updated_at : null;
          if (!id) continue;
          if (stamp !== null) last = stamp;
          if (stamp !== null && recentBefore[id] === stamp) continue; // read before, unchanged
          accounts.set(id, auth0AccountSnapshot(user));
          if (stamp === null) continue;
          stamps.set(id, stamp);
          if (newest === null || Date.parse(stamp) > Date.parse(newest)) newest = stamp;
        }
        progress('accounts', accounts.size);
        if (answer.data.length < usersPerPage) {
          exhausted = true;
          break;
        }
      }
      if (exhausted) break;
      if (last === null || last === lower) {
        throw new ProviderError(
          'invalid',
          `More than ${pagingLimit} Auth0 users share updated_at ${String(last)}; they cannot be paged through`,
          { provider: 'auth0', providerCode: 'PagingLimit' },
        );
      }
      lower = last;
    }
    // The users the next search will meet again: those within the lag of the newest.
    const recent: Record<string, string> = {};
    if (newest !== null) {
      const from = Date.parse(newest) - searchLagMs;
      for (const [id, stamp] of stamps) if (Date.parse(stamp) >= from) recent[id] = stamp;
    }
    return { accounts: [...accounts.values()], newest, recent };
  }

  private async readRoles(
    client: ManagementClient,
    progress: ReadProgress,
  ): Promise<IdpContainerSnapshot[]> {
    const roles: IdpContainerSnapshot[] = [];
    for await (const role of await client.roles.list({ per_page: 100, include_totals: true })) {
      if (role.id) roles.push(auth0RoleSnapshot(role, this.options.privilegedRoleNames));
    }
    progress('roles', roles.length);
    return roles;
  }

  /** The ids of the roles a user holds; null when the user no longer exists. */
  private async rolesOf(client: ManagementClient, userId: string): Promise<string[] | null> {
    try {
      const held: string[] = [];
      for await (const role of await client.users.roles.list(userId, {
        per_page: 100,
        include_totals: true,
      })) {
        if (role.id) held.push(role.id);
      }
      return held;
    } catch (error) {
      if (toAuth0ProviderError(error).code === 'not_found') return null;
      throw error;
    }
  }

  /**
   * The log stream by checkpoint: from `lastLogId`, else from its very first event. Sign-ins
   * (`s`, `f`, `fp`, `fu`) become IdpSignIns, a `gd_auth_succeed` marks the same user's next
   * success within the MFA window; with `followManagement`, Management API events say which
   * users' roles, which roles and which users to read again or drop.
   */
  private async readLogs(
    client: ManagementClient,
    cursor: SyncCursor | null,
    progress: ReadProgress,
  ): Promise<LogFindings> {
    const followManagement = cursor !== null;
    const findings: LogFindings = {
      signIns: [],
      rolesReadFor: new Set(),
      removedAccountIds: [],
      rolesChanged: false,
      lastLogId: null,
      mfaPending: {},
    };
    const mfaSince = new Map<string, number>(
      Object.entries(parseRecord(cursor?.[AUTH0_CURSOR.mfaPending])).flatMap(([id, at]) =>
        Number.isFinite(Number(at)) ? [[id, Number(at)] as const] : [],
      ),
    );
    let latest = 0;
    const take = (event: Management.Log) => {
      if (event.log_id) findings.lastLogId = event.log_id;
      latest = Math.max(latest, dateOf(event.date)?.getTime() ?? 0);
      this.takeEvent(event, findings, mfaSince, followManagement);
    };
    let from = cursor?.[AUTH0_CURSOR.lastLogId] || null;
    if (from === null) {
      const first = await client.logs.list({ sort: 'date:1', per_page: 1, include_totals: true });
      const [event] = first.data;
      if (!event?.log_id) return findings;
      take(event);
      from = event.log_id;
    }
    for (;;) {
      const page = await client.logs.list(
        {},
        { queryParams: { from, take: this.options.logsPerPage } },
      );
      // With `from`, Auth0 answers a plain array, which the 7.x SDK leaves in `response`.
      const answer: unknown = page.response;
      const events = (Array.isArray(answer) ? answer : page.data) as Management.Log[];
      if (events.length === 0) break;
      for (const event of events) take(event);
      progress('signIns', findings.signIns.length);
      const next = events.at(-1)?.log_id;
      // A short page is the end for now: the next read starts after its last event.
      if (!next || next === from || events.length < this.options.logsPerPage) break;
      from = next;
    }
    // A Guardian success at the very end waits for its sign-in in the next read.
    for (const [id, at] of mfaSince) {
      if (latest === 0 || at >= latest - this.options.mfaWindowMs)
        findings.mfaPending[id] = String(at);
    }
    return findings;
  }

  private takeEvent(
    event: Management.Log,
    findings: LogFindings,
    mfaSince: Map<string, number>,
    followManagement: boolean,
  ): void {
    const type = event.type ?? '';
    const userId = event.user_id || null;
    const at = dateOf(event.date);
    if (type === MFA_SUCCEEDED) {
      if (userId && at) mfaSince.set(userId, at.getTime());
      return;
    }
    if (type === MANAGEMENT_API) {
      if (followManagement) followManagementEvent(event, findings);
      return;
    }
    const succeeded = type === 's';
    if (!(succeeded || SIGN_IN_FAILURES.has(type)) || !at || !event.log_id) return;
    let mfa = false;
    if (succeeded && userId) {
      const since = mfaSince.get(userId);
      if (since !== undefined) {
        mfa = at.getTime() - since <= this.options.mfaWindowMs && at.getTime() >= since;
        mfaSince.delete(userId);
      }
    }
    const accountId = type === 'fu' ? null : userId;
    findings.signIns.push({
      externalId: event.log_id,
      accountId,
      userName: event.user_name || null,
      occurredAt: at,
      succeeded,
      failureReason: succeeded ? null : `${type}: ${event.description ?? type}`,
      ipAddress: event.ip || null,
      userAgent: event.user_agent || null,
      mfa,
    });
  }
}

interface LogFindings {
  signIns: IdpSignIn[];
  /** Users whose roles changed: read again, in full. */
  rolesReadFor: Set<string>;
  removedAccountIds: string[];
  /** A role was created, changed or deleted: read the roles again. */
  rolesChanged: boolean;
  lastLogId: string | null;
  /** Users with a `gd_auth_succeed` not yet followed by their sign-in: id → epoch ms. */
  mfaPending: Record<string, string>;
}

interface ManagementRequest {
  method?: unknown;
  path?: unknown;
  body?: unknown;
}

/**
 * What a Management API event changed that the users search does not show: a user's roles
 * (`/users/{id}/roles`, `/roles/{id}/users`), the roles themselves, a deleted user.
 */
function followManagementEvent(event: Management.Log, findings: LogFindings): void {
  const request = ((event.details ?? {}) as { request?: ManagementRequest }).request ?? {};
  const method = typeof request.method === 'string' ? request.method.toUpperCase() : '';
  if (method === 'GET' || typeof request.path !== 'string') return;
  const segments = (request.path.split('?')[0] ?? '').split('/').filter(Boolean).map(decoded);
  if (segments[0] !== 'api' || segments[1] !== 'v2') return;
  const [, , resource, id, sub] = segments;
  if (resource === 'users' && id) {
    if (segments.length === 5 && sub === 'roles') findings.rolesReadFor.add(id);
    else if (segments.length === 4 && method === 'DELETE') {
      findings.removedAccountIds.push(id);
      findings.rolesReadFor.delete(id);
    }
    return;
  }
  if (resource === 'roles') {
    if (id && sub === 'users' && segments.length === 5) {
      const users = (request.body as { users?: unknown } | null)?.users;
      if (Array.isArray(users))
        for (const user of users) if (typeof user === 'string') findings.rolesReadFor.add(user);
    } else if (segments.length <= 4) {
      findings.rolesChanged = true;
    }
  }
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A cursor value holding a JSON object of strings; empty when absent or unreadable. */
function parseRecord(value: string | undefined): Record<string, string> {
  if (!value) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).flatMap(([key, item]) =>
        typeof item === 'string' ? [[key, item] as const] : [],
      ),
    );
  } catch {
    return {};
  }
}

/** An ISO time moved by `ms`. */
function shifted(iso: string, ms: number): string {
  const at = Date.parse(iso);
  return Number.isFinite(at) ? new Date(at + ms).toISOString() : iso;
}
