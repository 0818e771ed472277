import { createHash } from 'node:crypto';

import {
  type EntraAccountAccess,
  GRAPH_SYNC_STATE_NOT_FOUND,
  type GraphClientPool,
  ProviderError,
} from '@codex/connectors';
import type { Client } from '@microsoft/microsoft-graph-client';

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
  accountOf,
  type GraphRegistration,
  type GraphUser,
  readPages,
  registrationOf,
  USER_DELTA_SELECT,
  USER_SELECT,
} from './entra-graph';

/**
 * Groups whose members are administrators, by display name, when the directory does not mark
 * them itself (`isAssignableToRole`, which also makes a group privileged).
 */
export const DEFAULT_PRIVILEGED_GROUP_NAMES: readonly string[] = [
  'Azure Subscription Owners',
  'Key Vault Administrators',
  'Domain Admins (synced)',
  'Break Glass Accounts',
];

export interface EntraReaderOptions {
  /** Display names of privileged groups (compared without case); default above. */
  privilegedGroupNames?: readonly string[];
  /**
   * How far back a full read reads sign-ins, in days; null (default) reads all the directory
   * keeps (Entra: 30 days).
   */
  signInLookbackDays?: number | null;
}

/**
 * The Entra ID reader's cursor: the users and groups deltaLinks, the last sign-in instant read
 * and the sign-in ids seen at it (comma-separated: several sign-ins may share an instant), and
 * the directory role holders (`roleId/userId`, comma-separated, sorted) at the last read, from
 * which role membership changes are computed (some KB for a few hundred role holders).
 */
export interface EntraCursor extends SyncCursor {
  usersDelta: string;
  groupsDelta: string;
  signInsAfter: string;
  signInIdsAt: string;
  roleMembers: string;
  /** A digest of the directory roles' ids, names and descriptions. */
  rolesDigest: string;
}

interface GraphGroup {
  id: string;
  displayName?: string | null;
  description?: string | null;
  isAssignableToRole?: boolean | null;
  'members@delta'?: { '@odata.type'?: string; id: string; '@removed'?: unknown }[];
  '@removed'?: unknown;
}

interface GraphRole {
  id: string;
  displayName?: string | null;
  description?: string | null;
  members?: { '@odata.type'?: string; id: string }[];
}

interface GraphSignIn {
  id: string;
  createdDateTime: string;
  userId?: string | null;
  userPrincipalName?: string | null;
  ipAddress?: string | null;
  clientAppUsed?: string | null;
  userAgent?: string | null;
  authenticationRequirement?: string | null;
  status?: { errorCode?: number | null; failureReason?: string | null } | null;
  mfaDetail?: { authMethod?: string | null } | null;
}

const USER_TYPE = '#microsoft.graph.user';
const GROUP_SELECT = 'id,displayName,description,isAssignableToRole';
const PAGE = 999;
const SIGN_IN_PAGE = 1000;

/**
 * Reads one Entra ID directory through Microsoft Graph.
 *
 * A full read (cursor null, or a delta token Graph no longer knows: 410 SyncStateNotFound)
 * reads users (with signInActivity), MFA registrations, groups with every membership (the first
 * round of groups/delta), directory roles with their holders and sign-ins, and takes deltaLinks
 * for users and groups.
 *
 * An incremental read costs, when nothing changed, exactly four requests: users/delta,
 * groups/delta, directoryRoles?$expand=members and auditLogs/signIns. It returns:
 * - changed users in full, deleted ones as removedAccountIds; a changed user's MFA registration
 *   is read again (one request each). Delta users carry no signInActivity: `lastSignInAt` is
 *   the newest successful sign-in of the account in this read, else **null, which on an
 *   incremental read means "unchanged"** (the consumer keeps the stored value);
 * - group membership changes from groups/delta (net, with `removed`);
 * - directory role membership changes as net changes too: the role holders are read again in
 *   full every time (one request) and compared with those in the cursor, so `rolesReplacedFor`
 *   stays empty;
 * - `containers` (all roles and groups, one more paged request for the groups) only when a
 *   group was added, removed or changed, or the roles changed;
 * - the sign-ins after the cursor's instant (read from it inclusive, dropping the ids already
 *   seen at it, so sign-ins sharing an instant are not lost).
 */
