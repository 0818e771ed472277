import type { AccountAccess } from '@codex/connectors';

import type { BucketLocation, ObjectPage, ObjectStore } from './ports';

const PAGE = 1000;

/** Every page of the objects under a prefix, no delimiter, in the provider's order; stop early by breaking. */
export async function* objectPages(
  store: ObjectStore,
  access: AccountAccess,
  location: BucketLocation,
  prefix: string,
): AsyncGenerator<ObjectPage> {
  let pageToken: string | null = null;
  do {
    const page = await store.list(access, location, {
      prefix,
      delimiter: '',
      pageToken,
      limit: PAGE,
    });
    yield page;
    pageToken = page.nextPageToken;
  } while (pageToken);
}
