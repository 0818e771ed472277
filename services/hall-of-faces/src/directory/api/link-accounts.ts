import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { ProblemException } from '@codex/platform';
import type { DataSource, EntityManager } from 'typeorm';

import type { DirectoryPublisher, PublishedConnection } from '../directory-publisher';
import type { LinkRequest } from './directory.schemas';

/**
 * Links an account to a person, or unlinks it, by hand. Either way the link is marked manual,
 * so a later sync's linking by e-mail never undoes it. The account and the people involved are
 * published again.
 */
export class LinkAccounts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: DirectoryPublisher,
  ) {}

  link(caller: Principal, personId: string, request: LinkRequest): Promise<void> {
    return this.relink(caller, request, personId);
  }

  unlink(caller: Principal, request: LinkRequest): Promise<void> {
    return this.relink(caller, request, null);
  }

  private relink(caller: Principal, request: LinkRequest, personId: string | null): Promise<void> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      if (personId) {
        const people: unknown[] = await manager.query(
          `SELECT 1 FROM directory_people WHERE tenant_id = $1 AND id = $2`,
          [caller.tenantId, personId],
        );
        if (people.length === 0) {
          throw new ProblemException(404, 'not_found', `person ${personId} does not exist`);
        }
      }
      const before: { person_id: string | null }[] = await manager.query(
        `SELECT person_id FROM directory_accounts
          WHERE tenant_id = $1 AND connection_id = $2 AND external_id = $3 FOR UPDATE`,
        [caller.tenantId, request.connectionId, request.externalId],
      );
      const account = before[0];
      if (!account) {
        throw new ProblemException(
          404,
          'not_found',
          `account ${request.externalId} of connection ${request.connectionId} does not exist`,
        );
      }
      await manager.query(
        `UPDATE directory_accounts SET person_id = $4, link_source = 'manual'
          WHERE tenant_id = $1 AND connection_id = $2 AND external_id = $3`,
        [caller.tenantId, request.connectionId, request.externalId, personId],
      );
      const connection = await connectionOf(manager, caller.tenantId, request.connectionId);
      await this.publisher.publish(
        manager,
        connection,
        {
          accountIds: [request.externalId],
          removedAccountIds: [],
          containersChanged: false,
          removedContainers: [],
          removedPersonIds: [],
          memberships: 0,
          signIns: 0,
          personIds: [account.person_id, personId].filter((id): id is string => id !== null),
        },
        [],
        new Date(),
        '',
      );
    });
  }
}

export async function connectionOf(
  manager: EntityManager,
  tenantId: string,
  connectionId: string,
): Promise<PublishedConnection> {
  const rows: { provider: 'auth0' | 'entra'; external_account_id: string; name: string }[] =
    await manager.query(
      `SELECT provider, external_account_id, name FROM connected_accounts WHERE account_id = $1`,
      [connectionId],
    );
  const row = rows[0];
  if (!row)
    throw new ProblemException(404, 'not_found', `connection ${connectionId} does not exist`);
  return {
    tenantId,
    connectionId,
    provider: row.provider,
    externalAccountId: row.external_account_id,
    name: row.name,
  };
}
