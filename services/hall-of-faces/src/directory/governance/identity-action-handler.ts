import type {
  ActionHandler,
  ActionRequest,
  HandlerOutcome,
  ObservedResource,
} from '@codex/actions';
import { type AccountAccessSource, PROVIDER_LABELS, verificationFailed } from '@codex/connectors';
import { withTenant } from '@codex/persistence';
import type { DataSource } from 'typeorm';

import type { DirectoryPublisher, PublishedConnection } from '../directory-publisher';
import type { DirectoryStore } from '../directory-store';
import { parseIdentityUrn } from '../identity-urns';
import type {
  DirectoryChanges,
  DirectoryWriter,
  IdpAccess,
  IdpAccountSnapshot,
  IdpChange,
  MembershipChange,
} from '../ports';

/** The writers by provider. */
export type DirectoryWriters = {
  [P in IdpAccess['provider']]: DirectoryWriter<Extract<IdpAccess, { provider: P }>>;
};

interface Target {
  connection: PublishedConnection;
  access: IdpAccess;
}

/**
 * hall-of-faces' half of the executor kit: a governance action from the catalogue, made in
 * the identity provider, verified by reading the account back, written into the directory and
 * published. "leaver" blocks every account of a person, in every provider, and succeeds only
 * when each is read back blocked.
 */
