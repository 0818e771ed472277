import { cpuSeries } from './cpu-series';
import {
  currentCursor,
  firstPage,
  hasPrevious,
  nextPage,
  pageNumber,
  previousPage,
} from './keyset';
import { actionInProgress, discoveryInProgress, LIVE_INTERVAL_MS, pollWhile } from './live';
import { canDecide, grants } from './roles';
import { formatTagFilter, parseTagFilter } from './tag-filter';

describe('keyset paging trail', () => {
  it('next then previous returns to the cursor before', () => {
    let trail = firstPage();
    expect(hasPrevious(trail)).toBe(false);
    trail = nextPage(trail, 'c2');
    trail = nextPage(trail, 'c3');
    expect([currentCursor(trail), pageNumber(trail)]).toEqual(['c3', 3]);
    trail = previousPage(previousPage(trail));
    expect([currentCursor(trail), hasPrevious(trail)]).toEqual([undefined, false]);
    expect(previousPage(trail)).toBe(trail);
  });
});

describe('live updates', () => {
  it('a list polls only while one of its items is in progress', () => {
    const runs = [{ status: 'succeeded' }, { status: 'running' }];
    expect(pollWhile(runs, (run) => discoveryInProgress(run.status))).toBe(LIVE_INTERVAL_MS);
    expect(pollWhile([{ status: 'failed' }], (run) => discoveryInProgress(run.status))).toBe(false);
    expect(pollWhile(undefined, () => true)).toBe(false);
    expect(['pending_approval', 'dispatched', 'succeeded'].map(actionInProgress)).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('roles', () => {
  it('roles grant as the API decides: admin everything, any role views, else the role itself', () => {
    expect(grants(['viewer'], 'viewer')).toBe(true);
    expect(grants(['viewer'], 'operator')).toBe(false);
    expect(grants(['operator'], 'approver')).toBe(false);
    expect(grants(['admin'], 'approver')).toBe(true);
    expect(grants(['platform_operator'], 'viewer')).toBe(false);
  });

  it('an approver never decides on their own request', () => {
    const me = { subject: 'u-1', email: 'ann@acme.test' };
    expect(
      canDecide(['approver'], me, { requestedBy: 'u-2', requestedByPerson: 'bob@acme.test' }),
    ).toBe(true);
    expect(canDecide(['approver'], me, { requestedBy: 'u-1' })).toBe(false);
    expect(
      canDecide(['admin'], me, { requestedBy: 'key', requestedByPerson: 'ann@acme.test' }),
    ).toBe(false);
    expect(canDecide(['operator'], me, { requestedBy: 'u-2' })).toBe(false);
  });
});

describe('cpu series', () => {
  it('a series in the attributes is read in time order; none gives an empty chart', () => {
    expect(
      cpuSeries({
        cpuUtilization: [
          { at: '2026-01-01T00:05:00Z', value: 20 },
          { timestamp: Date.parse('2026-01-01T00:00:00Z'), average: 10 },
          { at: 'bad', value: 1 },
        ],
      }),
    ).toEqual([
      { at: Date.parse('2026-01-01T00:00:00Z'), percent: 10 },
      { at: Date.parse('2026-01-01T00:05:00Z'), percent: 20 },
    ]);
    expect(cpuSeries({ instanceType: 't3.micro' })).toEqual([]);
  });
});

describe('tag filter', () => {
  it('key=value pairs become the API key:value filters, and read back the same', () => {
    const tags = parseTagFilter(' env=production, team = web ,owner, ');
    expect(tags).toEqual(['env:production', 'team:web', 'owner']);
    expect(formatTagFilter(tags)).toBe('env=production, team=web, owner');
  });

  it('a value may itself hold = and at most ten tags are sent', () => {
    expect(parseTagFilter('query=a=b')).toEqual(['query:a=b']);
    expect(parseTagFilter(Array.from({ length: 12 }, (_, i) => `k${i}`).join(','))).toHaveLength(
      10,
    );
  });
});
