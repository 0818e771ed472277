import { NotFoundProblem } from '@codex/platform';
import { Param, type PipeTransform } from '@nestjs/common';

import { insightId } from './insight.schemas';

/** An id no producer could have made answers 404 as an unknown one does, and never reaches PostgreSQL. */
class InsightIdOrNotFound implements PipeTransform<string, string> {
  transform(value: string): string {
    if (insightId.safeParse(value).success) return value;
    throw new NotFoundProblem(`insight ${value}`);
  }
}

export const InsightIdParam = (): ParameterDecorator => Param('id', new InsightIdOrNotFound());
