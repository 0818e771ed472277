import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { unwrap } from '../../api/client';
import type {
  Bucket,
  BucketFilters,
  Classification,
  ObjectMetadata,
  ObjectPage,
} from '../../lib/storage';
import { storageApi } from './storage-api';

/** Everything under ['storage'] is refreshed after a discovery or a scan. */
export const storageKeys = {
  all: ['storage'] as const,
  buckets: (filters: BucketFilters) => ['storage', 'buckets', filters] as const,
  bucket: (id: string) => ['storage', 'bucket', id] as const,
  objects: (id: string, prefix: string, cursor: string | undefined) =>
    ['storage', 'objects', id, prefix, cursor] as const,
  object: (id: string, key: string) => ['storage', 'object', id, key] as const,
  classifications: (id: string) => ['storage', 'classifications', id] as const,
};

export const OBJECTS_PER_PAGE = 100;

export function useBuckets(filters: BucketFilters) {
  return useQuery({
    queryKey: storageKeys.buckets(filters),
    queryFn: () =>
      unwrap<{ items: Bucket[] }>(
        storageApi.GET('/api/v1/storage/buckets', { params: { query: { ...filters } } }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useBucket(id: string) {
  return useQuery({
    queryKey: storageKeys.bucket(id),
    queryFn: () =>
      unwrap<Bucket>(storageApi.GET('/api/v1/storage/buckets/{id}', { params: { path: { id } } })),
  });
}

/** One page of a folder of the bucket, the provider's own listing. */
export function useObjects(id: string, prefix: string, cursor: string | undefined) {
  return useQuery({
    queryKey: storageKeys.objects(id, prefix, cursor),
    queryFn: () =>
      unwrap<ObjectPage>(
        storageApi.GET('/api/v1/storage/buckets/{id}/objects', {
          params: {
            path: { id },
            query: {
              prefix,
              delimiter: '/',
              limit: OBJECTS_PER_PAGE,
              ...(cursor ? { cursor } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useObjectMetadata(id: string, key: string) {
  return useQuery({
    queryKey: storageKeys.object(id, key),
    queryFn: () =>
      unwrap<ObjectMetadata>(
        storageApi.GET('/api/v1/storage/buckets/{id}/object', {
          params: { path: { id }, query: { key } },
        }),
      ),
  });
}

export function useClassifications(id: string) {
  return useQuery({
    queryKey: storageKeys.classifications(id),
    queryFn: () =>
      unwrap<{ items: Classification[] }>(
        storageApi.GET('/api/v1/storage/buckets/{id}/classifications', {
          params: { path: { id } },
        }),
      ),
    retry: false,
  });
}
