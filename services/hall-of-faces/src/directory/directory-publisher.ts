import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { type ObservedResource, resourceDiscoveredEvent } from '@codex/actions';
import { providerEnum } from '@codex/connectors';
import {
  LoginObservedSchema,
  LoginOutcome,
  Provider,
  ResourceDeletedSchema,
} from '@codex/contracts';
import type { Outbox, OutgoingEvent } from '@codex/messaging';
import type { EntityManager } from 'typeorm';

import { countryOfIp } from '../geolocation/ip-country';
import type { AppliedChanges, ConnectionRef } from './directory-store';
import { identityUrn, personUrn } from './identity-urns';
import type { IdpProvider, IdpSignIn } from './ports';

/** A connection as its resources name it: the provider's own tenant or directory id. */
export interface PublishedConnection extends ConnectionRef {
  externalAccountId: string;
  name: string;
}

interface AccountRow {
  external_id: string;
  display_name: string;
  email: string | null;
  email_verified: boolean;
  enabled: boolean;
  person_id: string | null;
  created_at: Date | null;
  last_sign_in_at: Date | null;
  mfa_registered: boolean | null;
  mfa_used: boolean;
  attributes: Record<string, unknown>;
}

interface ContainerRow {
  kind: 'role' | 'group';
  external_id: string;
  name: string;
  description: string | null;
  privileged: boolean;
}

/**
 * Publishes what a sync changed: identities, roles, groups, people and the directory itself as
 * `resource.discovered` (so the inventory lists them and actions can target them), and every
 * sign-in as `login.observed`, all through the outbox in the sync's transaction.
 */
export class DirectoryPublisher {
  constructor(private readonly outbox: Outbox) {}

  async publish(
    manager: EntityManager,
    connection: PublishedConnection,
    applied: AppliedChanges,
    signIns: readonly IdpSignIn[],
    observedAt: Date,
    runId: string,
  ): Promise<number> {
    const resources = [
      ...(applied.containersChanged ? [directoryResource(connection, observedAt)] : []),
      ...(await this.accounts(manager, connection, applied.accountIds, observedAt)),
      ...(applied.containersChanged ? await this.containers(manager, connection, observedAt) : []),
      ...(await this.people(manager, connection.tenantId, applied.personIds, observedAt)),
    ];
    if (resources.length > 0) {
      await this.outbox.add(
        manager,
        'resource.discovered',
        resources.map((resource) => resourceDiscoveredEvent(connection.tenantId, resource, runId)),
      );
    }
    const deleted = deletions(connection, applied, observedAt, runId);
    if (deleted.length > 0) await this.outbox.add(manager, 'resource.deleted', deleted);
    if (signIns.length > 0) {
      const admins = await this.privilegedAccountIds(manager, connection);
      await this.outbox.add(
        manager,
        'login.observed',
        signIns.map((signIn) => loginObserved(connection, signIn, admins)),
      );
    }
    return resources.length + deleted.length;
  }

  /**
   * The accounts as stored now, with their roles and groups, e.g. after an action changed one.
   * Each statement reads one table by its keys and the rows are put together here, so a plan
   * made on statistics from before a bulk write (a new connection's first sync) cannot turn
   * into a loop over every membership for every account.
   */
  async accounts(
    manager: EntityManager,
    connection: PublishedConnection,
    accountIds: readonly string[],
    observedAt: Date,
  ): Promise<ObservedResource[]> {
    if (accountIds.length === 0) return [];
    const rows: AccountRow[] = await manager.query(
      `SELECT external_id, display_name, email, email_verified, enabled, person_id, created_at,
              last_sign_in_at, mfa_registered, mfa_used, attributes
         FROM directory_accounts
        WHERE connection_id = $1 AND external_id = ANY($2::varchar[])`,
      [connection.connectionId, accountIds],
    );
    const memberships: { account_id: string; kind: 'role' | 'group'; container_id: string }[] =
      await manager.query(
        `SELECT account_id, kind, container_id FROM directory_memberships
          WHERE connection_id = $1 AND account_id = ANY($2::varchar[])`,
        [connection.connectionId, accountIds],
      );
    const containers = new Map(
      (await this.containerRows(manager, connection)).map((c) => [`${c.kind}/${c.external_id}`, c]),
    );
    const held = new Map<string, ContainerRow[]>();
    for (const m of memberships) {
      const container = containers.get(`${m.kind}/${m.container_id}`);
      if (container) held.set(m.account_id, [...(held.get(m.account_id) ?? []), container]);
    }
    return rows.map((row) => {
      const mine = (held.get(row.external_id) ?? []).sort((a, b) => a.name.localeCompare(b.name));
      return {
        urn: identityUrn(
          connection.provider,
          connection.externalAccountId,
          'user',
          row.external_id,
        ),
        provider: providerEnum(connection.provider),
        accountId: connection.externalAccountId,
        region: '-',
        resourceType: 'identity/user',
        name: row.display_name,
        tags: {},
        state: row.enabled ? 'enabled' : 'disabled',
        attributes: {
          ...row.attributes,
          connectionId: connection.connectionId,
          externalId: row.external_id,
          email: row.email,
          emailVerified: row.email_verified,
          personId: row.person_id,
          personUrn: row.person_id ? personUrn(connection.tenantId, row.person_id) : null,
          createdAt: row.created_at,
          lastSignInAt: row.last_sign_in_at,
          mfaRegistered: row.mfa_registered,
          mfaUsed: row.mfa_used,
          roles: mine.filter((c) => c.kind === 'role').map((c) => c.name),
          groups: mine.filter((c) => c.kind === 'group').map((c) => c.name),
          privileged: mine.some((c) => c.privileged),
        },
        observedAt,
      };
    });
  }

