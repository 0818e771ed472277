interface RunningSource<T> {
  iterator: AsyncIterator<T>;
  next: Promise<{ id: number; result: IteratorResult<T> }>;
}

/**
 * Items of several async sources as they arrive, reading at most `limit` sources at a
 * time and asking each for one item at a time, so a slow consumer slows every source.
 */
export async function* mergeWithLimit<T>(
  sources: ReadonlyArray<() => AsyncIterable<T>>,
  limit: number,
): AsyncGenerator<T> {
  const waiting = [...sources];
  const running = new Map<number, RunningSource<T>>();
  let nextId = 0;
  const pull = (id: number, iterator: AsyncIterator<T>) =>
    iterator.next().then((result) => ({ id, result }));
  const fill = () => {
    while (running.size < limit) {
      const source = waiting.shift();
      if (!source) return;
      const id = nextId++;
      const iterator = source()[Symbol.asyncIterator]();
      running.set(id, { iterator, next: pull(id, iterator) });
    }
  };
  try {
    fill();
    while (running.size > 0) {
      const { id, result } = await Promise.race([...running.values()].map(({ next }) => next));
      const source = running.get(id);
      if (!source) continue;
      if (result.done) {
        running.delete(id);
        fill();
        continue;
      }
      source.next = pull(id, source.iterator);
      yield result.value;
    }
  } finally {
    await Promise.allSettled(
      [...running.values()].flatMap(({ iterator }) => (iterator.return ? [iterator.return()] : [])),
    );
  }
}

/** Consecutive slices of at most `size` items. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

/**
 * `work` applied to every item, at most `limit` at a time, results in the items' order. The
 * first failure rejects the whole and starts no further work (work already running finishes).
 */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
