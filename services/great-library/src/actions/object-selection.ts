import { ProviderError } from '@codex/connectors';

import type { OpenBucket } from '../buckets/bucket-directory';
import { objectPages } from '../storage/object-pages';
import type { StoredObject } from '../storage/ports';

export interface SelectionParams {
  keys?: string[] | undefined;
  prefix?: string | undefined;
  maxObjects: number;
}

export type Selection = { objects: StoredObject[] } | { refusal: string };

/**
 * The objects an action is about, read from the provider now: each named key (a missing one
 * refuses the action), or every object under the prefix — refused, touching nothing, when there
 * are more than maxObjects.
 */
export async function selectObjects(open: OpenBucket, params: SelectionParams): Promise<Selection> {
  const { store, access, location } = open;
  if (params.keys) {
    if (params.keys.length > params.maxObjects) {
      return {
        refusal: `${params.keys.length} keys named, more than maxObjects ${params.maxObjects}`,
      };
    }
    const objects: StoredObject[] = [];
    for (const key of params.keys) {
      try {
        objects.push(await store.head(access, location, key));
      } catch (error) {
        if (error instanceof ProviderError && error.code === 'not_found') {
          return { refusal: `${key} does not exist in ${location.name}` };
        }
        throw error;
      }
    }
    return { objects };
  }
  const objects: StoredObject[] = [];
  for await (const page of objectPages(store, access, location, params.prefix ?? '')) {
    objects.push(...page.objects);
    if (objects.length > params.maxObjects) {
      return {
        refusal: `more than maxObjects ${params.maxObjects} objects are under '${params.prefix ?? ''}'; nothing was changed`,
      };
    }
  }
  return { objects };
}
