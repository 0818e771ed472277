import { groupByPrefix } from './group-by-prefix';

const keys = (...names: string[]) => names.map((key) => ({ key }));

describe('grouping objects by prefix', () => {
  const objects = keys('logs/2024/a.gz', 'logs/2025/b.gz', 'logs/c.gz', 'img/x.png', 'top.txt');

  it('groups by the first folder', () => {
    expect(groupByPrefix(objects, 1)).toEqual([
      { prefix: '', objects: keys('top.txt') },
      { prefix: 'img/', objects: keys('img/x.png') },
      { prefix: 'logs/', objects: keys('logs/2024/a.gz', 'logs/2025/b.gz', 'logs/c.gz') },
    ]);
  });

  it('groups by two folders, keeping shallower keys in the folders they have', () => {
    expect(groupByPrefix(objects, 2).map(({ prefix, objects: o }) => [prefix, o.length])).toEqual([
      ['', 1],
      ['img/', 1],
      ['logs/', 1],
      ['logs/2024/', 1],
      ['logs/2025/', 1],
    ]);
  });

  it('puts everything in one group at depth 0 and refuses a negative depth', () => {
    expect(groupByPrefix(objects, 0)).toEqual([{ prefix: '', objects }]);
    expect(() => groupByPrefix(objects, -1)).toThrow(RangeError);
  });
});
