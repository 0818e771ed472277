/*
 * The generated schema's shapes, for routes the console types by hand until `make console-api`
 * regenerates the snapshot (directory-api.ts, storage-api.ts, oracle-api.ts).
 */

export interface Ok<Body> {
  headers: Record<string, unknown>;
  content: { 'application/json': Body };
}

export interface NoContent {
  headers: Record<string, unknown>;
  content?: never;
}

/** An operation as openapi-typescript writes one: what is `never` is left out. */
export type Operation<Query, Path, Body, Responses, Header = never> = {
  parameters: { query?: Query; header?: Header; cookie?: never } & ([Path] extends [never]
    ? { path?: never }
    : { path: Path });
  responses: Responses;
} & ([Body] extends [never]
  ? { requestBody?: never }
  : { requestBody: { content: { 'application/json': Body } } });

export interface Route<Get = never, Post = never, Put = never> {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  get: Get;
  post: Post;
  put: Put;
}

export type ById = { id: string };

/** Query parameters as the pages pass them: what is undefined is left out. */
export type Query = Record<string, string | number | undefined>;