export class IdentityActionHandler implements ActionHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountAccessSource,
    private readonly writers: DirectoryWriters,
    private readonly store: DirectoryStore,
    private readonly publisher: DirectoryPublisher,
  ) {}

  async execute(request: ActionRequest): Promise<HandlerOutcome> {
    const urn = parseIdentityUrn(request.targetUrn);
    if (!urn) return { status: 'rejected', message: `${request.targetUrn} is not an identity` };
    if (urn.type === 'person') return this.leaver(request, urn.id);
    if (urn.provider !== 'auth0' && urn.provider !== 'entra') {
      return { status: 'rejected', message: `${urn.provider} identities have no actions here` };
    }
    const target = await this.target(request.tenantId, urn.provider, urn.accountId);
    if (!target) {
      return {
        status: 'rejected',
        message: `${PROVIDER_LABELS[urn.provider]} ${urn.accountId} is not connected for this tenant`,
      };
    }
    const change = changeFor(request.actionType, urn.type, urn.id, request.params);
    if (!change) {
      return {
        status: 'rejected',
        message: `${request.actionType} is not an action of an ${urn.provider} ${urn.type}`,
      };
    }
    const account = await this.apply(target, change);
    const observed = await this.record(request.tenantId, target, account, change);
    return {
      status: 'succeeded',
      message: `${request.actionType} done and verified in ${PROVIDER_LABELS[urn.provider]}`,
      result: { account: account.externalId, enabled: account.enabled },
      ...(urn.type === 'user' ? { observed } : {}),
    };
  }

  private async leaver(request: ActionRequest, personId: string): Promise<HandlerOutcome> {
    const accounts: { connection_id: string; name: string; external_id: string }[] =
      await withTenant(this.dataSource, request.tenantId, (manager) =>
        manager.query(
          `SELECT a.connection_id, c.name, a.external_id
             FROM directory_accounts a JOIN connected_accounts c ON c.account_id = a.connection_id
            WHERE a.tenant_id = $1 AND a.person_id = $2 ORDER BY a.provider, a.external_id`,
          [request.tenantId, personId],
        ),
      );
    if (accounts.length === 0) {
      return { status: 'rejected', message: `person ${personId} has no accounts to block` };
    }
    const blocked: string[] = [];
    for (const row of accounts) {
      const target = await this.targetById(request.tenantId, row.connection_id, row.name);
      const change: IdpChange = { kind: 'set_enabled', accountId: row.external_id, enabled: false };
      const account = await this.apply(target, change);
      if (account.enabled) {
        throw verificationFailed(target.access.provider, `${row.external_id} is still enabled`);
      }
      await this.record(request.tenantId, target, account, change);
      blocked.push(`${target.access.provider}:${row.external_id}`);
    }
    return {
      status: 'succeeded',
      message: `blocked ${blocked.length} accounts and read each back blocked`,
      result: { blocked },
    };
  }

  private apply(target: Target, change: IdpChange): Promise<IdpAccountSnapshot> {
    const writer = this.writers[target.access.provider] as DirectoryWriter<IdpAccess>;
    return writer.apply(target.access, change);
  }

  /** Writes the verified account (and a membership change) into the directory and publishes it. */
  private record(
    tenantId: string,
    target: Target,
    account: IdpAccountSnapshot,
    change: IdpChange,
  ): Promise<ObservedResource> {
    const memberships: MembershipChange[] =
      change.kind === 'add_membership' || change.kind === 'remove_membership'
        ? [
            {
              kind: change.container,
              containerId: change.containerId,
              accountId: change.accountId,
              removed: change.kind === 'remove_membership',
            },
          ]
        : [];
    const changes: DirectoryChanges = {
      full: false,
      accounts: [account],
      removedAccountIds: [],
      memberships,
      rolesReplacedFor: [],
      signIns: [],
      cursor: {},
    };
    return withTenant(this.dataSource, tenantId, async (manager) => {
      const observedAt = new Date();
      const applied = await this.store.apply(manager, target.connection, changes, observedAt);
      await this.publisher.publish(manager, target.connection, applied, [], observedAt, '');
      const [observed] = await this.publisher.accounts(
        manager,
        target.connection,
        [account.externalId],
        observedAt,
      );
      if (!observed) throw new Error(`account ${account.externalId} was not recorded`);
      return observed;
    });
  }

  private async target(
    tenantId: string,
    provider: 'auth0' | 'entra',
    externalAccountId: string,
  ): Promise<Target | undefined> {
    const rows: { account_id: string; name: string }[] = await withTenant(
      this.dataSource,
      tenantId,
      (manager) =>
        manager.query(
          `SELECT account_id, name FROM connected_accounts
          WHERE tenant_id = $1 AND provider = $2 AND external_account_id = $3 AND status = 'connected'`,
          [tenantId, provider, externalAccountId],
        ),
    );
    return rows[0] ? this.targetById(tenantId, rows[0].account_id, rows[0].name) : undefined;
  }

  private async targetById(tenantId: string, connectionId: string, name: string): Promise<Target> {
    const connected = await this.accounts.accessFor(tenantId, connectionId);
    const access = connected.access as IdpAccess;
    return {
      access,
      connection: {
        tenantId,
        connectionId,
        provider: access.provider,
        externalAccountId: access.accountId,
        name,
      },
    };
  }
}

function changeFor(
  action: string,
  type: string,
  id: string,
  params: Record<string, unknown> | undefined,
): IdpChange | undefined {
  const accountId = typeof params?.['accountId'] === 'string' ? params['accountId'] : undefined;
  switch (`${type}:${action}`) {
    case 'user:block':
      return { kind: 'set_enabled', accountId: id, enabled: false };
    case 'user:unblock':
      return { kind: 'set_enabled', accountId: id, enabled: true };
    case 'role:assign':
    case 'group:add_member':
      return accountId
        ? {
            kind: 'add_membership',
            container: type as 'role' | 'group',
            containerId: id,
            accountId,
          }
        : undefined;
    case 'role:revoke':
    case 'group:remove_member':
      return accountId
        ? {
            kind: 'remove_membership',
            container: type as 'role' | 'group',
            containerId: id,
            accountId,
          }
        : undefined;
    case 'directory:invite': {
      const email = params?.['email'];
      const displayName = params?.['displayName'];
      return typeof email === 'string' && typeof displayName === 'string'
        ? { kind: 'create_account', email, displayName }
        : undefined;
    }
    default:
      return undefined;
  }
}
