import { instant } from '@codex/platform';
import { z } from 'zod';

import { FINDING_KINDS } from '../../findings/finding-rules';
import { SIGN_IN_RISK } from '../../findings/sign-in-risk';

/** The directory rules' kinds and the oracle's sign-in risk. */
const REPORTED_KINDS = [...FINDING_KINDS, SIGN_IN_RISK] as const;

const days = (what: string) =>
  z.coerce
    .number({ error: 'expected a whole number of days' })
    .int('expected a whole number of days')
    .min(1, 'expected at least 1')
    .max(3650, 'expected at most 3650')
    .optional()
    .describe(what);

export const findingsQuery = z.strictObject({
  asOf: instant.optional().describe('Evaluate as of this time (default: now)'),
  kind: z
    .enum(REPORTED_KINDS)
    .optional()
    .describe('sign_in_risk (the oracle’s, from sign-ins) is listed only when asked for'),
  provider: z.enum(['auth0', 'entra']).optional(),
  staleDays: days('No sign-in for this many days makes an enabled account stale (default 90)'),
  dormantPrivilegedDays: days('… a privileged account dormant (default 30)'),
  unusedPrivilegedRoleDays: days(
    '… a privileged role unused when none of its holders signed in (default 90)',
  ),
});

export type FindingsQuery = z.output<typeof findingsQuery>;

export const findingView = z.object({
  kind: z.enum(REPORTED_KINDS),
  provider: z.enum(['auth0', 'entra']),
  /** The account's id in its identity provider; for unused_privileged_role, the role's. */
  externalId: z.string(),
  urn: z.string(),
  personId: z.uuid().nullable(),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  summary: z.string(),
});

export type FindingView = z.output<typeof findingView>;

export const findingsReport = z.object({
  asOf: z.iso.datetime(),
  parameters: z.object({
    staleDays: z.number().int(),
    dormantPrivilegedDays: z.number().int(),
    unusedPrivilegedRoleDays: z.number().int(),
  }),
  counts: z.record(z.string(), z.number().int()),
  items: z.array(findingView),
});

export type FindingsReport = z.output<typeof findingsReport>;
