import type { Readable } from 'node:stream';

import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { AwsAccountAccess, AwsClientPool } from '@codex/connectors';

import type { CostLine } from '../../focus/cost-line';
import {
  BillFormatError,
  type BillPeriod,
  type BillReader,
  monthBounds,
  type SourceContext,
} from '../bill-reader';
import { csvRows, parquetRows, type Row } from '../tabular-files';
import { curLine } from './cur-line';
import { type CurManifest, parseCurManifest, s3Location } from './cur-manifest';

/** Settings of an `aws-data-export` source. */
export interface CurExportSettings {
  bucket: string;
  prefix: string;
  exportName: string;
  region: string;
}

const PERIOD = /\/metadata\/BILLING_PERIOD=(\d{4}-\d{2})\/[^/]*Manifest\.json$/;

/**
 * CUR 2.0 Data Exports in S3 (ADR 22): one manifest per billing period names the data files of
 * the latest execution; a new execution id is a restatement of the whole period.
 */
export class CurExportReader implements BillReader {
  readonly kind = 'aws-data-export' as const;

  constructor(private readonly pool: AwsClientPool) {}

  async periods(context: SourceContext): Promise<BillPeriod[]> {
    const settings = curSettings(context);
    const s3 = this.s3(context, settings);
    const root = [settings.prefix, settings.exportName].filter(Boolean).join('/');
    const manifests: { period: string; key: string }[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: settings.bucket,
          Prefix: `${root}/metadata/`,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        const period = object.Key ? PERIOD.exec(`/${object.Key}`)?.[1] : undefined;
        if (period && object.Key) manifests.push({ period, key: object.Key });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const periods: BillPeriod[] = [];
    for (const { period, key } of manifests.sort((a, b) => a.period.localeCompare(b.period))) {
      const manifest = await this.manifest(s3, settings.bucket, key);
      periods.push({ period, ...monthBounds(period), version: manifest.executionId });
    }
    return periods;
  }

  async *read(context: SourceContext, period: BillPeriod): AsyncGenerator<CostLine[]> {
    const settings = curSettings(context);
    const s3 = this.s3(context, settings);
    const root = [settings.prefix, settings.exportName].filter(Boolean).join('/');
    const key = `${root}/metadata/BILLING_PERIOD=${period.period}/${settings.exportName}-Manifest.json`;
    const manifest = await this.manifest(s3, settings.bucket, key);
    if (manifest.executionId !== period.version) {
      throw new BillFormatError(
        `s3://${settings.bucket}/${key}`,
        `a new execution (${manifest.executionId}) replaced ${period.version} while reading`,
      );
    }
    for (const uri of manifest.dataFiles) {
      let offset = 0;
      for await (const rows of this.rows(s3, uri)) {
        yield lines(uri, rows, offset);
        offset += rows.length;
      }
    }
  }

  private async *rows(s3: S3Client, uri: string): AsyncGenerator<Row[]> {
    const { bucket, key } = s3Location(uri);
    const object = await s3
      .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
      .catch((error: Error) => {
        throw new BillFormatError(
          uri,
          `the manifest names a file that cannot be read (${error.name})`,
        );
      });
    const body = object.Body as Readable;
    if (key.endsWith('.parquet')) {
      yield* parquetRows(
        uri,
        Buffer.from(
          await (
            object.Body as { transformToByteArray(): Promise<Uint8Array> }
          ).transformToByteArray(),
        ),
      );
    } else if (key.endsWith('.csv.gz') || key.endsWith('.csv')) {
      yield* csvRows(uri, body, key.endsWith('.gz'));
    } else {
      throw new BillFormatError(uri, 'a data file is neither Parquet nor CSV');
    }
  }

  private async manifest(s3: S3Client, bucket: string, key: string): Promise<CurManifest> {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return parseCurManifest(
      `s3://${bucket}/${key}`,
      (await object.Body?.transformToString()) ?? '',
    );
  }

  private s3(context: SourceContext, settings: CurExportSettings): S3Client {
    return this.pool.client(S3Client, context.account.access as AwsAccountAccess, settings.region);
  }
}

function curSettings(context: SourceContext): CurExportSettings {
  const {
    bucket = '',
    prefix = '',
    exportName = '',
    region = 'us-east-1',
  } = context.source.settings;
  return { bucket, prefix, exportName, region };
}

function lines(uri: string, rows: Row[], offset: number): CostLine[] {
  return rows.map((row, index) => {
    const line = curLine(row);
    if (typeof line === 'string') {
      throw new BillFormatError(uri, `row ${offset + index + 1}: ${line}`);
    }
    return line;
  });
}
