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
import type { IdpSignIn } from './ports';

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
  roles: string[] | null;
  groups: string[] | null;
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
      await this.outbox.add(
        manager,
        'login.observed',
        signIns.map((signIn) => loginObserved(connection, signIn)),
      );
    }
    return resources.length + deleted.length;
  }

  /** The accounts as stored now, with their roles and groups, e.g. after an action changed one. */
  async accounts(
    manager: EntityManager,
    connection: PublishedConnection,
    accountIds: readonly string[],
    observedAt: Date,
  ): Promise<ObservedResource[]> {
    if (accountIds.length === 0) return [];
    const rows: AccountRow[] = await manager.query(
      `SELECT a.external_id, a.display_name, a.email, a.email_verified, a.enabled, a.person_id,
              a.created_at, a.last_sign_in_at, a.mfa_registered, a.mfa_used, a.attributes,
              array_agg(c.name ORDER BY c.name) FILTER (WHERE c.kind = 'role') AS roles,
              array_agg(c.name ORDER BY c.name) FILTER (WHERE c.kind = 'group') AS groups,
              COALESCE(bool_or(c.privileged), false) AS privileged
         FROM directory_accounts a
         LEFT JOIN directory_memberships m
           ON m.connection_id = a.connection_id AND m.account_id = a.external_id
         LEFT JOIN directory_containers c
           ON c.connection_id = m.connection_id AND c.kind = m.kind AND c.external_id = m.container_id
        WHERE a.connection_id = $1 AND a.external_id = ANY($2::varchar[])
        GROUP BY a.connection_id, a.external_id`,
      [connection.connectionId, accountIds],
    );
    return rows.map((row) => ({
      urn: identityUrn(connection.provider, connection.externalAccountId, 'user', row.external_id),
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
        roles: row.roles ?? [],
        groups: row.groups ?? [],
        privileged: row.privileged,
      },
      observedAt,
    }));
  }

  private async containers(
    manager: EntityManager,
    connection: PublishedConnection,
    observedAt: Date,
  ): Promise<ObservedResource[]> {
    const rows: {
      kind: 'role' | 'group';
      external_id: string;
      name: string;
      description: string | null;
      privileged: boolean;
    }[] = await manager.query(
      `SELECT kind, external_id, name, description, privileged FROM directory_containers
        WHERE connection_id = $1`,
      [connection.connectionId],
    );
    return rows.map((row) => ({
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

  private async people(
    manager: EntityManager,
    tenantId: string,
    personIds: readonly string[],
    observedAt: Date,
  ): Promise<ObservedResource[]> {
    if (personIds.length === 0) return [];
    const rows: {
      id: string;
      email: string;
      display_name: string;
      accounts: number;
      enabled_accounts: number;
      account_urns: string[] | null;
      privileged: boolean;
    }[] = await manager.query(
      `SELECT p.id, p.email, p.display_name, count(a.external_id)::int AS accounts,
              count(a.external_id) FILTER (WHERE a.enabled)::int AS enabled_accounts,
              array_agg('codex:' || a.provider || ':' || c.external_account_id || ':-:identity/user/' || a.external_id
                        ORDER BY a.provider, a.external_id) FILTER (WHERE a.external_id IS NOT NULL) AS account_urns,
              EXISTS (SELECT 1 FROM directory_accounts x
                        JOIN directory_memberships m ON m.connection_id = x.connection_id AND m.account_id = x.external_id
                        JOIN directory_containers k ON k.connection_id = m.connection_id AND k.kind = m.kind AND k.external_id = m.container_id
                       WHERE x.tenant_id = p.tenant_id AND x.person_id = p.id AND k.privileged) AS privileged
         FROM directory_people p
         LEFT JOIN directory_accounts a ON a.tenant_id = p.tenant_id AND a.person_id = p.id
         LEFT JOIN connected_accounts c ON c.account_id = a.connection_id
        WHERE p.tenant_id = $1 AND p.id = ANY($2::uuid[])
        GROUP BY p.id`,
      [tenantId, personIds],
    );
    return rows.map((row) => ({
      urn: personUrn(tenantId, row.id),
      provider: Provider.CODEX,
      accountId: tenantId,
      region: '-',
      resourceType: 'identity/person',
      name: row.display_name,
      tags: {},
      state: row.enabled_accounts > 0 ? 'active' : row.accounts > 0 ? 'blocked' : 'unlinked',
      attributes: {
        personId: row.id,
        email: row.email,
        accounts: row.accounts,
        accountUrns: row.account_urns ?? [],
        privileged: row.privileged,
      },
      observedAt,
    }));
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
    }),
    metadata: {
      key: identityUrnOf || `${connection.connectionId}:${signIn.userName ?? ''}`,
      tenantId: connection.tenantId,
    },
  };
}
