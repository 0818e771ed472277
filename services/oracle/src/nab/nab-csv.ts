import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** NAB timestamps (`2014-04-01 00:05:00`, labels add `.000000`) as UTC milliseconds. */
export function parseNabTimestamp(text: string): number {
  const ms = Date.parse(`${text.trim().slice(0, 19).replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) throw new Error(`not a NAB timestamp: ${text}`);
  return ms;
}

/** One CSV cell, which must be there. */
export function cell(row: readonly string[], index: number): string {
  const value = row[index];
  if (value === undefined) throw new Error(`row ${row.join(',')} has no column ${index}`);
  return value;
}

/** A CSV with a header line, as rows of named columns (NAB files quote nothing). */
export function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.length > 0);
  const [head, ...rest] = lines;
  if (head === undefined) throw new Error(`${path} is empty`);
  return { header: head.split(','), rows: rest.map((line) => line.split(',')) };
}

export function columnIndex(header: readonly string[], name: string, path: string): number {
  const index = header.indexOf(name);
  if (index === -1) throw new Error(`${path} has no ${name} column`);
  return index;
}

/** Every `<category>/<name>.csv` under a directory, sorted. */
export function listSeries(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((category) =>
      readdirSync(join(dir, category.name))
        .filter((file) => file.endsWith('.csv'))
        .map((file) => `${category.name}/${file}`),
    )
    .sort();
}
