import {
  AccountBreakers,
  type EntraAccountAccess,
  GraphClientPool,
  ProviderError,
} from '@codex/connectors';
import { GRAPH_SANDBOX, type IdentitySandboxes, startIdentitySandboxes } from '@codex/testing';

import { ENTRA_ROLE_WRITES_UNSUPPORTED, EntraDirectoryWriter } from './entra-directory-writer';

interface Listed<T> {
  value: T[];
}

describe('EntraDirectoryWriter against the Graph sandbox', () => {
  let sandboxes: IdentitySandboxes;
  let pool: GraphClientPool;
  let breakers: AccountBreakers;
  let writer: EntraDirectoryWriter;
  let access: EntraAccountAccess;

  const graph = () => pool.client(access);
  const memberOf = async (userId: string) =>
    (
      (await graph().api(`users/${userId}/memberOf`).top(999).get()) as Listed<{ id: string }>
    ).value.map((entry) => entry.id);
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => undefined,
      (error: unknown) => error,
    );

  beforeAll(async () => {
    sandboxes = await startIdentitySandboxes({});
    access = {
      provider: 'entra',
      accountId: GRAPH_SANDBOX.tenantId,
      regions: [],
      endpoint: sandboxes.graph.url,
      authorityHost: sandboxes.graph.authority,
      credentials: {
        kind: 'client-secret',
        clientId: GRAPH_SANDBOX.clientId,
        clientSecret: GRAPH_SANDBOX.clientSecret,
      },
    };
    breakers = new AccountBreakers();
    pool = new GraphClientPool(breakers);
    writer = new EntraDirectoryWriter(pool);
  });

  beforeEach(async () => {
    await sandboxes.graph.reset();
  });

  afterAll(async () => {
    breakers?.shutdown();
    pool?.destroy();
    await sandboxes?.stop();
  });

  const anEnabledUser = async () => {
    const users = (await graph()
      .api('users')
      .select('id,accountEnabled,mail')
      .filter('accountEnabled eq true')
      .top(5)
      .get()) as Listed<{ id: string; mail: string | null }>;
    return users.value[0]!;
  };

  it('disables and enables a user, idempotently, and returns the account read back', async () => {
    const user = await anEnabledUser();
    const disabled = await writer.apply(access, {
      kind: 'set_enabled',
      accountId: user.id,
      enabled: false,
    });
    expect(disabled).toMatchObject({ externalId: user.id, enabled: false });
    expect(
      await writer.apply(access, { kind: 'set_enabled', accountId: user.id, enabled: false }),
    ).toMatchObject({ enabled: false });
    const read = (await graph().api(`users/${user.id}`).select('accountEnabled').get()) as {
      accountEnabled: boolean;
    };
    expect(read.accountEnabled).toBe(false);
    expect(
      await writer.apply(access, { kind: 'set_enabled', accountId: user.id, enabled: true }),
    ).toMatchObject({ enabled: true, email: user.mail?.toLowerCase() ?? null });
  });

  it('adds and removes a group member, a repeat counting as done', async () => {
    const user = await anEnabledUser();
    const groups = (await graph().api('groups').select('id').top(999).get()) as Listed<{
      id: string;
    }>;
    const held = new Set(await memberOf(user.id));
    const group = groups.value.find((g) => !held.has(g.id))!;
    const change = {
      container: 'group' as const,
      containerId: group.id,
      accountId: user.id,
    };

    const added = await writer.apply(access, { kind: 'add_membership', ...change });
    expect(added.externalId).toBe(user.id);
    expect(await memberOf(user.id)).toContain(group.id);
    await writer.apply(access, { kind: 'add_membership', ...change });

    await writer.apply(access, { kind: 'remove_membership', ...change });
    expect(await memberOf(user.id)).not.toContain(group.id);
    await writer.apply(access, { kind: 'remove_membership', ...change });
    expect(await memberOf(user.id)).not.toContain(group.id);
  });

  it('refuses directory role memberships', async () => {
    const user = await anEnabledUser();
    const refused = await failure(
      writer.apply(access, {
        kind: 'add_membership',
        container: 'role',
        containerId: 'any',
        accountId: user.id,
      }),
    );
    expect(refused).toBeInstanceOf(ProviderError);
    expect(refused).toMatchObject({ code: 'invalid', providerCode: ENTRA_ROLE_WRITES_UNSUPPORTED });
  });

  it("creates a user in the directory's domain, once", async () => {
    const created = await writer.apply(access, {
      kind: 'create_account',
      email: 'Grace.Hopper@acme.example',
      displayName: 'Grace Hopper',
    });
    expect(created).toMatchObject({
      email: 'grace.hopper@acme.example',
      emailVerified: true,
      displayName: 'Grace Hopper',
      enabled: true,
      lastSignInAt: null,
      attributes: expect.objectContaining({
        userPrincipalName: 'grace.hopper@contoso.onmicrosoft.com',
      }) as unknown,
    });
    const again = await writer.apply(access, {
      kind: 'create_account',
      email: 'grace.hopper@acme.example',
      displayName: 'Grace Hopper',
    });
    expect(again.externalId).toBe(created.externalId);
  });

  it('names an unknown user not_found', async () => {
    expect(
      await failure(
        writer.apply(access, {
          kind: 'set_enabled',
          accountId: '00000000-0000-4000-8000-000000000000',
          enabled: false,
        }),
      ),
    ).toMatchObject({ code: 'not_found', providerCode: 'Request_ResourceNotFound' });
    const user = await anEnabledUser();
    expect(
      await failure(
        writer.apply(access, {
          kind: 'add_membership',
          container: 'group',
          containerId: '00000000-0000-4000-8000-000000000000',
          accountId: user.id,
        }),
      ),
    ).toMatchObject({ code: 'not_found' });
  });
});
