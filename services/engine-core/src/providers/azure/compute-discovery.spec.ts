import type { DiscoveredResource } from '../../compute/ports';
import { locationFilter, readAhead } from './compute-discovery';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

describe('Azure discovery helpers', () => {
  it('keeps the locations of the access, spelt as Resource Manager spells them', () => {
    const keep = locationFilter(['West Europe', 'eastus']);
    const at = (region: string) => ({ region }) as DiscoveredResource;

    expect(['westeurope', 'eastus', 'eastus2'].map((region) => keep(at(region)))).toEqual([
      true,
      true,
      false,
    ]);
    expect(locationFilter([])(at('southeastasia'))).toBe(true);
  });

  it('asks for the next page while the current one is consumed', async () => {
    const asked: number[] = [];
    let served = 0;
    const pages: AsyncIterator<number> = {
      next: () => {
        served += 1;
        asked.push(served);
        return Promise.resolve(
          served <= 3 ? { done: false, value: served } : { done: true, value: undefined },
        );
      },
    };
    const seen: { page: number; askedSoFar: number }[] = [];

    for await (const page of readAhead(pages)) seen.push({ page, askedSoFar: asked.length });

    expect(seen).toEqual([
      { page: 1, askedSoFar: 2 },
      { page: 2, askedSoFar: 3 },
      { page: 3, askedSoFar: 4 },
    ]);
  });

  it('ignores the failure of a page read ahead that nobody waits for any more', async () => {
    let served = 0;
    const pages: AsyncIterator<number> = {
      next: () =>
        (served += 1) === 1
          ? Promise.resolve({ done: false, value: 1 })
          : Promise.reject(new Error('too late')),
    };

    for await (const page of readAhead(pages)) {
      expect(page).toBe(1);
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));

    await expect(collect(readAhead(pages))).rejects.toThrow('too late');
  });
});
