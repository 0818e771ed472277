import {
  byIdp,
  bySeverity,
  connectProblemField,
  containerUrn,
  countsText,
  directoryUrn,
  findingFiltersFrom,
  findingsHref,
  grantableContainers,
  idpLabel,
  membershipActions,
  type MembershipLike,
  parseIdentityUrn,
  peopleFiltersFrom,
  plural,
  searchOfPeopleFilters,
  severityTone,
  syncInProgress,
  syncSentence,
} from './directory';

const AUTH0 = 'codex:auth0:acme.eu.auth0.com:-:identity';
const ENTRA = 'codex:entra:6f1c3e2a-0000-4000-8000-000000000001:-:identity';

const role = (id: string, name: string, privileged = false): MembershipLike => ({
  kind: 'role',
  id,
  name,
  privileged,
  urn: `${AUTH0}/role/${id}`,
});

describe('the directory filters in the address', () => {
  it('people filters keep only what the API takes, trimmed', () => {
    const search = new URLSearchParams(
      'q=%20ada%20&provider=entra&privileged=true&enabled=maybe&tab=x',
    );
    expect(peopleFiltersFrom(search)).toEqual({ q: 'ada', provider: 'entra', privileged: 'true' });
  });

  it('an unknown provider is no filter', () => {
    expect(peopleFiltersFrom(new URLSearchParams('provider=okta'))).toEqual({});
  });

  it('writing filters keeps other parameters and drops cleared filters', () => {
    const base = new URLSearchParams('q=old&enabled=false&tab=people');
    const next = searchOfPeopleFilters({ provider: 'auth0', privileged: 'false' }, base);
    expect(next.toString()).toBe('tab=people&provider=auth0&privileged=false');
  });

  it('findings filters read a known kind and provider', () => {
    expect(findingFiltersFrom(new URLSearchParams('kind=leaver_drift&provider=auth0'))).toEqual({
      kind: 'leaver_drift',
      provider: 'auth0',
    });
    expect(findingFiltersFrom(new URLSearchParams('kind=nope'))).toEqual({});
    expect(findingFiltersFrom(new URLSearchParams('kind=sign_in_risk'))).toEqual({
      kind: 'sign_in_risk',
    });
  });

  it('a findings link carries its filters', () => {
    expect(findingsHref({})).toBe('/directory/findings');
    expect(findingsHref({ kind: 'admin_without_mfa', provider: 'entra' })).toBe(
      '/directory/findings?kind=admin_without_mfa&provider=entra',
    );
  });
});

describe('identity URNs', () => {
  it('an Auth0 account URN is read with a user id that has a pipe in it', () => {
    expect(parseIdentityUrn(`${AUTH0}/user/auth0|42`)).toEqual({
      provider: 'auth0',
      directory: 'acme.eu.auth0.com',
      type: 'user',
      id: 'auth0|42',
    });
  });

  it('a URN that is not an identity URN is not read', () => {
    expect(parseIdentityUrn('codex:aws:123456789012:eu-west-1:ec2/instance/i-1')).toBeUndefined();
  });

  it("a role or group is addressed in the account's own directory", () => {
    expect(containerUrn(`${AUTH0}/user/auth0|42`, 'role', 'rol_admin')).toBe(
      `${AUTH0}/role/rol_admin`,
    );
    expect(containerUrn(`${ENTRA}/user/u-1`, 'group', 'g-7')).toBe(`${ENTRA}/group/g-7`);
  });

  it('a connected directory is addressed by its domain or directory id', () => {
    expect(directoryUrn('auth0', 'acme.eu.auth0.com')).toBe(`${AUTH0}/directory/acme.eu.auth0.com`);
    expect(parseIdentityUrn(directoryUrn('entra', 'd-1'))).toMatchObject({
      provider: 'entra',
      type: 'directory',
      id: 'd-1',
    });
  });

  it('a role cannot be addressed from something that is not an identity URN', () => {
    expect(() => containerUrn('urn:nope', 'role', 'r')).toThrow(/not an identity URN/);
  });
});

