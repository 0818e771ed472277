import { ContextMemory, emptyContext, type SeenTransitions } from './context';

const CONFIG = { buckets: 8, orders: 3, capacity: 200 };

/** A memory whose grid is fixed on the range 0 … 80 (buckets of 10). */
function memoryOn0To80(capacity = CONFIG.capacity): ContextMemory {
  const memory = new ContextMemory(emptyContext(), { ...CONFIG, capacity });
  memory.observeRange(0);
  memory.observeRange(80);
  memory.fixGrid();
  return memory;
}

describe('the contextual novelty', () => {
  it('is 0 before the grid is fixed', () => {
    const memory = new ContextMemory(emptyContext(), CONFIG);
    memory.observeRange(5);
    expect(memory.novelty(5)).toBe(0);
  });

  it('falls to 0 on a repeated pattern and is high for a value never seen in its context', () => {
    const memory = memoryOn0To80();
    const pattern = [10, 30, 50, 30];
    const scores = Array.from({ length: 40 }, (_, i) => memory.novelty(pattern[i % 4] ?? 0, i % 4));
    expect(scores.slice(-8)).toEqual(new Array<number>(8).fill(0));
    expect(memory.novelty(70, 0)).toBe(1);
  });

  it('flags a known value out of its usual order', () => {
    const memory = memoryOn0To80();
    const pattern = [10, 30, 50, 30];
    for (let i = 0; i < 40; i++) memory.novelty(pattern[i % 4] ?? 0);
    expect(memory.novelty(50)).toBeGreaterThan(0.5);
  });

  it('keeps at most `capacity` transitions, however many it meets', () => {
    const memory = memoryOn0To80(50);
    for (let i = 0; i < 5000; i++) memory.novelty((i * 7919) % 1000);
    const state = memory.persist();
    expect((state.seen as SeenTransitions).counts).toHaveLength(50);
    expect((state.seen as SeenTransitions).keys.split('|')).toHaveLength(50);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
  it('continues alike from its compact state and from the older [key, count] pairs', () => {
    const memory = memoryOn0To80();
    for (let i = 0; i < 300; i++) memory.novelty((i * 7919) % 90, i % 7);
    const packed = JSON.parse(JSON.stringify(memory.persist())) as ReturnType<
      ContextMemory['persist']
    >;
    const { keys, counts } = packed.seen as SeenTransitions;
    const pairs = keys.split('|').map((key, i): [string, number] => [key, counts[i]!]);
    const fromPacked = new ContextMemory(structuredClone(packed), CONFIG);
    const fromPairs = new ContextMemory({ ...structuredClone(packed), seen: pairs }, CONFIG);
    const next = (m: ContextMemory) =>
      Array.from({ length: 100 }, (_, i) => m.novelty((i * 104729) % 90, i % 7));
    expect(next(fromPairs)).toEqual(next(fromPacked));
    expect(fromPairs.persist()).toEqual(fromPacked.persist());
  });
});