export class EntraDirectoryReader implements DirectoryReader<EntraAccountAccess> {
  readonly provider = 'entra' as const;
  private readonly privilegedNames: Set<string>;
  private readonly lookbackDays: number | null;

  constructor(
    private readonly pool: GraphClientPool,
    options: EntraReaderOptions = {},
  ) {
    this.privilegedNames = new Set(
      (options.privilegedGroupNames ?? DEFAULT_PRIVILEGED_GROUP_NAMES).map((name) =>
        name.toLowerCase(),
      ),
    );
    this.lookbackDays = options.signInLookbackDays ?? null;
  }

  async read(
    access: EntraAccountAccess,
    cursor: SyncCursor | null,
    progress: ReadProgress,
  ): Promise<DirectoryChanges> {
    const client = this.pool.client(access);
    const known = cursorOf(cursor);
    if (!known) return this.readAll(client, progress);
    try {
      return await this.readChanges(client, known, progress);
    } catch (error) {
      if (error instanceof ProviderError && error.providerCode === GRAPH_SYNC_STATE_NOT_FOUND) {
        return this.readAll(client, progress);
      }
      throw error;
    }
  }

  private async readAll(client: Client, progress: ReadProgress): Promise<DirectoryChanges> {
    const startedAt = new Date();
    // The users deltaLink first: what changes while the users are read shows again later.
    const usersDelta = await readPages<GraphUser>(
      client,
      `users/delta?$deltatoken=latest&$select=${USER_DELTA_SELECT}`,
      () => undefined,
    );

    const users: GraphUser[] = [];
    await readPages<GraphUser>(client, `users?$select=${USER_SELECT}&$top=${PAGE}`, (page) => {
      users.push(...page);
      progress('accounts', users.length);
    });

    const mfa = new Map<string, boolean>();
    await readPages<GraphRegistration>(
      client,
      `reports/authenticationMethods/userRegistrationDetails?$top=${PAGE}`,
      (page) => {
        for (const entry of page) {
          if (typeof entry.isMfaRegistered === 'boolean') mfa.set(entry.id, entry.isMfaRegistered);
        }
        progress('mfaRegistrations', mfa.size);
      },
    );

    const groups = new Map<string, IdpContainerSnapshot>();
    const members = new Map<string, Set<string>>();
    const groupsDelta = await readPages<GraphGroup>(
      client,
      `groups/delta?$select=${GROUP_SELECT},members`,
      (page) => {
        for (const group of page) {
          if (group['@removed']) continue;
          groups.set(group.id, this.groupOf(group));
          const held = members.get(group.id) ?? new Set<string>();
          for (const member of group['members@delta'] ?? []) {
            if (member['@odata.type'] !== USER_TYPE) continue;
            if (member['@removed']) held.delete(member.id);
            else held.add(member.id);
          }
          members.set(group.id, held);
        }
        progress('groups', groups.size);
      },
    );

    const roles = await this.readRoles(client);
    progress('roles', roles.containers.length);

    const signIns = await this.readSignIns(
      client,
      this.lookbackDays === null
        ? null
        : new Date(startedAt.getTime() - this.lookbackDays * 86_400_000).toISOString(),
      new Set(),
      progress,
    );

    const memberships: MembershipChange[] = [];
    for (const [containerId, held] of members) {
      for (const accountId of held) {
        memberships.push({ kind: 'group', containerId, accountId, removed: false });
      }
    }
    for (const pair of roles.pairs) {
      const [containerId, accountId] = splitPair(pair);
      memberships.push({ kind: 'role', containerId, accountId, removed: false });
    }

    return {
      full: true,
      accounts: users.map((user) => accountOf(user, mfa.get(user.id) ?? null)),
      removedAccountIds: [],
      containers: { roles: roles.containers, groups: [...groups.values()] },
      memberships,
      rolesReplacedFor: [],
      signIns: signIns.signIns,
      cursor: {
        usersDelta: required(usersDelta, 'users/delta'),
        groupsDelta: required(groupsDelta, 'groups/delta'),
        signInsAfter: signIns.after ?? startedAt.toISOString(),
        signInIdsAt: [...signIns.idsAt].join(','),
        roleMembers: roles.pairs.join(','),
        rolesDigest: roles.digest,
      } satisfies EntraCursor,
    };
  }

