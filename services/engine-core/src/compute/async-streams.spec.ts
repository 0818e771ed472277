import { chunks, mapWithLimit, mergeWithLimit } from './async-streams';

async function* numbers(from: number, count: number, delayMs = 0): AsyncGenerator<number> {
  for (let value = from; value < from + count; value += 1) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    yield value;
  }
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

describe('mergeWithLimit', () => {
  it('yields every item of every source exactly once', async () => {
    const merged = await collect(
      mergeWithLimit([() => numbers(0, 5), () => numbers(100, 3), () => numbers(200, 0)], 2),
    );

    expect(merged.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 100, 101, 102]);
  });

  it('never reads more sources at once than the limit', async () => {
    let open = 0;
    let mostOpen = 0;
    const tracked = (from: number) =>
      async function* (): AsyncGenerator<number> {
        open += 1;
        mostOpen = Math.max(mostOpen, open);
        try {
          yield* numbers(from, 3, 2);
        } finally {
          open -= 1;
        }
      };

    const merged = await collect(mergeWithLimit([0, 10, 20, 30, 40].map(tracked), 2));

    expect(merged).toHaveLength(15);
    expect(mostOpen).toBe(2);
  });

  it('interleaves sources instead of draining one before the next', async () => {
    const merged = await collect(
      mergeWithLimit([() => numbers(0, 3, 5), () => numbers(100, 3, 5)], 2),
    );

    expect(merged.slice(0, 2).sort((a, b) => a - b)).toEqual([0, 100]);
  });

  it('fails with the error of a failing source and closes the others', async () => {
    let closed = false;
    const endless = async function* (): AsyncGenerator<number> {
      try {
        for (;;) yield* numbers(0, 1, 1);
      } finally {
        closed = true;
      }
    };
    const failing = async function* (): AsyncGenerator<number> {
      yield* numbers(0, 1, 3);
      throw new Error('region unavailable');
    };

    await expect(collect(mergeWithLimit([endless, failing], 2))).rejects.toThrow(
      'region unavailable',
    );
    expect(closed).toBe(true);
  });
});

describe('chunks', () => {
  it('splits items into slices of at most the given size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 10)).toEqual([]);
  });
});

describe('mapWithLimit', () => {
  it('maps every item in order, never more at once than the limit', async () => {
    let running = 0;
    let most = 0;
    const doubled = await mapWithLimit([1, 2, 3, 4, 5], 2, async (item) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5 * (6 - item)));
      running -= 1;
      return item * 2;
    });

    expect(doubled).toEqual([2, 4, 6, 8, 10]);
    expect(most).toBe(2);
  });

  it('fails with the first failure and starts nothing after it', async () => {
    const started: number[] = [];

    await expect(
      mapWithLimit([1, 2, 3, 4], 1, (item) => {
        started.push(item);
        return item === 2 ? Promise.reject(new Error('no')) : Promise.resolve(item);
      }),
    ).rejects.toThrow('no');
    expect(started).toEqual([1, 2]);
  });

  it('maps nothing to nothing', async () => {
    await expect(mapWithLimit([], 4, () => Promise.resolve(1))).resolves.toEqual([]);
  });
});
