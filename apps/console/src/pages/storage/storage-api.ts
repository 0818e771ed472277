import type { Client } from 'openapi-fetch';

import { api } from '../../api/client';
import type { ById, Ok, Operation, Query, Route } from '../../api/route-types';
import type {
  Bucket,
  Classification,
  ObjectMetadata,
  ObjectPage,
  ScanResult,
  SignedUrl,
  StorageDiscoverySummary,
} from '../../lib/storage';

/**
 * great-library's storage routes in the generated schema's shape. The snapshot in
 * src/api/openapi.json predates them; the shapes are in lib/storage.ts, after the service's
 * storage.schemas.ts, until `make console-api` regenerates the client.
 */
export interface StoragePaths {
  '/api/v1/storage/buckets': Route<
    Operation<Query, never, never, { 200: Ok<{ items: Bucket[] }> }>
  >;
  '/api/v1/storage/buckets/{id}': Route<Operation<never, ById, never, { 200: Ok<Bucket> }>>;
  '/api/v1/storage/accounts/{accountId}/discoveries': Route<
    never,
    Operation<never, { accountId: string }, never, { 201: Ok<StorageDiscoverySummary> }>
  >;
  '/api/v1/storage/buckets/{id}/objects': Route<
    Operation<Query, ById, never, { 200: Ok<ObjectPage> }>
  >;
  '/api/v1/storage/buckets/{id}/object': Route<
    Operation<{ key: string }, ById, never, { 200: Ok<ObjectMetadata> }>
  >;
  '/api/v1/storage/buckets/{id}/signed-urls': Route<
    never,
    Operation<
      never,
      ById,
      { key: string; method: 'GET'; expiresInSeconds: number },
      { 201: Ok<SignedUrl> }
    >
  >;
  '/api/v1/storage/buckets/{id}/scans': Route<
    never,
    Operation<never, ById, { prefix?: string }, { 200: Ok<ScanResult>; 201: Ok<ScanResult> }>
  >;
  '/api/v1/storage/buckets/{id}/classifications': Route<
    Operation<Query, ById, never, { 200: Ok<{ items: Classification[] }> }>
  >;
}

/** The console's one API client (same CSRF and sign-in middleware), typed for these routes. */
export const storageApi = api as unknown as Client<StoragePaths>;
