import { cursorParam, limitParam } from '@codex/platform';
import { z } from 'zod';

const provider = z.enum(['auth0', 'entra']);
const flag = z
  .enum(['true', 'false'], { error: "expected 'true' or 'false'" })
  .transform((v) => v === 'true');

export const peopleQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional().describe('Part of a name or e-mail'),
  provider: provider.optional().describe('Only people with an account in this identity provider'),
  privileged: flag
    .optional()
    .describe('Only people holding (or not holding) a privileged role or group'),
  enabled: flag.optional().describe('Only people with (or without) an enabled account'),
  limit: limitParam.describe('People per page'),
  cursor: cursorParam.describe('The nextCursor of the previous page'),
});

export type PeopleQuery = z.output<typeof peopleQuery>;

export const membershipView = z.object({
  kind: z.enum(['role', 'group']),
  id: z.string(),
  name: z.string(),
  privileged: z.boolean(),
  urn: z.string(),
});

export const accountView = z.object({
  urn: z.string(),
  connectionId: z.uuid(),
  provider,
  externalId: z.string(),
  personId: z.uuid().nullable(),
  linkSource: z.enum(['email', 'manual']).nullable(),
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  displayName: z.string(),
  enabled: z.boolean(),
  createdAt: z.iso.datetime().nullable(),
  lastSignInAt: z.iso.datetime().nullable(),
  mfaRegistered: z.boolean().nullable(),
  mfaUsed: z.boolean(),
  privileged: z.boolean(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  memberships: z.array(membershipView),
});

export type AccountView = z.output<typeof accountView>;

export const personSummary = z.object({
  id: z.uuid(),
  urn: z.string(),
  email: z.string(),
  displayName: z.string(),
  providers: z.array(provider),
  accounts: z.number().int(),
  enabledAccounts: z.number().int(),
  privileged: z.boolean(),
  lastSignInAt: z.iso.datetime().nullable(),
});

export type PersonSummary = z.output<typeof personSummary>;

export const peoplePage = z.object({
  items: z.array(personSummary),
  nextCursor: z.string().nullable(),
});

export const accountsQuery = z.strictObject({
  provider: provider.optional(),
  unlinked: flag.optional().describe('Only accounts linked to no person'),
  q: z.string().trim().min(1).max(200).optional().describe('Part of a name, e-mail or id'),
  limit: limitParam.describe('Accounts per page'),
  cursor: z.string().max(400).optional().describe('The nextCursor of the previous page'),
});

export type AccountsQuery = z.output<typeof accountsQuery>;

export const accountsPage = z.object({
  items: z.array(accountView),
  nextCursor: z.string().nullable(),
});

export const linkRequest = z.strictObject({
  connectionId: z.uuid({ error: 'expected the connection id' }),
  externalId: z.string().min(1).max(255).describe("The account's id in its identity provider"),
});

export type LinkRequest = z.output<typeof linkRequest>;

export const directoryCounts = z.object({
  people: z.number().int(),
  accounts: z.number().int(),
  roles: z.number().int(),
  groups: z.number().int(),
  memberships: z.number().int(),
  byProvider: z.record(
    z.string(),
    z.object({
      accounts: z.number().int(),
      roles: z.number().int(),
      groups: z.number().int(),
      memberships: z.number().int(),
    }),
  ),
});

export type DirectoryCounts = z.output<typeof directoryCounts>;
