import type { Client } from 'openapi-fetch';

import { api } from '../../api/client';
import type { NoContent, Ok, Operation, Query, Route } from '../../api/route-types';
import type { ActionRequestBody } from '../../api/views';
import type { FindingKind, Idp, Severity } from '../../lib/directory';

/**
 * hall-of-faces' directory API as the console reads it. The snapshot in src/api/openapi.json
 * predates these routes, so their shapes are written here after the service's zod schemas
 * (directory.schemas.ts, findings.schemas.ts, connection.schemas.ts); once `make console-api`
 * has regenerated the client, these types can come from schema.d.ts like the others.
 */
export interface SyncRun {
  id: string;
  connectionId: string;
  trigger: 'manual' | 'schedule' | 'connect';
  full: boolean;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: Record<string, number>;
  counts: Record<string, number>;
  error: { code: string; message: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Connection {
  id: string;
  provider: Idp;
  name: string;
  /** The Auth0 tenant domain or the Entra directory id. */
  externalId: string;
  clientId: string;
  status: 'connected' | 'disconnected';
  connectedAt: string;
  lastSync: SyncRun | null;
}

export type NewConnection =
  | { provider: 'auth0'; name: string; domain: string; clientId: string; clientSecret: string }
  | {
      provider: 'entra';
      name: string;
      directoryId: string;
      clientId: string;
      clientSecret: string;
    };

export interface Membership {
  kind: 'role' | 'group';
  id: string;
  name: string;
  privileged: boolean;
  urn: string;
}

export interface DirectoryAccount {
  urn: string;
  connectionId: string;
  provider: Idp;
  externalId: string;
  personId: string | null;
  linkSource: 'email' | 'manual' | null;
  email: string | null;
  emailVerified: boolean;
  displayName: string;
  enabled: boolean;
  createdAt: string | null;
  lastSignInAt: string | null;
  mfaRegistered: boolean | null;
  mfaUsed: boolean;
  privileged: boolean;
  attributes: Record<string, string | number | boolean | null>;
  memberships: Membership[];
}

export interface PersonSummary {
  id: string;
  urn: string;
  email: string;
  displayName: string;
  providers: Idp[];
  accounts: number;
  enabledAccounts: number;
  privileged: boolean;
  lastSignInAt: string | null;
}

export interface Finding {
  kind: FindingKind;
  provider: Idp;
  /** The account's id in its identity provider; for unused_privileged_role, the role's. */
  externalId: string;
  urn: string;
  personId: string | null;
  severity: Severity;
  summary: string;
}

export interface FindingsReport {
  asOf: string;
  parameters: {
    staleDays: number;
    dormantPrivilegedDays: number;
    unusedPrivilegedRoleDays: number;
  };
  counts: Record<string, number>;
  items: Finding[];
}

export interface PersonDetail {
  person: PersonSummary;
  accounts: DirectoryAccount[];
  findings: Finding[];
  riskScore: number;
}

export interface DirectoryCounts {
  people: number;
  accounts: number;
  roles: number;
  groups: number;
  memberships: number;
  byProvider: Record<
    string,
    { accounts: number; roles: number; groups: number; memberships: number }
  >;
}

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

/** The request the action ledger takes, with the identity catalogue's params. */
export type IdentityActionBody = Omit<ActionRequestBody, 'params'> & {
  params?: Record<string, unknown>;
};

/** The routes above, in the generated schema's shape, for the typed client. */
export interface DirectoryPaths {
  '/api/v1/identity/connections': Route<
    Operation<never, never, never, { 200: Ok<{ items: Connection[] }> }>,
    Operation<never, never, NewConnection, { 201: Ok<Connection> }>
  >;
  '/api/v1/identity/connections/{id}/syncs': Route<
    never,
    Operation<never, { id: string }, { full?: boolean }, { 200: Ok<SyncRun>; 202: Ok<SyncRun> }>
  >;
  '/api/v1/identity/directory/counts': Route<
    Operation<never, never, never, { 200: Ok<DirectoryCounts> }>
  >;
  '/api/v1/identity/directory/people': Route<
    Operation<Query, never, never, { 200: Ok<Page<PersonSummary>> }>
  >;
  '/api/v1/identity/directory/people/{id}': Route<
    Operation<never, { id: string }, never, { 200: Ok<PersonDetail> }>
  >;
  '/api/v1/identity/directory/people/{id}/accounts': Route<
    never,
    Operation<never, { id: string }, AccountRef, { 204: NoContent }>
  >;
  '/api/v1/identity/directory/unlink': Route<
    never,
    Operation<never, never, AccountRef, { 204: NoContent }>
  >;
  '/api/v1/identity/directory/accounts': Route<
    Operation<Query, never, never, { 200: Ok<Page<DirectoryAccount>> }>
  >;
  '/api/v1/identity/directory/findings': Route<
    Operation<Query, never, never, { 200: Ok<FindingsReport> }>
  >;
  '/api/v1/actions': Route<
    never,
    Operation<
      never,
      never,
      IdentityActionBody,
      { 200: Ok<unknown>; 201: Ok<unknown> },
      { 'Idempotency-Key'?: string }
    >
  >;
}

/** An account by its connection and its id in the identity provider. */
export interface AccountRef {
  connectionId: string;
  externalId: string;
}

/**
 * The console's one API client (same CSRF and sign-in middleware), typed for these routes:
 * a type view of the same object, not a second client.
 */
export const directoryApi = api as unknown as Client<DirectoryPaths>;
