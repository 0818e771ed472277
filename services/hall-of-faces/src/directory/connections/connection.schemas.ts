import { z } from 'zod';

const name = z
  .string()
  .trim()
  .min(1, 'expected a name')
  .max(200, 'expected at most 200 characters');
const secret = z
  .string()
  .min(1, 'expected the client secret')
  .max(4096, 'expected at most 4096 characters');
const clientId = z
  .string()
  .trim()
  .min(1, 'expected the client id')
  .max(255, 'expected at most 255 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'expected letters, digits, dots, dashes and underscores');

export const newAuth0Connection = z.strictObject({
  provider: z.literal('auth0'),
  name,
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253, 'expected at most 253 characters')
    .regex(
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/,
      'expected the tenant domain, e.g. acme.eu.auth0.com',
    ),
  clientId,
  clientSecret: secret,
});

export const newEntraConnection = z.strictObject({
  provider: z.literal('entra'),
  name,
  directoryId: z.uuid({ error: 'expected the directory (tenant) id, a UUID' }),
  clientId: z.uuid({ error: "expected the app registration's client id, a UUID" }),
  clientSecret: secret,
});

export const newConnection = z.discriminatedUnion(
  'provider',
  [newAuth0Connection, newEntraConnection],
  { error: "expected provider 'auth0' or 'entra'" },
);

export type NewConnection = z.output<typeof newConnection>;

export const syncRequest = z
  .strictObject({
    full: z.boolean().default(false).describe('Read everything again instead of what changed'),
  })
  .default({ full: false });

export type SyncRequest = z.output<typeof syncRequest>;

export const syncRunView = z.object({
  id: z.uuid(),
  connectionId: z.uuid(),
  trigger: z.enum(['manual', 'schedule', 'connect']),
  full: z.boolean(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  progress: z.record(z.string(), z.number()),
  counts: z.record(z.string(), z.number()),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});

export type SyncRunView = z.output<typeof syncRunView>;

export const connectionView = z.object({
  id: z.uuid(),
  provider: z.enum(['auth0', 'entra']),
  name: z.string(),
  /** The Auth0 tenant domain or the Entra directory id. */
  externalId: z.string(),
  clientId: z.string(),
  status: z.enum(['connected', 'disconnected']),
  connectedAt: z.iso.datetime(),
  lastSync: syncRunView.nullable(),
});

export type ConnectionView = z.output<typeof connectionView>;

export const connectionList = z.object({ items: z.array(connectionView) });
