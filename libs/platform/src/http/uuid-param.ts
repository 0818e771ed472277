import { Param, type PipeTransform } from '@nestjs/common';

import { NotFoundProblem, type ProblemException } from '../problems/problem';

/** Any 8-4-4-4-12 hex UUID, as PostgreSQL's uuid type takes it (no version or variant check). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** What a path segment that cannot be an id answers: a thing's name, or the service's own problem. */
export type NotFoundAnswer = string | ((value: string) => ProblemException);

/**
 * Passes a UUID through; anything else answers 404 just as an id that matches no row does, so a
 * malformed id tells the caller nothing more than an unknown one, and never reaches PostgreSQL.
 */
export class UuidOrNotFoundPipe implements PipeTransform<string, string> {
  constructor(private readonly notFound: NotFoundAnswer) {}

  transform(value: string): string {
    if (isUuid(value)) return value;
    throw typeof this.notFound === 'string'
      ? new NotFoundProblem(`${this.notFound} ${value}`)
      : this.notFound(value);
  }
}

/**
 * A path parameter that must be a UUID, else 404: `@UuidParam('id', 'account')` answers
 * `not_found`, "account x does not exist"; pass a function to answer a service's own problem.
 */
export function UuidParam(name: string, notFound: NotFoundAnswer): ParameterDecorator {
  return Param(name, new UuidOrNotFoundPipe(notFound));
}
