import { type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

import { parse } from 'csv-parse';

import { BillFormatError } from './bill-reader';

export type Row = Record<string, unknown>;

const PARQUET_BATCH = 4_000;
const CSV_BATCH = 5_000;

// hyparquet is published as ECMAScript modules only; a CommonJS build loads it with import().
const parquet = () =>
  Promise.all([import('hyparquet'), import('hyparquet-compressors')]).then(
    ([reader, { compressors }]) => ({ ...reader, compressors }),
  );

/**
 * Rows of a Parquet file, a row group at a time: each group is decoded column by column (far
 * cheaper than row by row) and then put together as rows. A broken file names itself.
 */
export async function* parquetRows(location: string, file: Buffer): AsyncGenerator<Row[]> {
  const { parquetMetadata, parquetRead, parquetSchema, compressors } = await parquet();
  const buffer = file.buffer.slice(
    file.byteOffset,
    file.byteOffset + file.byteLength,
  ) as ArrayBuffer;
  const metadata = (() => {
    try {
      return parquetMetadata(buffer);
    } catch (error) {
      throw new BillFormatError(
        location,
        `not a readable Parquet file (${(error as Error).message})`,
      );
    }
  })();
  const columnNames = parquetSchema(metadata).children.map((child) => child.element.name);
  let start = 0;
  for (const group of metadata.row_groups) {
    const count = Number(group.num_rows);
    const columns = new Map<string, unknown[]>();
    // One column at a time, the event loop served in between: a whole row group decoded in one
    // go would hold it long enough for the service's other requests to time out.
    for (const name of columnNames) {
      try {
        await parquetRead({
          file: buffer,
          metadata,
          columns: [name],
          rowStart: start,
          rowEnd: start + count,
          compressors,
          onChunk: (chunk) => {
            // A column may arrive in several chunks (pages); each says which rows it holds.
            let values = columns.get(chunk.columnName);
            if (!values) columns.set(chunk.columnName, (values = new Array<unknown>(count)));
            const offset = chunk.rowStart - start;
            for (let index = 0; index < chunk.columnData.length; index++) {
              values[offset + index] = chunk.columnData[index];
            }
          },
        });
      } catch (error) {
        throw new BillFormatError(
          location,
          `rows ${start + 1}+ do not decode (${(error as Error).message})`,
        );
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const names = [...columns.keys()];
    const data = names.map((name) => columns.get(name) ?? []);
    for (let first = 0; first < count; first += PARQUET_BATCH) {
      const rows: Row[] = [];
      for (let index = first; index < Math.min(count, first + PARQUET_BATCH); index++) {
        const row: Row = {};
        for (let column = 0; column < names.length; column++)
          row[names[column]!] = data[column]![index];
        rows.push(row);
      }
      yield rows;
    }
    start += count;
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