  private async readChanges(
    client: Client,
    cursor: EntraCursor,
    progress: ReadProgress,
  ): Promise<DirectoryChanges> {
    const changedUsers: GraphUser[] = [];
    const removedAccountIds: string[] = [];
    const usersDelta = await readPages<GraphUser>(client, cursor.usersDelta, (page) => {
      for (const user of page) {
        if (user['@removed']) removedAccountIds.push(user.id);
        else changedUsers.push(user);
      }
      progress('accounts', changedUsers.length + removedAccountIds.length);
    });

    const memberships: MembershipChange[] = [];
    let groupsChanged = false;
    let groupsSeen = 0;
    const groupsDelta = await readPages<GraphGroup>(client, cursor.groupsDelta, (page) => {
      for (const group of page) {
        groupsSeen += 1;
        const delta = group['members@delta'];
        if (group['@removed'] || !delta) groupsChanged = true;
        for (const member of delta ?? []) {
          if (member['@odata.type'] !== USER_TYPE) continue;
          memberships.push({
            kind: 'group',
            containerId: group.id,
            accountId: member.id,
            removed: Boolean(member['@removed']),
          });
        }
      }
      progress('groups', groupsSeen);
    });

    const roles = await this.readRoles(client);
    progress('roles', roles.containers.length);
    const before = new Set(cursor.roleMembers ? cursor.roleMembers.split(',') : []);
    const after = new Set(roles.pairs);
    for (const pair of after) {
      if (before.has(pair)) continue;
      const [containerId, accountId] = splitPair(pair);
      memberships.push({ kind: 'role', containerId, accountId, removed: false });
    }
    for (const pair of before) {
      if (after.has(pair)) continue;
      const [containerId, accountId] = splitPair(pair);
      memberships.push({ kind: 'role', containerId, accountId, removed: true });
    }
    const rolesChanged = cursor.rolesDigest !== '' && roles.digest !== cursor.rolesDigest;

    const signIns = await this.readSignIns(
      client,
      cursor.signInsAfter,
      new Set(cursor.signInIdsAt ? cursor.signInIdsAt.split(',') : []),
      progress,
    );
    const lastSuccess = new Map<string, Date>();
    for (const signIn of signIns.signIns) {
      if (signIn.succeeded && signIn.accountId)
        lastSuccess.set(signIn.accountId, signIn.occurredAt);
    }

    const accounts: IdpAccountSnapshot[] = [];
    for (const user of changedUsers) {
      accounts.push(
        accountOf(user, await registrationOf(client, user.id), lastSuccess.get(user.id) ?? null),
      );
      progress('mfaRegistrations', accounts.length);
    }

    const containers =
      groupsChanged || rolesChanged
        ? { roles: roles.containers, groups: await this.readGroups(client, progress) }
        : undefined;

    return {
      full: false,
      accounts,
      removedAccountIds,
      ...(containers ? { containers } : {}),
      memberships,
      rolesReplacedFor: [],
      signIns: signIns.signIns,
      cursor: {
        usersDelta: required(usersDelta, 'users/delta'),
        groupsDelta: required(groupsDelta, 'groups/delta'),
        signInsAfter: signIns.after ?? cursor.signInsAfter,
        signInIdsAt: [...signIns.idsAt].join(','),
        roleMembers: roles.pairs.join(','),
        rolesDigest: roles.digest,
      } satisfies EntraCursor,
    };
  }

  private async readGroups(
    client: Client,
    progress: ReadProgress,
  ): Promise<IdpContainerSnapshot[]> {
    const groups: IdpContainerSnapshot[] = [];
    await readPages<GraphGroup>(client, `groups?$select=${GROUP_SELECT}&$top=${PAGE}`, (page) => {
      groups.push(...page.map((group) => this.groupOf(group)));
      progress('groups', groups.length);
    });
    return groups;
  }

