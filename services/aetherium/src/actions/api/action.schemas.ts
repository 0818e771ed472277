import { cursorParam, limitParam } from '@codex/platform';
import { z } from 'zod';

import { ACTION_STATUSES } from '../action.entity';

export const actionRequestSchema = z
  .object({
    targetUrn: z.string().trim().min(1).max(512),
    type: z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'expected an action name such as stop'),
    params: z.record(z.string(), z.unknown()).default({}),
    reason: z.string().trim().min(1).max(500),
    dryRun: z.boolean().default(false),
    draft: z
      .boolean()
      .default(false)
      .describe(
        'Record it planned but not sent: it waits as a draft until someone submits it (POST /actions/{id}/submit)',
      ),
  })
  .strict()
  .refine((request) => !(request.dryRun && request.draft), {
    message: 'expected dryRun or draft, not both',
    path: ['draft'],
  });

export type ActionRequest = z.output<typeof actionRequestSchema>;

export const idempotencyKeySchema = z
  .string({ error: 'is required (a unique key per intended action, e.g. a UUID)' })
  .trim()
  .min(8, 'expected at least 8 characters')
  .max(128);

export const decisionSchema = z.object({ comment: z.string().trim().max(500).optional() }).strict();
export type Decision = z.output<typeof decisionSchema>;

export const actionListQuerySchema = z
  .object({
    status: z.enum(ACTION_STATUSES).optional(),
    limit: limitParam,
    cursor: cursorParam,
  })
  .strict();
export type ActionListQuery = z.output<typeof actionListQuerySchema>;

export const actionHistoryQuerySchema = z
  .object({ limit: limitParam, cursor: cursorParam })
  .strict();
export type ActionHistoryQuery = z.output<typeof actionHistoryQuerySchema>;
