import type { Auth0AccountAccess, Auth0ClientPool } from '@codex/connectors';
import type { Management } from 'auth0';

import { AUTH0_CURSOR, Auth0DirectoryReader } from './auth0-directory-reader';

const access: Auth0AccountAccess = {
  provider: 'auth0',
  accountId: 'acme',
  regions: [],
  credentials: {
    kind: 'client-secret',
    domain: 'acme.eu.auth0.com',
    clientId: 'c',
    clientSecret: 's',
  },
};

/** Pages the reader iterates: the SDK's Page is an async iterable with `data`. */
function page<T>(items: T[]) {
  return {
    data: items,
    response: { items },
    [Symbol.asyncIterator]: () => {
      let next = 0;
      return {
        next: () =>
          Promise.resolve(
            next < items.length
              ? { done: false as const, value: items[next++] as T }
              : { done: true as const, value: undefined },
          ),
      };
    },
  };
}

/** A Management API client answering from fixed users, roles and log events. */
function fakePool(state: {
  users?: Management.UserResponseSchema[];
  roles?: Management.Role[];
  userRoles?: Record<string, string[]>;
  logs: Management.Log[];
}) {
  const calls: string[] = [];
  const client = {
    users: {
      list: (request: { page?: number }) => {
        calls.push('users.list');
        return Promise.resolve(page(request.page ? [] : (state.users ?? [])));
      },
      roles: {
        list: (id: string) => {
          calls.push(`users.roles.list ${id}`);
          const held = state.userRoles?.[id];
          if (!held) {
            return Promise.reject(
              Object.assign(new Error('The user does not exist.'), {
                statusCode: 404,
                body: { errorCode: 'inexistent_user', message: 'The user does not exist.' },
              }),
            );
          }
          return Promise.resolve(page(held.map((roleId) => ({ id: roleId }))));
        },
      },
    },
    roles: {
      list: () => {
        calls.push('roles.list');
        return Promise.resolve(page(state.roles ?? []));
      },
    },
    logs: {
      list: (_request: unknown, options?: { queryParams?: { from?: string; take?: number } }) => {
        calls.push('logs.list');
        const from = options?.queryParams?.from ?? '';
        const after = state.logs.filter((log) => (log.log_id ?? '') > from);
        return Promise.resolve({ data: [], response: after.slice(0, 100) });
      },
    },
  };
  return { pool: { client: () => client } as unknown as Auth0ClientPool, calls };
}

const at = (minute: number, second = 0) =>
  new Date(Date.UTC(2026, 10, 30, 9, minute, second)).toISOString();
let sequence = 0;
function event(type: string, fields: Partial<Management.Log> = {}): Management.Log {
  sequence += 1;
  return {
    log_id: String(sequence).padStart(24, '0'),
    type,
    date: at(sequence),
    ip: '198.51.100.7',
    user_agent: 'Firefox',
    ...fields,
  };
}
function sapi(method: string, path: string, body: unknown = {}): Management.Log {
  return event('sapi', { details: { request: { method, path, body } } });
}
const cursor = (fields: Record<string, string> = {}) => ({
  [AUTH0_CURSOR.usersUpdatedAt]: '2026-11-30T08:00:00.000Z',
  [AUTH0_CURSOR.usersRecent]: '{}',
  [AUTH0_CURSOR.lastLogId]: '0',
  ...fields,
});