  /** Every activated directory role and its holders, in one request. */
  private async readRoles(
    client: Client,
  ): Promise<{ containers: IdpContainerSnapshot[]; pairs: string[]; digest: string }> {
    const roles: GraphRole[] = [];
    await readPages<GraphRole>(client, 'directoryRoles?$expand=members', (page) => {
      roles.push(...page);
    });
    const containers = roles
      .map((role) => ({
        externalId: role.id,
        name: role.displayName ?? role.id,
        description: role.description ?? null,
        privileged: true,
      }))
      .sort((a, b) => (a.externalId < b.externalId ? -1 : 1));
    const pairs = roles
      .flatMap((role) =>
        (role.members ?? [])
          .filter(
            (member) => member['@odata.type'] === undefined || member['@odata.type'] === USER_TYPE,
          )
          .map((member) => `${role.id}/${member.id}`),
      )
      .sort();
    const digest = containers
      .map((role) => `${role.externalId}:${role.name}:${role.description ?? ''}`)
      .join('|');
    return { containers, pairs, digest: hashOf(digest) };
  }

  /**
   * Sign-ins at or after `from` (all when null), oldest first, minus the ids in `seenAt` (those
   * at `from` already read); `after` and `idsAt` are the newest instant read and its ids.
   */
  private async readSignIns(
    client: Client,
    from: string | null,
    seenAt: Set<string>,
    progress: ReadProgress,
  ): Promise<{ signIns: IdpSignIn[]; after: string | null; idsAt: Set<string> }> {
    const filter = from ? `$filter=createdDateTime ge ${from}&` : '';
    const signIns: IdpSignIn[] = [];
    let after = from;
    let idsAt = new Set(seenAt);
    await readPages<GraphSignIn>(
      client,
      `auditLogs/signIns?${filter}$orderby=createdDateTime asc&$top=${SIGN_IN_PAGE}`,
      (page) => {
        for (const entry of page) {
          if (seenAt.has(entry.id)) continue;
          signIns.push(signInOf(entry));
          if (entry.createdDateTime === after) {
            idsAt.add(entry.id);
          } else if (after === null || Date.parse(entry.createdDateTime) > Date.parse(after)) {
            after = entry.createdDateTime;
            idsAt = new Set([entry.id]);
          }
        }
        progress('signIns', signIns.length);
      },
    );
    return { signIns, after, idsAt };
  }

  private groupOf(group: GraphGroup): IdpContainerSnapshot {
    const name = group.displayName ?? group.id;
    return {
      externalId: group.id,
      name,
      description: group.description ?? null,
      privileged: group.isAssignableToRole === true || this.privilegedNames.has(name.toLowerCase()),
    };
  }
}

function signInOf(entry: GraphSignIn): IdpSignIn {
  const errorCode = entry.status?.errorCode ?? 0;
  const succeeded = errorCode === 0;
  const reason = entry.status?.failureReason;
  return {
    externalId: entry.id,
    accountId: entry.userId || null,
    userName: entry.userPrincipalName ?? null,
    occurredAt: new Date(entry.createdDateTime),
    succeeded,
    failureReason: succeeded ? null : `${errorCode}: ${reason ?? 'unknown'}`,
    ipAddress: entry.ipAddress ?? null,
    userAgent: entry.userAgent ?? entry.clientAppUsed ?? null,
    mfa:
      Boolean(entry.mfaDetail?.authMethod) ||
      (succeeded && entry.authenticationRequirement === 'multiFactorAuthentication'),
  };
}

function cursorOf(cursor: SyncCursor | null): EntraCursor | null {
  if (!cursor?.usersDelta || !cursor.groupsDelta) return null;
  return {
    ...cursor,
    usersDelta: cursor.usersDelta,
    groupsDelta: cursor.groupsDelta,
    signInsAfter: cursor.signInsAfter ?? '',
    signInIdsAt: cursor.signInIdsAt ?? '',
    roleMembers: cursor.roleMembers ?? '',
    rolesDigest: cursor.rolesDigest ?? '',
  };
}

function splitPair(pair: string): [string, string] {
  const slash = pair.indexOf('/');
  return [pair.slice(0, slash), pair.slice(slash + 1)];
}

function required(link: string | undefined, stream: string): string {
  if (!link) {
    throw new ProviderError('invalid', `${stream} ended without a deltaLink`, {
      provider: 'entra',
      providerCode: 'NoDeltaLink',
    });
  }
  return link;
}

/** A short, stable digest of the roles' names, to tell when they changed. */
function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
