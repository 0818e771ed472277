import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

import { parse } from 'csv-parse';

import { BillFormatError } from './bill-reader';

export type Row = Record<string, unknown>;

const PARQUET_BATCH = 20_000;
const CSV_BATCH = 5_000;

// hyparquet is published as ECMAScript modules only; a CommonJS build loads it with import().
const parquet = () =>
  Promise.all([import('hyparquet'), import('hyparquet-compressors')]).then(
    ([reader, { compressors }]) => ({ ...reader, compressors }),
  );

/** Rows of a Parquet file, a row group's slice at a time; a broken file names itself. */
export async function* parquetRows(location: string, file: Buffer): AsyncGenerator<Row[]> {
  const { parquetMetadata, parquetReadObjects, compressors } = await parquet();
  const buffer = file.buffer.slice(
    file.byteOffset,
    file.byteOffset + file.byteLength,
  ) as ArrayBuffer;
  let rowCount: number;
  try {
    rowCount = Number(parquetMetadata(buffer).num_rows);
  } catch (error) {
    throw new BillFormatError(
      location,
      `not a readable Parquet file (${(error as Error).message})`,
    );
  }
  for (let start = 0; start < rowCount; start += PARQUET_BATCH) {
    try {
      yield (await parquetReadObjects({
        file: buffer,
        rowStart: start,
        rowEnd: Math.min(rowCount, start + PARQUET_BATCH),
        compressors,
      })) as Row[];
    } catch (error) {
      throw new BillFormatError(
        location,
        `rows ${start}+ do not decode (${(error as Error).message})`,
      );
    }
  }
}

/** Rows of a CSV file (gzipped when `gzip`), keyed by its header; a broken file names itself. */
export async function* csvRows(
  location: string,
  body: Readable,
  gzip: boolean,
): AsyncGenerator<Row[]> {
  const parser = parse({ columns: true, bom: true, relax_column_count: false });
  const source = gzip ? body.pipe(createGunzip()) : body;
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let batch: Row[] = [];
  try {
    for await (const record of parser) {
      batch.push(record as Row);
      if (batch.length === CSV_BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    throw new BillFormatError(
      location,
      `not a readable ${gzip ? 'gzipped ' : ''}CSV file (${(error as Error).message})`,
    );
  }
  if (batch.length > 0) yield batch;
}

export function bufferStream(buffer: Buffer): Readable {
  return Readable.from([buffer]);
}
