import { randomBytes } from 'node:crypto';

import {
  type Auth0AccountAccess,
  type Auth0ClientPool,
  ProviderError,
  toAuth0ProviderError,
  verificationFailed,
} from '@codex/connectors';
import type { ManagementClient } from 'auth0';

import type { DirectoryWriter, IdpAccountSnapshot, IdpChange } from '../../directory/ports';
import { AUTH0_USER_FIELDS, auth0AccountSnapshot } from './auth0-snapshots';

export interface Auth0WriterOptions {
  /** The database connection new accounts are created in. */
  connection: string;
}

export const DEFAULT_AUTH0_WRITER_OPTIONS: Auth0WriterOptions = {
  connection: 'Username-Password-Authentication',
};

/**
 * Makes governance changes in an Auth0 tenant and reads the account back to prove each took:
 * blocking and unblocking (`blocked`), assigning and removing roles, creating an account.
 * Changes already in place (a blocked user blocked again, a role already held) succeed.
 *
 * A new account is created unverified with a random password nobody knows: an invitation.
 * Real Auth0 would then send the person a password-change ticket
 * (`tickets.changePassword`, the Authentication API's e-mail) so they choose their own; the
 * sandbox has no tickets, and sending one is left to the caller.
 */
export class Auth0DirectoryWriter implements DirectoryWriter<Auth0AccountAccess> {
  readonly provider = 'auth0' as const;
  private readonly options: Auth0WriterOptions;

  constructor(
    private readonly pool: Auth0ClientPool,
    options: Partial<Auth0WriterOptions> = {},
  ) {
    this.options = { ...DEFAULT_AUTH0_WRITER_OPTIONS, ...options };
  }

  async apply(access: Auth0AccountAccess, change: IdpChange): Promise<IdpAccountSnapshot> {
    const client = this.pool.client(access);
    try {
      switch (change.kind) {
        case 'set_enabled':
          return await this.setEnabled(client, change.accountId, change.enabled);
        case 'add_membership':
        case 'remove_membership':
          if (change.container !== 'role') {
            throw new ProviderError('invalid', 'Auth0 has roles, not groups', {
              provider: 'auth0',
              providerCode: 'UnsupportedContainer',
            });
          }
          return await this.setMembership(
            client,
            change.accountId,
            change.containerId,
            change.kind === 'add_membership',
          );
        case 'create_account':
          return await this.createAccount(client, change.email, change.displayName);
      }
    } catch (error) {
      throw toAuth0ProviderError(error);
    }
  }

  private async setEnabled(
    client: ManagementClient,
    accountId: string,
    enabled: boolean,
  ): Promise<IdpAccountSnapshot> {
    await client.users.update(accountId, { blocked: !enabled });
    const account = await this.account(client, accountId);
    if (account.enabled !== enabled) {
      throw verificationFailed(
        'auth0',
        `Auth0 accepted ${enabled ? 'unblocking' : 'blocking'} ${accountId}, but the user reads ${account.enabled ? 'unblocked' : 'blocked'}`,
      );
    }
    return account;
  }

  private async setMembership(
    client: ManagementClient,
    accountId: string,
    roleId: string,
    holds: boolean,
  ): Promise<IdpAccountSnapshot> {
    if (holds) await client.users.roles.assign(accountId, { roles: [roleId] });
    else await client.users.roles.delete(accountId, { roles: [roleId] });
    const held = new Set<string>();
    for await (const role of await client.users.roles.list(accountId, {
      per_page: 100,
      include_totals: true,
    })) {
      if (role.id) held.add(role.id);
    }
    if (held.has(roleId) !== holds) {
      throw verificationFailed(
        'auth0',
        `Auth0 accepted ${holds ? 'assigning' : 'removing'} role ${roleId} ${holds ? 'to' : 'from'} ${accountId}, but the user's roles ${holds ? 'lack' : 'still hold'} it`,
      );
    }
    return this.account(client, accountId);
  }

  private async createAccount(
    client: ManagementClient,
    email: string,
    displayName: string,
  ): Promise<IdpAccountSnapshot> {
    const created = await client.users.create({
      connection: this.options.connection,
      email,
      name: displayName,
      password: strongPassword(),
      email_verified: false,
    });
    if (!created.user_id) {
      throw verificationFailed(
        'auth0',
        `Auth0 answered the creation of ${email} without a user id`,
      );
    }
    const account = await this.account(client, created.user_id);
    if (account.email !== email.toLowerCase()) {
      throw verificationFailed(
        'auth0',
        `Auth0 created ${created.user_id} for ${email}, but the user reads ${account.email ?? 'no e-mail'}`,
      );
    }
    return account;
  }

  private async account(client: ManagementClient, accountId: string): Promise<IdpAccountSnapshot> {
    const user = await client.users.get(accountId, {
      fields: AUTH0_USER_FIELDS,
      include_fields: true,
    });
    return auth0AccountSnapshot(user);
  }
}

/** 32 random characters of four kinds: meets any Auth0 password policy; never shown to anyone. */
function strongPassword(): string {
  return `${randomBytes(24).toString('base64url')}aA1!`;
}
