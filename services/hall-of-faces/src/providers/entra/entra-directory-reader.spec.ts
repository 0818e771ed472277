import type { EntraAccountAccess, GraphClientPool } from '@codex/connectors';

import type { SyncCursor } from '../../directory/ports';
import { EntraDirectoryReader } from './entra-directory-reader';

const access: EntraAccountAccess = {
  provider: 'entra',
  accountId: 'tenant',
  regions: [],
  credentials: { kind: 'client-secret', clientId: 'app', clientSecret: 'secret' },
};

/** A Graph client answering each request by the start of its path. */
function poolAnswering(answers: Record<string, unknown>, asked: string[] = []): GraphClientPool {
  const client = {
    api: (url: string) => ({
      get: () => {
        asked.push(url);
        const key = Object.keys(answers).find((prefix) => url.startsWith(prefix));
        if (!key) return Promise.reject(new Error(`unexpected ${url}`));
        return Promise.resolve(answers[key]);
      },
    }),
  };
  return { client: () => client } as unknown as GraphClientPool;
}

const signIn = (id: string, at: string, userId: string, errorCode = 0) => ({
  id,
  createdDateTime: at,
  userId,
  userPrincipalName: `${userId}@contoso.example`,
  ipAddress: '73.1.2.3',
  clientAppUsed: 'Browser',
  status: { errorCode, failureReason: errorCode ? 'Invalid password' : 'Other.' },
  mfaDetail: null,
});

const T1 = '2026-11-29T10:00:00.123Z';
const T2 = '2026-11-29T11:00:00.456Z';

const cursor: SyncCursor = {
  usersDelta: 'https://graph/v1.0/users/delta?$deltatoken=u1',
  groupsDelta: 'https://graph/v1.0/groups/delta?$deltatoken=g1',
  signInsAfter: T1,
  signInIdsAt: 'a',
  roleMembers: 'r1/u1',
  rolesDigest: '',
};

describe('EntraDirectoryReader, incremental', () => {
  it('keeps sign-ins sharing the cursor instant and drops those already read', async () => {
    const asked: string[] = [];
    const reader = new EntraDirectoryReader(
      poolAnswering(
        {
          'https://graph/v1.0/users/delta': {
            value: [
              { id: 'u2', displayName: 'Two', mail: 'Two@Acme.example', accountEnabled: true },
            ],
            '@odata.deltaLink': 'https://graph/v1.0/users/delta?$deltatoken=u2',
          },
          'https://graph/v1.0/groups/delta': {
            value: [],
            '@odata.deltaLink': 'https://graph/v1.0/groups/delta?$deltatoken=g2',
          },
          directoryRoles: {
            value: [
              {
                id: 'r1',
                displayName: 'Global Administrator',
                members: [{ '@odata.type': '#microsoft.graph.user', id: 'u2' }],
              },
            ],
          },
          auditLogs: {
            value: [
              signIn('a', T1, 'u1'),
              signIn('b', T1, 'u2', 50126),
              signIn('c', T2, 'u2'),
              signIn('d', T2, 'u3'),
            ],
          },
          'reports/authenticationMethods/userRegistrationDetails/u2': {
            id: 'u2',
            isMfaRegistered: true,
          },
        },
        asked,
      ),
    );
    const changes = await reader.read(access, cursor, () => undefined);

    expect(asked).toContain(
      `auditLogs/signIns?$filter=createdDateTime ge ${T1}&$orderby=createdDateTime asc&$top=1000`,
    );
    expect(changes.signIns.map((s) => s.externalId)).toEqual(['b', 'c', 'd']);
    expect(changes.signIns[0]).toMatchObject({
      succeeded: false,
      failureReason: '50126: Invalid password',
      accountId: 'u2',
      userName: 'u2@contoso.example',
      userAgent: 'Browser',
      mfa: false,
    });
    expect(changes.cursor).toMatchObject({
      usersDelta: 'https://graph/v1.0/users/delta?$deltatoken=u2',
      groupsDelta: 'https://graph/v1.0/groups/delta?$deltatoken=g2',
      signInsAfter: T2,
      signInIdsAt: 'c,d',
      roleMembers: 'r1/u2',
    });
    // Delta users carry no signInActivity: the newest successful sign-in of this read.
    expect(changes.accounts).toEqual([
      expect.objectContaining({
        externalId: 'u2',
        email: 'two@acme.example',
        emailVerified: true,
        mfaRegistered: true,
        lastSignInAt: new Date(T2),
      }),
    ]);
    expect(changes.memberships).toEqual([
      { kind: 'role', containerId: 'r1', accountId: 'u2', removed: false },
      { kind: 'role', containerId: 'r1', accountId: 'u1', removed: true },
    ]);
    expect(changes.rolesReplacedFor).toEqual([]);
  });

  it('keeps the cursor when no sign-in is new', async () => {
    const reader = new EntraDirectoryReader(
      poolAnswering({
        'https://graph/v1.0/users/delta': { value: [], '@odata.deltaLink': cursor.usersDelta },
        'https://graph/v1.0/groups/delta': { value: [], '@odata.deltaLink': cursor.groupsDelta },
        directoryRoles: { value: [{ id: 'r1', members: [{ id: 'u1' }] }] },
        auditLogs: { value: [signIn('a', T1, 'u1')] },
      }),
    );
    const changes = await reader.read(access, cursor, () => undefined);
    expect(changes.signIns).toEqual([]);
    expect(changes.memberships).toEqual([]);
    expect(changes.cursor).toMatchObject({ signInsAfter: T1, signInIdsAt: 'a' });
  });
});
