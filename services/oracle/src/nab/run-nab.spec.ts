import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runNab } from './run-nab';

describe('the NAB runner', () => {
  it('writes one scored row per input row, in order, under the same category and name', () => {
    const data = mkdtempSync(join(tmpdir(), 'nab-data-'));
    const out = mkdtempSync(join(tmpdir(), 'nab-out-'));
    mkdirSync(join(data, 'someCategory'));
    const rows = Array.from({ length: 500 }, (_, i) => {
      const minutes = String(i % 60).padStart(2, '0');
      const hours = String(Math.floor(i / 60) % 24).padStart(2, '0');
      const day = String(1 + Math.floor(i / 1440)).padStart(2, '0');
      return `2014-04-${day} ${hours}:${minutes}:00,${(10 + Math.sin(i / 9)).toFixed(3)}`;
    });
    writeFileSync(
      join(data, 'someCategory', 'series.csv'),
      `timestamp,value\n${rows.join('\n')}\n`,
    );

    const scored = runNab(data, out);

    expect(scored).toEqual(['someCategory/series.csv']);
    const lines = readFileSync(join(out, 'someCategory', 'series.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score');
    expect(lines).toHaveLength(rows.length + 1);
    lines.slice(1).forEach((line, i) => {
      const [timestamp, value, score] = line.split(',');
      expect(`${timestamp},${value}`).toBe(rows[i]);
      expect(Number(score)).toBeGreaterThanOrEqual(0);
      expect(Number(score)).toBeLessThanOrEqual(1);
    });
  });
});
