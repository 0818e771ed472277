import { AccountBreakers, Auth0ClientPool, ProviderError } from '@codex/connectors';
import { type IdentitySandboxes, startIdentitySandboxes } from '@codex/testing';

import { Auth0DirectoryWriter } from '.';
import { type Auth0EstateFacts, auth0EstateFacts, sandboxAccess } from './auth0-estate.fixture';

describe('Auth0DirectoryWriter against the Auth0 sandbox', () => {
  let sandboxes: IdentitySandboxes;
  let breakers: AccountBreakers;
  let pool: Auth0ClientPool;
  let writer: Auth0DirectoryWriter;
  let estate: Auth0EstateFacts;
  const access = () => sandboxAccess(sandboxes.auth0.url);
  const failure = async (call: Promise<unknown>) =>
    call.then(
      () => undefined,
      (error: unknown) => error,
    );
  const rolesOf = async (userId: string) => {
    const held: string[] = [];
    for await (const role of await pool.client(access()).users.roles.list(userId)) {
      if (role.id) held.push(role.id);
    }
    return held;
  };

  beforeAll(async () => {
    estate = auth0EstateFacts();
    sandboxes = await startIdentitySandboxes({});
    breakers = new AccountBreakers();
    pool = new Auth0ClientPool(breakers);
    writer = new Auth0DirectoryWriter(pool);
  });

  afterAll(async () => {
    pool?.destroy();
    breakers?.shutdown();
    await sandboxes?.stop();
  });

  it('blocks and unblocks a user, twice over, and reads the user back', async () => {
    const userId = estate.userIds[11] ?? '';
    const blocked = await writer.apply(access(), {
      kind: 'set_enabled',
      accountId: userId,
      enabled: false,
    });
    expect(blocked).toMatchObject({ externalId: userId, enabled: false });
    const again = await writer.apply(access(), {
      kind: 'set_enabled',
      accountId: userId,
      enabled: false,
    });
    expect(again.enabled).toBe(false);
    expect((await pool.client(access()).users.get(userId)).blocked).toBe(true);
    const unblocked = await writer.apply(access(), {
      kind: 'set_enabled',
      accountId: userId,
      enabled: true,
    });
    expect(unblocked.enabled).toBe(true);
  });

  it('assigns and removes a role, each twice over, and reads the roles back', async () => {
    const userId = estate.userIds[12] ?? '';
    const held = new Set(
      estate.userRoles.filter((r) => r.user_id === userId).map((r) => r.role_id),
    );
    const roleId = estate.roles.find((role) => !held.has(role.id))?.id ?? '';
    const change = { container: 'role' as const, containerId: roleId, accountId: userId };
    const added = await writer.apply(access(), { kind: 'add_membership', ...change });
    expect(added.externalId).toBe(userId);
    expect(await rolesOf(userId)).toContain(roleId);
    await writer.apply(access(), { kind: 'add_membership', ...change });
    expect((await rolesOf(userId)).filter((id) => id === roleId)).toHaveLength(1);
    await writer.apply(access(), { kind: 'remove_membership', ...change });
    expect(await rolesOf(userId)).not.toContain(roleId);
    await writer.apply(access(), { kind: 'remove_membership', ...change });
    expect(new Set(await rolesOf(userId))).toEqual(held);
  });

  it('refuses groups, which Auth0 does not have', async () => {
    const error = await failure(
      writer.apply(access(), {
        kind: 'add_membership',
        container: 'group',
        containerId: 'g',
        accountId: estate.userIds[0] ?? '',
      }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'invalid' });
  });

  it('creates an unverified account, and names a second one with the same e-mail a conflict', async () => {
    const created = await writer.apply(access(), {
      kind: 'create_account',
      email: 'New.Joiner@Acme.example',
      displayName: 'New Joiner',
    });
    expect(created).toMatchObject({
      email: 'new.joiner@acme.example',
      emailVerified: false,
      displayName: 'New Joiner',
      enabled: true,
    });
    expect(created.externalId).toMatch(/^auth0\|/);
    const conflict = await failure(
      writer.apply(access(), {
        kind: 'create_account',
        email: 'new.joiner@acme.example',
        displayName: 'New Joiner',
      }),
    );
    expect(conflict).toBeInstanceOf(ProviderError);
    expect(conflict).toMatchObject({ code: 'conflict', providerCode: 'auth0_idp_error' });
  });

  it('names a user that does not exist not found', async () => {
    const error = await failure(
      writer.apply(access(), { kind: 'set_enabled', accountId: 'auth0|nobody', enabled: false }),
    );
    expect(error).toMatchObject({ code: 'not_found', providerCode: 'inexistent_user' });
  });

  it('names a change Auth0 accepted but the user does not show a failed verification', async () => {
    // A transport that answers every PATCH itself: Auth0 never sees the block.
    const deaf = new Auth0ClientPool(new AccountBreakers(), undefined, (input, init) =>
      init?.method === 'PATCH'
        ? Promise.resolve(
            new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }),
          )
        : fetch(input, init),
    );
    const userId = estate.userIds[13] ?? '';
    const error = await failure(
      new Auth0DirectoryWriter(deaf).apply(access(), {
        kind: 'set_enabled',
        accountId: userId,
        enabled: false,
      }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'conflict', providerCode: 'VerificationFailed' });
    deaf.destroy();
  });
});
