import type { StorageClassParams } from '@codex/contracts';

import type { StoredObject } from '../storage/ports';

const DAY_MS = 86_400_000;

/** The selected objects a class change would move: not yet in the class, matching its filters. */
export function classChangeCandidates(
  objects: readonly StoredObject[],
  params: StorageClassParams,
  now = Date.now(),
): StoredObject[] {
  const cutoff =
    params.olderThanDays === undefined ? undefined : now - params.olderThanDays * DAY_MS;
  return objects.filter(
    (object) =>
      object.storageClass !== params.storageClass &&
      (!params.fromClass || object.storageClass === params.fromClass) &&
      (cutoff === undefined || object.lastModified.getTime() < cutoff),
  );
}
