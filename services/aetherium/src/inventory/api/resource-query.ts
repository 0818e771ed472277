import { z } from 'zod';

import { cursorProblem } from './keyset-cursor';

const text = (max: number) => z.string().trim().min(1).max(max);

export const SORT_KEYS = ['name', '-name', 'observedAt', '-observedAt'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** `tag=env:production` (repeatable): key and value, or `tag=env` for any value. */
const tagFilter = text(256).transform((raw) => {
  const separator = raw.indexOf(':');
  return separator < 0
    ? { key: raw, value: undefined }
    : { key: raw.slice(0, separator), value: raw.slice(separator + 1) };
});

export const resourceQuerySchema = z
  .object({
    provider: z.enum(['aws', 'gcp', 'azure']).optional(),
    account: text(128).optional(),
    region: text(64).optional(),
    type: text(64).optional(),
    state: text(32).optional(),
    tag: z
      .union([tagFilter, z.array(tagFilter).max(10)])
      .optional()
      .transform((tags) => (tags === undefined ? [] : Array.isArray(tags) ? tags : [tags])),
    q: text(200).min(3, 'expected at least 3 characters').optional(),
    sort: z.enum(SORT_KEYS).default('name'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1024).optional(),
  })
  .strict()
  .superRefine((query, context) => {
    const problem = query.cursor && cursorProblem(query.cursor, query.sort.endsWith('observedAt'));
    if (problem) context.addIssue({ code: 'custom', path: ['cursor'], message: problem });
  });

export type ResourceQuery = z.output<typeof resourceQuerySchema>;
