import type { operations } from '../api/schema';

/**
 * The identity directory's pure rules for the console: the filters kept in the address, the
 * URNs governance actions target, which action of the catalogue does what in each identity
 * provider, and how a sync run and a finding read for people.
 */
export const IDPS = ['auth0', 'entra'] as const;
export type Idp = (typeof IDPS)[number];

export const IDP_LABELS: Record<Idp, string> = { auth0: 'Auth0', entra: 'Entra ID' };

/** `1 finding`, `3 findings`. */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

/** A provider's name for people; one the console does not know is shown as it came. */
export function idpLabel(provider: string): string {
  return (IDPS as readonly string[]).includes(provider) ? IDP_LABELS[provider as Idp] : provider;
}

export const FINDING_KINDS = [
  'stale_account',
  'admin_without_mfa',
  'dormant_privileged',
  'leaver_drift',
  'unlinked_account',
  'unused_privileged_role',
] as const;
/**
 * Every kind hall-of-faces reports, as its OpenAPI document says, so a kind the console has no
 * label for fails the type check. The oracle's sign-in risk (ADR 24) comes with a person's
 * findings but is not one of the directory's rules, which FINDING_KINDS lists.
 */
export type FindingKind = NonNullable<
  NonNullable<operations['DirectoryController_report']['parameters']['query']>['kind']
>;

/** What the findings page filters on: the rules and, only when asked for, the sign-in risk. */
export const LISTED_FINDING_KINDS: readonly FindingKind[] = [...FINDING_KINDS, 'sign_in_risk'];

export const FINDING_LABELS: Record<FindingKind, string> = {
  stale_account: 'Stale accounts',
  admin_without_mfa: 'Admins without MFA',
  dormant_privileged: 'Dormant privileged accounts',
  leaver_drift: 'Leaver drift',
  unlinked_account: 'Unlinked accounts',
  unused_privileged_role: 'Unused privileged roles',
  sign_in_risk: 'Risky sign-ins',
};

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type Tone = 'good' | 'neutral' | 'busy' | 'warn' | 'bad';

/** The badge tone of a finding's severity; the word itself carries the meaning. */
export function severityTone(severity: Severity): Tone {
  switch (severity) {
    case 'critical':
    case 'high':
      return 'bad';
    case 'medium':
      return 'warn';
    case 'low':
      return 'neutral';
  }
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Most severe first; the API's order (by kind) is kept among equals. */
export function bySeverity<T extends { severity: Severity }>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.item.severity] - SEVERITY_ORDER[b.item.severity] || a.index - b.index,
    )
    .map(({ item }) => item);
}

const isIdp = (value: string | null): value is Idp =>
  value !== null && (IDPS as readonly string[]).includes(value);

const flagOf = (value: string | null): 'true' | 'false' | undefined =>
  value === 'true' || value === 'false' ? value : undefined;

/** The people list's filters: exactly the query GET /identity/directory/people takes. */
export interface PeopleFilters {
  q?: string;
  provider?: Idp;
  privileged?: 'true' | 'false';
  enabled?: 'true' | 'false';
}

const PEOPLE_KEYS = ['q', 'provider', 'privileged', 'enabled'] as const;

/** The filters live in the address, so a filtered list can be shared and survives reload. */
export function peopleFiltersFrom(search: URLSearchParams): PeopleFilters {
  const filters: PeopleFilters = {};
  const q = search.get('q')?.trim();
  if (q) filters.q = q.slice(0, 200);
  const provider = search.get('provider');
  if (isIdp(provider)) filters.provider = provider;
  const privileged = flagOf(search.get('privileged'));
  if (privileged) filters.privileged = privileged;
  const enabled = flagOf(search.get('enabled'));
  if (enabled) filters.enabled = enabled;
  return filters;
}

