import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseSeriesCsv, parseTimestamp } from './csv-series';
import { main } from './forecast-csv';

describe('forecast-csv', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'forecast-csv-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads NAB and ISO timestamps as UTC', () => {
    expect(parseTimestamp('2014-02-14 14:30:00')).toBe(Date.UTC(2014, 1, 14, 14, 30));
    expect(parseTimestamp('2014-02-14T14:30:00Z')).toBe(Date.UTC(2014, 1, 14, 14, 30));
    expect(parseTimestamp('2014-02-14')).toBe(Date.UTC(2014, 1, 14));
    expect(() => parseSeriesCsv('time,amount\n2014-02-14,1\n')).toThrow(/timestamp and value/);
  });

  it('writes a row per step with the forecast and nested intervals', () => {
    const rows = Array.from({ length: 60 }, (_, i) => {
      const t = new Date(Date.UTC(2014, 1, 1) + i * 3_600_000).toISOString();
      return `${t.slice(0, 10)} ${t.slice(11, 19)},${20 + 5 * Math.sin((2 * Math.PI * i) / 24) + (i % 3)}`;
    });
    writeFileSync(join(dir, 'in.csv'), ['timestamp,value', ...rows].join('\n'));
    main([join(dir, 'in.csv'), join(dir, 'out.csv'), '12']);

    const [header, ...lines] = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
    expect(header).toBe('timestamp,forecast,lo80,hi80,lo95,hi95');
    expect(lines).toHaveLength(12);
    expect(lines[0]!.split(',')[0]).toBe('2014-02-03T12:00:00.000Z');
    expect(lines[11]!.split(',')[0]).toBe('2014-02-03T23:00:00.000Z');
    for (const line of lines) {
      const [, mean, lo80, hi80, lo95, hi95] = line.split(',').map(Number);
      expect(lo95!).toBeLessThanOrEqual(lo80!);
      expect(lo80!).toBeLessThanOrEqual(mean!);
      expect(mean!).toBeLessThanOrEqual(hi80!);
      expect(hi80!).toBeLessThanOrEqual(hi95!);
      expect(mean!).toBeGreaterThan(10);
      expect(mean!).toBeLessThan(30);
    }
  });

  it('refuses a horizon that is not a whole number of steps', () => {
    writeFileSync(join(dir, 'in.csv'), 'timestamp,value\n2014-02-01,1\n2014-02-02,2\n');
    expect(() => main([join(dir, 'in.csv'), join(dir, 'out.csv'), 'soon'])).toThrow(/horizon/);
  });
});
