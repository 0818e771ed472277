import { performance } from 'node:perf_hooks';

import { ClientSecretCredential } from '@azure/identity';
import { AUTH0_SANDBOX, GRAPH_SANDBOX } from '@codex/testing';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { ManagementClient } from 'auth0';

/*
 * The floor of a full identity sync: the users and memberships hall-of-faces' readers read,
 * with the same SDKs, the same requests and the same page sizes, straight from the SDKs, and
 * nothing else: no snapshots, no sign-in logs, nothing stored.
 */

/** What the Auth0 reader asks for per user (AUTH0_USER_FIELDS of hall-of-faces). */
const AUTH0_USER_FIELDS =
  'user_id,email,email_verified,name,nickname,blocked,created_at,updated_at,last_login,logins_count,app_metadata,identities';
/** Auth0: at most 100 per page, and a search reaches only its first 1000 records. */
const AUTH0_PER_PAGE = 100;
const AUTH0_PAGING_LIMIT = 1000;
/** Graph: $top 999 (the most it takes) on users and userRegistrationDetails. */
const GRAPH_TOP = 999;
const GRAPH_USER_SELECT =
  'id,displayName,mail,userPrincipalName,accountEnabled,createdDateTime,department,jobTitle,signInActivity';
const GRAPH_GROUP_SELECT = 'id,displayName,description,isAssignableToRole,members';
const GRAPH_USER_TYPE = '#microsoft.graph.user';

export interface IdpFloor {
  ms: number;
  users: number;
  memberships: number;
}

export interface IdentityFloor {
  auth0: IdpFloor;
  entra: IdpFloor;
  /** Both IdPs read at the same time, as the two syncs run. */
  totalMs: number;
}

export interface FloorTargets {
  auth0Domain: string;
  graphUrl: string;
  graphAuthority: string;
}

/**
 * Auth0: every user by keyset on `updated_at` (pages of one search up to the first 1000
 * records, then the search again from the last `updated_at` seen, users de-duplicated by id),
 * then every role and each role's members by checkpoint (`take` 100), one role after another.
 */
export async function auth0Floor(domain: string): Promise<IdpFloor> {
  const client = new ManagementClient({
    domain,
    clientId: AUTH0_SANDBOX.clientId,
    clientSecret: AUTH0_SANDBOX.clientSecret,
  });
  const started = performance.now();
  const users = new Set<string>();
  let lower: string | null = null;
  for (let searching = true; searching;) {
    let last: string | null = null;
    searching = false;
    for (let page = 0; page < AUTH0_PAGING_LIMIT / AUTH0_PER_PAGE; page += 1) {
      const answer = await client.users.list({
        ...(lower ? { q: `updated_at:[${lower} TO *]` } : {}),
        sort: 'updated_at:1',
        per_page: AUTH0_PER_PAGE,
        page,
        include_totals: true,
        fields: AUTH0_USER_FIELDS,
        include_fields: true,
        search_engine: 'v3',
      });
      for (const user of answer.data) {
        if (user.user_id) users.add(user.user_id);
        if (typeof user.updated_at === 'string') last = user.updated_at;
      }
      if (answer.data.length < AUTH0_PER_PAGE) break;
      if (page === AUTH0_PAGING_LIMIT / AUTH0_PER_PAGE - 1) searching = true;
    }
    if (searching) {
      if (last === null || last === lower) throw new Error('Auth0 keyset paging is stuck');
      lower = last;
    }
  }
  let memberships = 0;
  const roleIds: string[] = [];
  for await (const role of await client.roles.list({ per_page: 100, include_totals: true })) {
    if (role.id) roleIds.push(role.id);
  }
  for (const roleId of roleIds) {
    for await (const member of await client.roles.users.list(roleId, { take: 100 })) {
      if (member.user_id) memberships += 1;
    }
  }
  return { ms: performance.now() - started, users: users.size, memberships };
}

interface GraphPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

interface GraphMember {
  '@odata.type'?: string;
  id: string;
  '@removed'?: unknown;
}

/**
 * Entra ID: users (`$top` 999, following @odata.nextLink), their MFA registrations
 * (userRegistrationDetails, `$top` 999), the first round of groups/delta with members@delta,
 * and directoryRoles?$expand=members.
 */
export async function entraFloor(graphUrl: string, authority: string): Promise<IdpFloor> {
  const client = Client.initWithMiddleware({
    baseUrl: graphUrl,
    customHosts: new Set([new URL(graphUrl).hostname]),
    authProvider: new TokenCredentialAuthenticationProvider(
      new ClientSecretCredential(
        GRAPH_SANDBOX.tenantId,
        GRAPH_SANDBOX.clientId,
        GRAPH_SANDBOX.clientSecret,
        { authorityHost: authority, disableInstanceDiscovery: true },
      ),
      { scopes: ['https://graph.microsoft.com/.default'] },
    ),
  });
  const started = performance.now();
  const pages = async <T>(first: string, onPage: (items: T[]) => void) => {
    let next: string | undefined = first;
    while (next) {
      const page = (await client.api(next).get()) as GraphPage<T>;
      onPage(page.value ?? []);
      next = page['@odata.nextLink'];
    }
  };
  let users = 0;
  await pages<{ id: string }>(`users?$select=${GRAPH_USER_SELECT}&$top=${GRAPH_TOP}`, (page) => {
    users += page.length;
  });
  let registrations = 0;
  await pages<{ id: string }>(
    `reports/authenticationMethods/userRegistrationDetails?$top=${GRAPH_TOP}`,
    (page) => {
      registrations += page.length;
    },
  );
  let memberships = 0;
  await pages<{ id: string; 'members@delta'?: GraphMember[] }>(
    `groups/delta?$select=${GRAPH_GROUP_SELECT}`,
    (page) => {
      for (const group of page) {
        for (const member of group['members@delta'] ?? []) {
          if (member['@odata.type'] === GRAPH_USER_TYPE && !member['@removed']) memberships += 1;
        }
      }
    },
  );
  await pages<{ id: string; members?: GraphMember[] }>('directoryRoles?$expand=members', (page) => {
    for (const role of page) {
      for (const member of role.members ?? []) {
        if (member['@odata.type'] === undefined || member['@odata.type'] === GRAPH_USER_TYPE)
          memberships += 1;
      }
    }
  });
  if (registrations === 0) throw new Error('userRegistrationDetails answered nothing');
  return { ms: performance.now() - started, users, memberships };
}

/** Both IdPs at the same time, as hall-of-faces runs the two syncs (runner concurrency 2). */
export async function identityFloor(targets: FloorTargets): Promise<IdentityFloor> {
  const started = performance.now();
  const [auth0, entra] = await Promise.all([
    auth0Floor(targets.auth0Domain),
    entraFloor(targets.graphUrl, targets.graphAuthority),
  ]);
  return { auth0, entra, totalMs: performance.now() - started };
}
