import type { z } from 'zod';

import { type FieldProblem, ValidationProblem } from './problem';

/**
 * Parses input with a zod schema or throws a 400 problem naming every bad
 * field. `where` prefixes the field names: `body`, `query`, `params`,
 * `header.<name>`.
 */
export function validate<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  where: 'body' | 'query' | 'params' | `header.${string}`,
): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ValidationProblem(fieldProblems(parsed.error, where));
}

export function fieldProblems(error: z.ZodError, where: string): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const base = [where, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: `${base}.${key}`,
        message: 'is not a known field',
      }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return [{ field: base, message: 'is required' }];
    }
    return [{ field: base, message: issue.message }];
  });
}