/** The address of these filters; other parameters of `base` are kept. */
export function searchOfPeopleFilters(
  filters: PeopleFilters,
  base: URLSearchParams = new URLSearchParams(),
): URLSearchParams {
  const next = new URLSearchParams(base);
  for (const key of PEOPLE_KEYS) {
    const value = filters[key]?.trim();
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}

/** The findings list's filters: what GET /identity/directory/findings takes. */
export interface FindingFilters {
  kind?: FindingKind;
  provider?: Idp;
}

export function findingFiltersFrom(search: URLSearchParams): FindingFilters {
  const filters: FindingFilters = {};
  const kind = search.get('kind');
  const known = LISTED_FINDING_KINDS.find((k) => k === kind);
  if (known) filters.kind = known;
  const provider = search.get('provider');
  if (isIdp(provider)) filters.provider = provider;
  return filters;
}

/** The link to the findings page filtered to one kind (and provider). */
export function findingsHref(filters: FindingFilters): string {
  const search = new URLSearchParams();
  if (filters.kind) search.set('kind', filters.kind);
  if (filters.provider) search.set('provider', filters.provider);
  const query = search.toString();
  return query ? `/directory/findings?${query}` : '/directory/findings';
}

/** The parts of an identity URN (`codex:auth0:acme.eu.auth0.com:-:identity/user/auth0|42`). */
export interface IdentityUrn {
  provider: string;
  directory: string;
  type: 'user' | 'role' | 'group' | 'directory' | 'person';
  id: string;
}

const URN = /^codex:([a-z0-9]+):([^:]+):-:identity\/(user|role|group|directory|person)\/(.+)$/;

export function parseIdentityUrn(urn: string): IdentityUrn | undefined {
  const match = URN.exec(urn);
  if (!match) return undefined;
  const [, provider = '', directory = '', type = '', id = ''] = match;
  return { provider, directory, type: type as IdentityUrn['type'], id };
}

/** The URN of a connected directory itself, where `invite` creates accounts. */
export function directoryUrn(provider: Idp, externalId: string): string {
  return `codex:${provider}:${externalId}:-:identity/directory/${externalId}`;
}

/** The URN of a role or group in the same directory as an account, from its id there. */
export function containerUrn(accountUrn: string, kind: 'role' | 'group', id: string): string {
  const parts = parseIdentityUrn(accountUrn);
  if (!parts) throw new Error(`not an identity URN: ${accountUrn}`);
  return `codex:${parts.provider}:${parts.directory}:-:identity/${kind}/${id}`;
}

/**
 * How an identity provider grants access, in the catalogue's words: Auth0 accounts hold roles
 * (assign, revoke), Entra ID accounts are members of groups (add_member, remove_member). Both
 * act on the role or group, with the account's id as `accountId`.
 */
export interface MembershipActions {
  kind: 'role' | 'group';
  resourceType: 'identity/role' | 'identity/group';
  add: 'assign' | 'add_member';
  remove: 'revoke' | 'remove_member';
}

export function membershipActions(provider: Idp): MembershipActions {
  switch (provider) {
    case 'auth0':
      return { kind: 'role', resourceType: 'identity/role', add: 'assign', remove: 'revoke' };
    case 'entra':
      return {
        kind: 'group',
        resourceType: 'identity/group',
        add: 'add_member',
        remove: 'remove_member',
      };
  }
}

export interface MembershipLike {
  kind: 'role' | 'group';
  id: string;
  name: string;
  privileged: boolean;
  urn: string;
}

/**
 * The roles or groups an account could be given: every one of `kind` held by any account of
 * the same directory, once, without those the account already has; privileged ones first,
 * then by name.
 */
export function grantableContainers<M extends MembershipLike>(
  account: { urn: string; memberships: readonly M[] },
  directoryAccounts: readonly { urn: string; memberships: readonly M[] }[],
  kind: 'role' | 'group',
): M[] {
  const directory = parseIdentityUrn(account.urn);
  const sameDirectory = (urn: string) => {
    const parts = parseIdentityUrn(urn);
    return (
      parts !== undefined &&
      parts.provider === directory?.provider &&
      parts.directory === directory.directory
    );
  };
  const held = new Set(account.memberships.map((m) => m.urn));
  const found = new Map<string, M>();
  for (const other of directoryAccounts) {
    if (!sameDirectory(other.urn)) continue;
    for (const membership of other.memberships)
      if (membership.kind === kind && !held.has(membership.urn) && !found.has(membership.urn))
        found.set(membership.urn, membership);
  }
  return [...found.values()].sort(
    (a, b) =>
      Number(b.privileged) - Number(a.privileged) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
}

/** Accounts grouped by identity provider, in the order of IDPS. */
export function byIdp<A extends { provider: Idp }>(accounts: readonly A[]): [Idp, A[]][] {
  return IDPS.map((idp): [Idp, A[]] => [idp, accounts.filter((a) => a.provider === idp)]).filter(
    ([, list]) => list.length > 0,
  );
}

/** `removedAccounts` → `removed accounts`. */
function words(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

/** A run's counts or progress as words: `{accounts: 120, memberships: 4}` → `120 accounts, 4 memberships`. */
export function countsText(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => Number.isFinite(n))
    .map(([key, n]) => `${n.toLocaleString('en')} ${words(key)}`)
    .join(', ');
}

export interface SyncRunLike {
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  full: boolean;
  progress: Record<string, number>;
  counts: Record<string, number>;
  error: { code: string; message: string } | null;
}

export function syncInProgress(run: { status: string } | null | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}

/** One sentence on where a sync run is. */
export function syncSentence(run: SyncRunLike): string {
  const kind = run.full ? 'Full sync' : 'Sync';
  switch (run.status) {
    case 'queued':
      return `${kind} queued`;
    case 'running': {
      const so = countsText(run.progress);
      return so ? `${kind} running: ${so} read so far` : `${kind} running`;
    }
    case 'succeeded': {
      const done = countsText(run.counts);
      return done ? `${kind} done: ${done}` : `${kind} done`;
    }
    case 'failed':
      return run.error ? `${kind} failed: ${run.error.message}` : `${kind} failed`;
  }
}

/** The connect form's fields per provider, as the API names them in field errors. */
export const CONNECT_FIELDS: Record<Idp, readonly string[]> = {
  auth0: ['provider', 'name', 'domain', 'clientId', 'clientSecret'],
  entra: ['provider', 'name', 'directoryId', 'clientId', 'clientSecret'],
};

/**
 * Where a problem without field errors belongs on the connect form: a directory already
 * connected is the domain's or directory id's fault; anything else (the provider refusing
 * the credentials) is said above the form.
 */
export function connectProblemField(code: string, provider: Idp): string | undefined {
  if (code !== 'connection_exists') return undefined;
  return provider === 'auth0' ? 'domain' : 'directoryId';
}
