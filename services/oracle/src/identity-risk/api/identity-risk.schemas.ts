import { cursorParam, instant, limitParam } from '@codex/platform';
import { z } from 'zod';

import { RISK_KINDS } from '../detectors/sign-in';

const urn = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .regex(/^[^\s]+$/, 'expected a URN');

export const signalListQuery = z
  .object({
    kind: z.enum(RISK_KINDS).optional(),
    identity: urn.optional().describe('Only signals of this account URN'),
    since: instant.optional().describe('Only signals of sign-ins at or after this instant'),
    limit: limitParam,
    cursor: cursorParam,
  })
  .strict();
export type SignalListQuery = z.output<typeof signalListQuery>;

export const signalView = z.object({
  id: z.uuid(),
  kind: z.enum(RISK_KINDS),
  identityUrn: z.string().describe("The account at risk; '' for a password spray"),
  subjectUrn: z.string(),
  loginIds: z.array(z.string()),
  occurredAt: z.string(),
  details: z.record(z.string(), z.unknown()),
  risk: z.number().int().nullable().describe("The account's risk right after this signal"),
  detectedAt: z.string(),
});
export type SignalView = z.output<typeof signalView>;

export const signalList = z.object({
  items: z.array(signalView),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last'),
});

/** Where a page of identities ended: the instant risks were read at, the last risk and URN. */
const identityPosition = z.tuple([instant, z.number().int().min(0).max(100), urn]);
export type IdentityPosition = z.output<typeof identityPosition>;

export function encodeIdentityCursor(position: IdentityPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export const identityListQuery = z
  .object({
    minRisk: z.coerce
      .number({ error: 'expected a whole number from 0 to 100' })
      .int('expected a whole number from 0 to 100')
      .min(0, 'expected a whole number from 0 to 100')
      .max(100, 'expected a whole number from 0 to 100')
      .default(1)
      .describe('Only accounts whose risk now is at least this (default 1)'),
    limit: limitParam,
    cursor: z
      .string()
      .max(800)
      .transform((text, context) => {
        try {
          return identityPosition.parse(JSON.parse(Buffer.from(text, 'base64url').toString()));
        } catch {
          context.addIssue({ code: 'custom', message: 'is not the nextCursor of a previous page' });
          return z.NEVER;
        }
      })
      .optional(),
  })
  .strict();
export type IdentityListQuery = z.output<typeof identityListQuery>;

export const identityRiskView = z.object({
  identityUrn: z.string(),
  risk: z.number().int().describe('0–100 now: each signal adds its weight, halving every week'),
  signals: z.number().int(),
  kinds: z.array(z.string()),
  lastSignalAt: z.string(),
});
export type IdentityRiskView = z.output<typeof identityRiskView>;

export const identityRiskList = z.object({
  asOf: z.string(),
  items: z.array(identityRiskView),
  nextCursor: z.string().nullable(),
});
export type IdentityRiskList = z.output<typeof identityRiskList>;

export const sourceView = z.object({
  source: z.string().describe('<provider>:<directory id>'),
  firstSignInAt: z.string().describe('The earliest sign-in read: quiet time counts from here'),
  signIns: z.number().int().describe('Sign-ins read so far'),
});
export const sourceList = z.object({ items: z.array(sourceView) });
export type SourceList = z.output<typeof sourceList>;
