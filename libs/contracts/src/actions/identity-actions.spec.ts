import { ACTION_CATALOGUE } from './catalogue';

const user = (privileged: boolean, provider = 'entra') => ({
  urn: `codex:${provider}:dir:-:identity/user/u1`,
  state: 'enabled',
  attributes: { privileged },
});

describe('identity governance in the action catalogue', () => {
  it('executes every identity action in hall-of-faces', () => {
    for (const [provider, type] of [
      ['auth0', 'identity/user'],
      ['entra', 'identity/user'],
      ['auth0', 'identity/role'],
      ['entra', 'identity/group'],
      ['auth0', 'identity/directory'],
      ['codex', 'identity/person'],
    ] as const) {
      for (const action of ACTION_CATALOGUE.actionsFor(provider, type)) {
        expect(ACTION_CATALOGUE.executorOf(provider, type, action)).toBe('hall-of-faces');
      }
    }
    expect(ACTION_CATALOGUE.actionsFor('entra', 'identity/user')).toEqual(['block', 'unblock']);
    expect(ACTION_CATALOGUE.actionsFor('codex', 'identity/person')).toEqual(['leaver']);
  });

  it('a change to an administrator waits for approval, one to anyone else does not', () => {
    const block = ACTION_CATALOGUE.definition('entra', 'identity/user', 'block');
    expect(block?.approvalRequired?.(user(true), {})).toBe(true);
    expect(block?.approvalRequired?.(user(false), {})).toBe(false);
    expect(block?.plan(user(false), {}).changes).toEqual([
      { field: 'state', from: 'enabled', to: 'disabled' },
    ]);
  });

  it('giving a privileged role waits for approval; taking it away does not', () => {
    const role = {
      urn: 'codex:auth0:acme:-:identity/role/rol_1',
      state: 'active',
      attributes: { privileged: true },
    };
    const assign = ACTION_CATALOGUE.definition('auth0', 'identity/role', 'assign');
    const revoke = ACTION_CATALOGUE.definition('auth0', 'identity/role', 'revoke');
    expect(assign?.approvalRequired?.(role, { accountId: 'auth0|1' })).toBe(true);
    expect(revoke?.approvalRequired?.(role, { accountId: 'auth0|1' })).toBe(false);
    expect(assign?.plan(role, { accountId: 'auth0|1' }).steps[0]).toContain('a privileged role');
  });

  it('refuses a membership change without the account, naming the parameter', () => {
    const add = ACTION_CATALOGUE.definition('entra', 'identity/group', 'add_member');
    if (!add) throw new Error('add_member is missing');
    const checked = ACTION_CATALOGUE.checkParams(add, {});
    expect('error' in checked && checked.error.issues[0]?.path).toEqual(['accountId']);
    expect('error' in ACTION_CATALOGUE.checkParams(add, { accountId: 'x', extra: 1 })).toBe(true);
  });

  it('an invitation needs an e-mail address and a name, and keeps the address in lower case', () => {
    const invite = ACTION_CATALOGUE.definition('auth0', 'identity/directory', 'invite');
    if (!invite) throw new Error('invite is missing');
    expect(
      ACTION_CATALOGUE.checkParams(invite, { email: 'Ana@Acme.Example', displayName: 'Ana' }),
    ).toEqual({
      params: { email: 'ana@acme.example', displayName: 'Ana' },
    });
    expect(
      'error' in ACTION_CATALOGUE.checkParams(invite, { email: 'not-mail', displayName: 'Ana' }),
    ).toBe(true);
  });

  it('the leaver plan lists every account it will block', () => {
    const leaver = ACTION_CATALOGUE.definition('codex', 'identity/person', 'leaver');
    const person = {
      urn: 'codex:codex:t:-:identity/person/p1',
      state: 'active',
      attributes: {
        privileged: false,
        accountUrns: ['codex:auth0:a:-:identity/user/x', 'codex:entra:d:-:identity/user/y'],
      },
    };
    expect(leaver?.plan(person, {}).steps).toEqual([
      'block codex:auth0:a:-:identity/user/x',
      'block codex:entra:d:-:identity/user/y',
      'read every account again; the person is offboarded when all are blocked',
    ]);
    expect(
      leaver?.approvalRequired?.(
        { ...person, attributes: { ...person.attributes, privileged: true } },
        {},
      ),
    ).toBe(true);
  });
});
