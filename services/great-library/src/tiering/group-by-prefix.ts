/** Objects that share the first path segments of their keys: a "folder" of a bucket. */
export interface PrefixGroup<T> {
  /** The first `depth` segments with their trailing '/', e.g. `logs/2024/`; '' for the top level. */
  prefix: string;
  objects: T[];
}

/**
 * Groups objects by the first `depth` '/'-separated segments of their keys, sorted by prefix.
 * A key with fewer folders than `depth` falls in the group of the folders it has (`a/x.txt` at
 * depth 2 is in `a/`, `x.txt` is in ''); empty segments (`a//b`) count as segments, as they do
 * in S3, GCS and Blob keys. Depth 0 puts everything in ''.
 */
export function groupByPrefix<T extends { key: string }>(
  objects: readonly T[],
  depth: number,
): PrefixGroup<T>[] {
  if (!Number.isInteger(depth) || depth < 0) {
    throw new RangeError(`groupByPrefix: depth must be a whole number >= 0, got ${depth}`);
  }
  const groups = new Map<string, T[]>();
  for (const object of objects) {
    const folders = object.key.split('/').slice(0, -1).slice(0, depth);
    const prefix = folders.map((folder) => `${folder}/`).join('');
    const members = groups.get(prefix);
    if (members) members.push(object);
    else groups.set(prefix, [object]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([prefix, members]) => ({ prefix, objects: members }));
}