  /** The connection's accounts holding a privileged role or group, as stored now. */
  private async privilegedAccountIds(
    manager: EntityManager,
    connection: PublishedConnection,
  ): Promise<Set<string>> {
    const rows: { account_id: string }[] = await manager.query(
      `SELECT DISTINCT m.account_id
         FROM directory_containers k
         JOIN directory_memberships m ON m.connection_id = k.connection_id AND m.kind = k.kind
                                     AND m.container_id = k.external_id
        WHERE k.connection_id = $1 AND k.privileged`,
      [connection.connectionId],
    );
    return new Set(rows.map((row) => row.account_id));
  }

  private containerRows(
    manager: EntityManager,
    connection: PublishedConnection,
  ): Promise<ContainerRow[]> {
    return manager.query(
      `SELECT kind, external_id, name, description, privileged FROM directory_containers
        WHERE connection_id = $1`,
      [connection.connectionId],
    );
  }

  private async containers(
    manager: EntityManager,
    connection: PublishedConnection,
    observedAt: Date,
  ): Promise<ObservedResource[]> {
    return (await this.containerRows(manager, connection)).map((row) => ({
      urn: identityUrn(
        connection.provider,
        connection.externalAccountId,
        row.kind,
        row.external_id,
      ),
      provider: providerEnum(connection.provider),
      accountId: connection.externalAccountId,
      region: '-',
      resourceType: `identity/${row.kind}`,
      name: row.name,
      tags: {},
      state: 'active',
      attributes: {
        connectionId: connection.connectionId,
        externalId: row.external_id,
        description: row.description,
        privileged: row.privileged,
      },
      observedAt,
    }));
  }