describe('access in each identity provider', () => {
  it('Auth0 accounts are assigned and revoked roles', () => {
    expect(membershipActions('auth0')).toEqual({
      kind: 'role',
      resourceType: 'identity/role',
      add: 'assign',
      remove: 'revoke',
    });
  });

  it('Entra ID accounts are added to and removed from groups', () => {
    expect(membershipActions('entra')).toMatchObject({ kind: 'group', add: 'add_member' });
  });

  it('the roles offered are those of the same directory the account lacks, privileged first', () => {
    const admin = role('r1', 'Admin', true);
    const billing = role('r2', 'Billing');
    const audit = role('r3', 'Audit');
    const account = { urn: `${AUTH0}/user/a`, memberships: [billing] };
    const others = [
      { urn: `${AUTH0}/user/b`, memberships: [billing, audit] },
      { urn: `${AUTH0}/user/c`, memberships: [audit, admin] },
      {
        urn: 'codex:auth0:other.auth0.com:-:identity/user/d',
        memberships: [
          { ...role('r9', 'Elsewhere'), urn: 'codex:auth0:other.auth0.com:-:identity/role/r9' },
        ],
      },
    ];
    expect(grantableContainers(account, others, 'role').map((m) => m.name)).toEqual([
      'Admin',
      'Audit',
    ]);
  });

  it('groups are not offered where roles are asked for', () => {
    const group = { ...role('g1', 'Ops'), kind: 'group' as const };
    const account = { urn: `${AUTH0}/user/a`, memberships: [] };
    expect(
      grantableContainers(account, [{ urn: `${AUTH0}/user/b`, memberships: [group] }], 'role'),
    ).toEqual([]);
  });

  it("a person's accounts are grouped by identity provider, Auth0 first", () => {
    const accounts = [
      { provider: 'entra' as const, id: 1 },
      { provider: 'auth0' as const, id: 2 },
      { provider: 'entra' as const, id: 3 },
    ];
    expect(byIdp(accounts).map(([idp, list]) => [idp, list.map((a) => a.id)])).toEqual([
      ['auth0', [2]],
      ['entra', [1, 3]],
    ]);
  });
});

describe('sync runs in words', () => {
  const run = {
    full: false,
    progress: {},
    counts: {},
    error: null,
  };

  it('counts read as words', () => {
    expect(countsText({ accounts: 1204, removedAccounts: 3 })).toBe(
      '1,204 accounts, 3 removed accounts',
    );
  });

  it('a running sync says what it has read so far', () => {
    expect(syncSentence({ ...run, status: 'running', progress: { users: 120, roles: 4 } })).toBe(
      'Sync running: 120 users, 4 roles read so far',
    );
  });

  it('a finished full sync says what it applied', () => {
    expect(syncSentence({ ...run, full: true, status: 'succeeded', counts: { accounts: 5 } })).toBe(
      'Full sync done: 5 accounts',
    );
  });

  it('a failed sync says why', () => {
    expect(
      syncSentence({
        ...run,
        status: 'failed',
        error: { code: 'unauthorized:invalid_client', message: 'Auth0 refused the client' },
      }),
    ).toBe('Sync failed: Auth0 refused the client');
  });

  it('a queued or running sync is in progress; none, or a finished one, is not', () => {
    expect(syncInProgress({ status: 'queued' })).toBe(true);
    expect(syncInProgress({ status: 'running' })).toBe(true);
    expect(syncInProgress({ status: 'failed' })).toBe(false);
    expect(syncInProgress(null)).toBe(false);
  });
});

describe('findings and connect errors', () => {
  it('counted things read in the singular for one', () => {
    expect(plural(1, 'finding')).toBe('1 finding');
    expect(plural(1200, 'finding')).toBe('1,200 findings');
  });

  it('providers are named for people, and an unknown one as it came', () => {
    expect(idpLabel('entra')).toBe('Entra ID');
    expect(idpLabel('okta')).toBe('okta');
  });

  it('critical and high findings read as bad, medium as a warning', () => {
    expect(severityTone('critical')).toBe('bad');
    expect(severityTone('high')).toBe('bad');
    expect(severityTone('medium')).toBe('warn');
    expect(severityTone('low')).toBe('neutral');
  });

  it('findings are listed most severe first, in the API order among equals', () => {
    const items = [
      { severity: 'low' as const, id: 1 },
      { severity: 'critical' as const, id: 2 },
      { severity: 'low' as const, id: 3 },
      { severity: 'high' as const, id: 4 },
    ];
    expect(bySeverity(items).map((f) => f.id)).toEqual([2, 4, 1, 3]);
  });

  it('a directory already connected is placed on its domain or directory id', () => {
    expect(connectProblemField('connection_exists', 'auth0')).toBe('domain');
    expect(connectProblemField('connection_exists', 'entra')).toBe('directoryId');
    expect(connectProblemField('connection_verification_failed', 'auth0')).toBeUndefined();
  });
});
