import { limitParam } from '@codex/platform';
import { z } from 'zod';

import { RECOMMENDATION_KINDS } from '../recommendation';
import { RECOMMENDATION_STATUSES } from '../recommendation.entity';

/** Where a page sorted by saving ended: the last item's saving (exact text) and id. */
export interface SavingCursor {
  saving: string;
  id: string;
}

const cursorShape = z.tuple([z.string().regex(/^-?\d+(\.\d+)?$/), z.uuid()]);

export function encodeSavingCursor(cursor: SavingCursor): string {
  return Buffer.from(JSON.stringify([cursor.saving, cursor.id])).toString('base64url');
}

const cursorParam = z
  .string()
  .max(200)
  .transform((text, context): SavingCursor => {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(text, 'base64url').toString());
    } catch {
      decoded = undefined;
    }
    const parsed = cursorShape.safeParse(decoded);
    if (!parsed.success) {
      context.addIssue({ code: 'custom', message: 'is not the nextCursor of a previous page' });
      return z.NEVER;
    }
    return { saving: parsed.data[0], id: parsed.data[1] };
  })
  .optional();

export const recommendationListQuerySchema = z
  .object({
    kind: z.enum(RECOMMENDATION_KINDS).optional(),
    status: z.enum(RECOMMENDATION_STATUSES).optional(),
    resource: z.string().trim().min(1).max(512).optional().describe('A resource URN'),
    limit: limitParam,
    cursor: cursorParam,
  })
  .strict();
export type RecommendationListQuery = z.output<typeof recommendationListQuerySchema>;

export const dismissSchema = z
  .object({ reason: z.string().trim().min(1).max(500).optional() })
  .strict();