  /** People as their accounts, in every connection of the tenant, now make them. */
  private async people(
    manager: EntityManager,
    tenantId: string,
    personIds: readonly string[],
    observedAt: Date,
  ): Promise<ObservedResource[]> {
    if (personIds.length === 0) return [];
    const people: { id: string; email: string; display_name: string }[] = await manager.query(
      `SELECT id, email, display_name FROM directory_people
        WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [tenantId, personIds],
    );
    const accounts: {
      person_id: string;
      connection_id: string;
      external_id: string;
      provider: IdpProvider;
      external_account_id: string;
      enabled: boolean;
    }[] = await manager.query(
      `SELECT a.person_id, a.connection_id, a.external_id, a.provider, c.external_account_id, a.enabled
         FROM directory_accounts a JOIN connected_accounts c ON c.account_id = a.connection_id
        WHERE a.tenant_id = $1 AND a.person_id = ANY($2::uuid[])
        ORDER BY a.provider, a.external_id`,
      [tenantId, personIds],
    );
    // The holders of privileged roles and groups: few, found from the few privileged containers.
    const privileged: { connection_id: string; account_id: string }[] = await manager.query(
      `SELECT DISTINCT m.connection_id, m.account_id
         FROM directory_containers k
         JOIN directory_memberships m ON m.connection_id = k.connection_id AND m.kind = k.kind
                                     AND m.container_id = k.external_id
        WHERE k.tenant_id = $1 AND k.privileged`,
      [tenantId],
    );
    const admins = new Set(privileged.map((row) => `${row.connection_id}/${row.account_id}`));
    const byPerson = new Map<string, typeof accounts>();
    for (const account of accounts) {
      byPerson.set(account.person_id, [...(byPerson.get(account.person_id) ?? []), account]);
    }
    return people.map((person) => {
      const mine = byPerson.get(person.id) ?? [];
      const enabled = mine.filter((a) => a.enabled).length;
      return {
        urn: personUrn(tenantId, person.id),
        provider: Provider.CODEX,
        accountId: tenantId,
        region: '-',
        resourceType: 'identity/person',
        name: person.display_name,
        tags: {},
        state: enabled > 0 ? 'active' : mine.length > 0 ? 'blocked' : 'unlinked',
        attributes: {
          personId: person.id,
          email: person.email,
          accounts: mine.length,
          accountUrns: mine.map((a) =>
            identityUrn(a.provider, a.external_account_id, 'user', a.external_id),
          ),
          privileged: mine.some((a) => admins.has(`${a.connection_id}/${a.external_id}`)),
        },
        observedAt,
      };
    });
  }
}

/** What the provider no longer has, and the people left with no account, as `resource.deleted`. */
function deletions(
  connection: PublishedConnection,
  applied: AppliedChanges,
  observedAt: Date,
  runId: string,
): OutgoingEvent<'resource.deleted'>[] {
  const { provider, externalAccountId, tenantId } = connection;
  const gone = [
    ...applied.removedAccountIds.map((id) => ({
      urn: identityUrn(provider, externalAccountId, 'user', id),
      provider: providerEnum(provider),
      accountId: externalAccountId,
      resourceType: 'identity/user',
    })),
    ...applied.removedContainers.map(({ kind, externalId }) => ({
      urn: identityUrn(provider, externalAccountId, kind, externalId),
      provider: providerEnum(provider),
      accountId: externalAccountId,
      resourceType: `identity/${kind}`,
    })),
    ...applied.removedPersonIds.map((id) => ({
      urn: personUrn(tenantId, id),
      provider: Provider.CODEX,
      accountId: tenantId,
      resourceType: 'identity/person',
    })),
  ];
  return gone.map((resource) => ({
    payload: create(ResourceDeletedSchema, {
      ...resource,
      tenantId,
      observedAt: timestampFromDate(observedAt),
      reason: 'not_found_in_sync',
      discoveryRunId: runId,
    }),
    metadata: { key: resource.urn, tenantId },
  }));
}

function directoryResource(connection: PublishedConnection, observedAt: Date): ObservedResource {
  return {
    urn: identityUrn(
      connection.provider,
      connection.externalAccountId,
      'directory',
      connection.externalAccountId,
    ),
    provider: providerEnum(connection.provider),
    accountId: connection.externalAccountId,
    region: '-',
    resourceType: 'identity/directory',
    name: connection.name,
    tags: {},
    state: 'connected',
    attributes: { connectionId: connection.connectionId },
    observedAt,
  };
}

function loginObserved(
  connection: PublishedConnection,
  signIn: IdpSignIn,
  privilegedAccountIds: ReadonlySet<string>,
): OutgoingEvent<'login.observed'> {
  const identityUrnOf = signIn.accountId
    ? identityUrn(connection.provider, connection.externalAccountId, 'user', signIn.accountId)
    : '';
  return {
    payload: create(LoginObservedSchema, {
      loginId: `${connection.provider}:${connection.externalAccountId}:${signIn.externalId}`,
      tenantId: connection.tenantId,
      provider: providerEnum(connection.provider),
      identityUrn: identityUrnOf,
      outcome: signIn.succeeded ? LoginOutcome.SUCCEEDED : LoginOutcome.FAILED,
      failureReason: signIn.failureReason ?? '',
      ipAddress: signIn.ipAddress ?? '',
      userAgent: signIn.userAgent ?? '',
      country: countryOfIp(signIn.ipAddress) ?? '',
      occurredAt: timestampFromDate(signIn.occurredAt),
      mfa: signIn.mfa,
      userName: signIn.userName ?? '',
      privileged: signIn.accountId !== null && privilegedAccountIds.has(signIn.accountId),
    }),
    metadata: {
      key: identityUrnOf || `${connection.connectionId}:${signIn.userName ?? ''}`,
      tenantId: connection.tenantId,
    },
  };
}