describe('Auth0DirectoryReader following the Management API events of an incremental read', () => {
  it('re-reads the roles of users whose roles changed, by either path, with ids decoded', async () => {
    const { pool, calls } = fakePool({
      userRoles: { 'auth0|a': ['rol_1'], 'auth0|b': ['rol_1', 'rol_2'], 'auth0|c': [] },
      logs: [
        sapi('post', '/api/v2/users/auth0%7Ca/roles', { roles: ['rol_1'] }),
        sapi('post', '/api/v2/roles/rol_2/users', { users: ['auth0|b'] }),
        sapi('delete', '/api/v2/users/auth0|c/roles', { roles: ['rol_9'] }),
        sapi('patch', '/api/v2/users'),
      ],
    });
    const changes = await new Auth0DirectoryReader(pool).read(access, cursor(), () => undefined);
    expect(changes.rolesReplacedFor).toEqual(['auth0|a', 'auth0|b', 'auth0|c']);
    expect(changes.memberships.map((m) => `${m.accountId} ${m.containerId}`)).toEqual([
      'auth0|a rol_1',
      'auth0|b rol_1',
      'auth0|b rol_2',
    ]);
    expect(changes.containers).toBeUndefined();
    expect(changes.signIns).toEqual([]);
    expect(calls.filter((call) => call === 'roles.list')).toEqual([]);
  });

  it('drops deleted users, and a user whose roles cannot be read because it is gone', async () => {
    const { pool } = fakePool({
      userRoles: {},
      logs: [
        sapi('post', '/api/v2/users/auth0|x/roles', { roles: ['rol_1'] }),
        sapi('delete', '/api/v2/users/auth0|x'),
        sapi('post', '/api/v2/users/auth0|y/roles', { roles: ['rol_1'] }),
      ],
    });
    const changes = await new Auth0DirectoryReader(pool).read(access, cursor(), () => undefined);
    expect(changes.removedAccountIds.sort()).toEqual(['auth0|x', 'auth0|y']);
    expect(changes.rolesReplacedFor).toEqual([]);
  });

  it('reads the roles again after a role was created, changed or deleted', async () => {
    const { pool } = fakePool({
      roles: [
        { id: 'rol_1', name: 'tenant admin', description: 'all' },
        { id: 'rol_2', name: 'Viewer' },
      ],
      logs: [sapi('delete', '/api/v2/roles/rol_3')],
    });
    const changes = await new Auth0DirectoryReader(pool).read(access, cursor(), () => undefined);
    expect(changes.containers).toEqual({
      roles: [
        { externalId: 'rol_1', name: 'tenant admin', description: 'all', privileged: true },
        { externalId: 'rol_2', name: 'Viewer', description: null, privileged: false },
      ],
      groups: [],
    });
  });

  it('marks a sign-in whose Guardian success came at the end of the previous read', async () => {
    const guardian = event('gd_auth_succeed', { user_id: 'auth0|m', date: at(40, 0) });
    const first = fakePool({ logs: [guardian] });
    const reader = new Auth0DirectoryReader(first.pool);
    const before = await reader.read(access, cursor(), () => undefined);
    expect(before.signIns).toEqual([]);
    const success = event('s', {
      user_id: 'auth0|m',
      user_name: 'm@acme.example',
      date: at(40, 20),
    });
    const late = event('s', { user_id: 'auth0|m', date: at(50, 0) });
    const second = fakePool({ logs: [guardian, success, late] });
    const after = await new Auth0DirectoryReader(second.pool).read(
      access,
      before.cursor,
      () => undefined,
    );
    expect(after.signIns.map((signIn) => [signIn.externalId, signIn.mfa])).toEqual([
      [success.log_id, true],
      [late.log_id, false],
    ]);
    expect(JSON.parse(after.cursor[AUTH0_CURSOR.mfaPending] ?? '{}')).toEqual({});
  });

  it('names failures by type and description, and unknown users by the name tried', async () => {
    const { pool } = fakePool({
      logs: [
        event('fp', { user_id: 'auth0|p', description: 'Wrong email or password.' }),
        event('fu', {
          user_id: '',
          user_name: 'ghost@acme.example',
          description: 'Invalid email or username',
        }),
        event('gd_auth_succeed', { user_id: 'auth0|q' }),
        event('limit_wc', { user_id: 'auth0|q' }),
      ],
    });
    const changes = await new Auth0DirectoryReader(pool).read(access, cursor(), () => undefined);
    expect(
      changes.signIns.map(({ accountId, userName, succeeded, failureReason }) => ({
        accountId,
        userName,
        succeeded,
        failureReason,
      })),
    ).toEqual([
      {
        accountId: 'auth0|p',
        userName: null,
        succeeded: false,
        failureReason: 'fp: Wrong email or password.',
      },
      {
        accountId: null,
        userName: 'ghost@acme.example',
        succeeded: false,
        failureReason: 'fu: Invalid email or username',
      },
    ]);
  });
});
