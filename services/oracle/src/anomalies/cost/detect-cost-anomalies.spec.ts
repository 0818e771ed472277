import { dailyCost, type DailyCostLine } from './daily-cost-series';
import { detectCostAnomalies } from './detect-cost-anomalies';

const SETTINGS = { z: 4.5, minDailyImpact: 0.5 };
const START = Date.parse('2026-09-01T00:00:00Z');

interface Resource {
  id: string;
  tags: Record<string, string>;
  daily: number;
}

/** 90 days of a small EC2 estate: weekdays full price, weekends 60 %, ±2 % noise; `change` alters one resource's day. */
function estate(
  resources: Resource[],
  change: (resource: Resource, day: number) => number = () => 1,
): DailyCostLine[] {
  let seed = 7;
  const noise = () => {
    seed = (seed * 16807) % 2147483647;
    return 1 + ((seed / 2147483647) * 2 - 1) * 0.02;
  };
  const lines: DailyCostLine[] = [];
  for (let day = 0; day < 90; day += 1) {
    const date = new Date(START + day * 86_400_000);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    for (const resource of resources) {
      const cost = resource.daily * (weekend ? 0.6 : 1) * noise() * change(resource, day);
      if (cost === 0) continue;
      lines.push({
        day: date.toISOString().slice(0, 10),
        provider: 'aws',
        accountId: '123456789012',
        service: 'Amazon Elastic Compute Cloud',
        resourceId: resource.id,
        resourceUrn: `codex:aws:123456789012:us-east-1:ec2/instance/${resource.id}`,
        tags: resource.tags,
        cost,
        currency: 'USD',
      });
    }
  }
  return lines;
}

const RESOURCES: Resource[] = [
  ...Array.from({ length: 12 }, (_, n) => ({ id: `i-web${n}`, tags: { team: 'web' }, daily: 4 })),
  ...Array.from({ length: 3 }, (_, n) => ({
    id: `i-plat${n}`,
    tags: { team: 'platform' },
    daily: 1,
  })),
];

describe('cost anomalies', () => {
  it('finds nothing in steady, seasonal cost', () => {
    expect(detectCostAnomalies(dailyCost(estate(RESOURCES)), SETTINGS)).toEqual([]);
  });

  it('names the resource behind a spike, with its extra cost', () => {
    const episodes = detectCostAnomalies(
      dailyCost(
        estate(RESOURCES, (r, day) => (r.id === 'i-web3' && day >= 40 && day <= 42 ? 4 : 1)),
      ),
      SETTINGS,
    );
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({
      direction: 'increase',
      startDay: '2026-10-11',
      endDay: '2026-10-13',
      rootCause: {
        dimension: 'resource',
        value: 'i-web3',
        urn: 'codex:aws:123456789012:us-east-1:ec2/instance/i-web3',
      },
    });
    // Three days at 4× of a 4/day weekday resource (one a weekend day at 60 %): about 3 × 3 × 4 × (2 + 0.6) / 3.
    expect(episodes[0]!.impact).toBeGreaterThan(25);
    expect(episodes[0]!.impact).toBeLessThan(37);
  });

  it('names the tag when a team grows together, though no one resource explains it', () => {
    const episodes = detectCostAnomalies(
      dailyCost(
        estate(RESOURCES, (r, day) =>
          r.tags['team'] === 'platform' && day >= 60 && day <= 66 ? 1.6 : 1,
        ),
      ),
      SETTINGS,
    );
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({
      rootCause: { dimension: 'tag', value: 'team=platform' },
      endDay: '2026-11-06',
    });
    // The team grew from 2026-10-31, a weekend: its smaller weekend change may pass unnoticed.
    expect(['2026-10-31', '2026-11-01', '2026-11-02']).toContain(episodes[0]!.startDay);
  });

  it("takes a month's own charges on its first day as no surprise, even unlike the month before's, and keeps them out of a neighbouring episode", () => {
    const grown = estate(RESOURCES, (r, day) =>
      r.tags['team'] === 'platform' && day >= 62 && day <= 68 ? 1.8 : 1,
    );
    const charge = (day: string, cost: number) => ({
      ...grown[0]!,
      resourceId: '',
      resourceUrn: '',
      tags: {},
      day,
      cost,
    });
    const episodes = detectCostAnomalies(
      dailyCost([...grown, charge('2026-10-01', 25), charge('2026-11-01', 40)]),
      SETTINGS,
    );
    expect(episodes.map((episode) => [episode.startDay, episode.rootCause.value])).toEqual([
      ['2026-11-02', 'team=platform'],
    ]);
  });

  it('finds a drop, and a new resource as a level shift', () => {
    const drop = detectCostAnomalies(
      dailyCost(
        estate(RESOURCES, (r, day) => (r.id === 'i-web5' && day >= 70 && day <= 74 ? 0.04 : 1)),
      ),
      SETTINGS,
    );
    expect(drop).toMatchObject([{ direction: 'decrease', rootCause: { value: 'i-web5' } }]);
    expect(drop[0]!.impact).toBeLessThan(0);

    const added = detectCostAnomalies(
      dailyCost(
        estate([...RESOURCES, { id: 'i-new', tags: { team: 'web' }, daily: 6 }], (r, day) =>
          r.id === 'i-new' && day < 50 ? 0 : 1,
        ),
      ),
      SETTINGS,
    );
    expect(added).toMatchObject([
      { direction: 'increase', startDay: '2026-10-21', rootCause: { value: 'i-new' } },
    ]);
  });

  it('takes a monthly charge on the 1st as no surprise, and ignores changes under the smallest impact', () => {
    const fee = estate(RESOURCES).concat(
      ['2026-09-01', '2026-10-01', '2026-11-01'].map((day) => ({
        day,
        provider: 'aws',
        accountId: '123456789012',
        service: 'Amazon Elastic Compute Cloud',
        resourceId: '',
        resourceUrn: '',
        tags: {},
        cost: 90,
        currency: 'USD',
      })),
    );
    expect(detectCostAnomalies(dailyCost(fee), SETTINGS)).toEqual([]);

    const small = estate(RESOURCES, (r, day) =>
      r.id === 'i-plat0' && day >= 40 && day <= 42 ? 1.4 : 1,
    );
    expect(detectCostAnomalies(dailyCost(small), SETTINGS)).toEqual([]);
  });

  it('scores a day only against the days before it', () => {
    const lines = estate(RESOURCES, (r, day) => (r.id === 'i-web3' && day === 40 ? 4 : 1));
    const upTo = (last: string) => lines.filter((line) => line.day <= last);
    const before = detectCostAnomalies(dailyCost(upTo('2026-10-11')), SETTINGS);
    const after = detectCostAnomalies(dailyCost(lines), SETTINGS);
    expect(before.map((e) => e.startDay)).toEqual(after.map((e) => e.startDay));
  });
});
