import type { GcpAccountAccess } from '@codex/connectors';
import { BigQuery } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';

import type { CostLine } from '../../focus/cost-line';
import {
  BillFormatError,
  type BillPeriod,
  type BillReader,
  monthBounds,
  type SourceContext,
} from '../bill-reader';
import {
  billingExportLines,
  billingExportProblem,
  type BillingExportRow,
} from './billing-export-lines';

const PAGE_ROWS = 10_000;
const BATCH = 5_000;

/** The fields of a service-account key file that sign Google's tokens. */
interface ServiceAccountKey {
  client_email: string;
  private_key: string;
}

/**
 * The standard BigQuery billing export (detailed usage cost), read per invoice month (ADR 22).
 * A month's version is its latest export_time with its row count: GCP appends late rows and
 * corrections to a month, which moves both.
 */
export class BillingExportReader implements BillReader {
  readonly kind = 'gcp-billing-export' as const;

  async periods(context: SourceContext): Promise<BillPeriod[]> {
    const rows = await this.query<{
      month: string;
      last_export: { value: string } | string;
      line_count: number;
    }>(
      context,
      `SELECT invoice.month AS month, MAX(export_time) AS last_export, COUNT(*) AS line_count
         FROM \`${this.table(context)}\` GROUP BY month`,
      {},
    );
    return rows
      .filter((row) => /^\d{6}$/.test(row.month))
      .map((row) => {
        const period = `${row.month.slice(0, 4)}-${row.month.slice(4)}`;
        const last = typeof row.last_export === 'string' ? row.last_export : row.last_export.value;
        return { period, ...monthBounds(period), version: `${last}|${row.line_count}` };
      })
      .sort((a, b) => a.period.localeCompare(b.period));
  }

  async *read(context: SourceContext, period: BillPeriod): AsyncGenerator<CostLine[]> {
    const table = this.table(context);
    const rows = await this.query<BillingExportRow>(
      context,
      `SELECT * FROM \`${table}\` WHERE invoice.month = @month`,
      { month: period.period.replace('-', '') },
    );
    const lines = billingExportLines(rows);
    lines.forEach((line, index) => {
      const problem = billingExportProblem(line);
      if (problem) throw new BillFormatError(`bigquery://${table}`, `row ${index + 1}: ${problem}`);
    });
    for (let start = 0; start < lines.length; start += BATCH)
      yield lines.slice(start, start + BATCH);
  }

  private async query<T>(
    context: SourceContext,
    sql: string,
    params: Record<string, string>,
  ): Promise<T[]> {
    const client = this.client(context);
    const [job] = await client.createQueryJob({ query: sql, params, useLegacySql: false });
    const rows: T[] = [];
    let pageToken: string | undefined;
    do {
      const [page, next] = await job.getQueryResults({
        maxResults: PAGE_ROWS,
        pageToken,
        autoPaginate: false,
      });
      rows.push(...(page as T[]));
      pageToken = (next as { pageToken?: string } | null)?.pageToken;
    } while (pageToken);
    return rows;
  }

  private table(context: SourceContext): string {
    const {
      projectId = context.externalAccountId,
      datasetId = '',
      tableId = '',
    } = context.source.settings;
    return `${projectId}.${datasetId}.${tableId}`;
  }

  private client(context: SourceContext): BigQuery {
    const access = context.account.access as GcpAccountAccess;
    if (access.endpoint) {
      // A local peer, as for Cloud Storage emulators: Google's token service is not asked.
      const authClient = new OAuth2Client();
      authClient.setCredentials({
        access_token: 'local-peer',
        expiry_date: Date.now() + 3_600_000,
      });
      return new BigQuery({
        projectId: access.accountId,
        apiEndpoint: access.endpoint,
        authClient,
      });
    }
    const key = JSON.parse(access.credentials.keyJson) as ServiceAccountKey;
    return new BigQuery({
      projectId: access.accountId,
      credentials: { client_email: key.client_email, private_key: key.private_key },
    });
  }
}
