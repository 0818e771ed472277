import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

import { validate } from './validate';

/**
 * Parses a route's body, query or params with a zod schema, or answers a 400
 * problem naming every bad field (`body.roles.0`, `query.since`).
 */
export class Validated<Schema extends z.ZodType> implements PipeTransform<
  unknown,
  z.output<Schema>
> {
  constructor(
    private readonly schema: Schema,
    private readonly where: 'body' | 'query' | 'params',
  ) {}

  transform(value: unknown): z.output<Schema> {
    return validate(this.schema, value, this.where);
  }
}
