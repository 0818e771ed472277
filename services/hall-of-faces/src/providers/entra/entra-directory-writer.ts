import { randomBytes } from 'node:crypto';

import {
  type EntraAccountAccess,
  type GraphClientPool,
  ProviderError,
  verificationFailed,
} from '@codex/connectors';
import type { Client } from '@microsoft/microsoft-graph-client';

import type { DirectoryWriter, IdpAccountSnapshot, IdpChange } from '../../directory/ports';
import { graph, type GraphUser, readAccount, readPages } from './entra-graph';

export interface EntraWriterOptions {
  /**
   * The verified domain of new users' userPrincipalName; by default the domain of the
   * directory's existing users' UPNs (read once per directory), else the e-mail's domain.
   */
  upnDomain?: string;
}

/** Graph's 400 for a member added twice. */
const ALREADY_MEMBER = /added object references already exist/i;
/** Graph's 404 for a member removed that was not one (an unknown user or group is another 404). */
const NOT_A_MEMBER = /removed object references do not exist/i;

/** providerCode of a change Graph cannot make here: directory role members are not written. */
export const ENTRA_ROLE_WRITES_UNSUPPORTED = 'RoleMembershipWritesUnsupported';

/**
 * Makes governance changes in one Entra ID directory through Microsoft Graph, then reads the
 * account (and for memberships, its memberOf) back to prove them:
 * - set_enabled: PATCH users/{id} accountEnabled;
 * - group memberships: POST groups/{id}/members/$ref, DELETE groups/{id}/members/{id}/$ref
 *   (already a member / not a member counts as done);
 * - directory role memberships: refused (`invalid`, ENTRA_ROLE_WRITES_UNSUPPORTED), as role
 *   assignments go through roleManagement, which Codex does not write;
 * - create_account: POST users, enabled, UPN `<local part>@<directory domain>`, mail = the
 *   e-mail, a random password to change at the first sign-in; a user already there with that
 *   UPN and e-mail counts as created.
 */
export class EntraDirectoryWriter implements DirectoryWriter<EntraAccountAccess> {
  readonly provider = 'entra' as const;
  private readonly domains = new Map<string, string | null>();

  constructor(
    private readonly pool: GraphClientPool,
    private readonly options: EntraWriterOptions = {},
  ) {}

  async apply(access: EntraAccountAccess, change: IdpChange): Promise<IdpAccountSnapshot> {
    const client = this.pool.client(access);
    switch (change.kind) {
      case 'set_enabled':
        return this.setEnabled(client, change.accountId, change.enabled);
      case 'add_membership':
      case 'remove_membership': {
        if (change.container === 'role') {
          throw new ProviderError(
            'invalid',
            'Directory role memberships are not changed through Codex: assign roles in Entra ID',
            { provider: 'entra', providerCode: ENTRA_ROLE_WRITES_UNSUPPORTED },
          );
        }
        return this.setMembership(
          client,
          change.containerId,
          change.accountId,
          change.kind === 'add_membership',
        );
      }
      case 'create_account':
        return this.createAccount(client, access, change.email, change.displayName);
    }
  }

  private async setEnabled(
    client: Client,
    accountId: string,
    enabled: boolean,
  ): Promise<IdpAccountSnapshot> {
    await graph(() =>
      client.api(`users/${encodeURIComponent(accountId)}`).patch({ accountEnabled: enabled }),
    );
    const account = await readAccount(client, accountId);
    if (account.enabled !== enabled) {
      throw verificationFailed(
        'entra',
        `user ${accountId} still shows accountEnabled ${String(account.enabled)}`,
      );
    }
    return account;
  }

  private async setMembership(
    client: Client,
    groupId: string,
    accountId: string,
    member: boolean,
  ): Promise<IdpAccountSnapshot> {
    const group = encodeURIComponent(groupId);
    const user = encodeURIComponent(accountId);
    try {
      if (member) {
        await graph(() =>
          client.api(`groups/${group}/members/$ref`).post({
            '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${accountId}`,
          }),
        );
      } else {
        await graph(() => client.api(`groups/${group}/members/${user}/$ref`).delete());
      }
    } catch (error) {
      const already =
        error instanceof ProviderError &&
        (member ? ALREADY_MEMBER : NOT_A_MEMBER).test(error.message);
      if (!already) throw error;
    }
    const groups = new Set<string>();
    await readPages<{ id: string }>(
      client,
      `users/${user}/memberOf?$select=id&$top=999`,
      (page) => {
        for (const entry of page) groups.add(entry.id);
      },
    );
    if (groups.has(groupId) !== member) {
      throw verificationFailed(
        'entra',
        `user ${accountId} is ${member ? 'not' : 'still'} a member of group ${groupId}`,
      );
    }
    return readAccount(client, accountId);
  }

  private async createAccount(
    client: Client,
    access: EntraAccountAccess,
    email: string,
    displayName: string,
  ): Promise<IdpAccountSnapshot> {
    const mail = email.trim().toLowerCase();
    const at = mail.lastIndexOf('@');
    if (at <= 0 || at === mail.length - 1) {
      throw new ProviderError('invalid', `'${email}' is not an e-mail address`, {
        provider: 'entra',
        providerCode: 'InvalidEmail',
      });
    }
    const local = mail.slice(0, at);
    const domain = (await this.domainOf(client, access)) ?? mail.slice(at + 1);
    const mailNickname = local.replace(/[^a-z0-9._-]/g, '') || 'user';
    const userPrincipalName = `${mailNickname}@${domain}`;
    let id: string;
    try {
      const created = await graph<GraphUser>(() =>
        client.api('users').post({
          accountEnabled: true,
          displayName,
          mailNickname,
          userPrincipalName,
          mail,
          passwordProfile: { password: strongPassword(), forceChangePasswordNextSignIn: true },
        }),
      );
      id = created.id;
    } catch (error) {
      if (!(error instanceof ProviderError) || error.code !== 'conflict') throw error;
      // The UPN is taken: done before when it is this e-mail's user.
      const existing = await graph<GraphUser>(() =>
        client
          .api(`users/${encodeURIComponent(userPrincipalName)}`)
          .select('id,mail')
          .get(),
      );
      if ((existing.mail ?? '').toLowerCase() !== mail) throw error;
      id = existing.id;
    }
    const account = await readAccount(client, id);
    if (account.email !== mail) {
      throw verificationFailed('entra', `user ${id} shows mail ${String(account.email)}`);
    }
    return account;
  }

  /** The domain of the directory's users' UPNs (one request per directory), or the option. */
  private async domainOf(client: Client, access: EntraAccountAccess): Promise<string | null> {
    if (this.options.upnDomain) return this.options.upnDomain;
    const key = `${access.accountId}|${access.endpoint ?? ''}`;
    if (!this.domains.has(key)) {
      const page = await graph<{ value: GraphUser[] }>(() =>
        client.api('users').select('userPrincipalName').top(1).get(),
      );
      const upn = page.value[0]?.userPrincipalName ?? '';
      const domain = upn.includes('@') ? upn.slice(upn.lastIndexOf('@') + 1) : null;
      this.domains.set(key, domain);
    }
    return this.domains.get(key) ?? null;
  }
}

/** 24 random characters with upper and lower case letters, digits and a symbol. */
function strongPassword(): string {
  return `${randomBytes(18).toString('base64').replace(/[+/=]/g, 'x')}Aa1!`;
}
