import { CostManagementClient } from '@azure/arm-costmanagement';
import type { ContainerClient } from '@azure/storage-blob';
import {
  type AzureAccountAccess,
  type AzureClientPool,
  parseAzureResourceId,
  type StorageAccountKeys,
} from '@codex/connectors';

import type { CostLine } from '../../focus/cost-line';
import {
  BillFormatError,
  type BillPeriod,
  type BillReader,
  monthBounds,
  type SourceContext,
} from '../bill-reader';
import { csvRows } from '../tabular-files';
import { focusCsvLine } from './focus-csv-line';
import { type FocusExportManifest, parseFocusManifest } from './focus-export-manifest';

/** Resource Manager's audience, whatever endpoint the client calls. */
const ARM_SCOPE = 'https://management.azure.com/.default';

interface Destination {
  exportName: string;
  storageAccount: string;
  resourceGroup: string;
  container: string;
  root: string;
}

interface Run {
  destination: Destination;
  manifestPath: string;
  manifest: FocusExportManifest;
}

/**
 * Cost Management exports of type FocusCost in blob storage (ADR 22): Resource Manager names
 * each export's container and folder; the newest run of a month (its manifest) replaces the
 * earlier ones; each data blob must hold the rows its manifest counts.
 */
export class FocusExportReader implements BillReader {
  readonly kind = 'azure-cost-export' as const;

  constructor(
    private readonly pool: AzureClientPool,
    private readonly storage: StorageAccountKeys,
  ) {}

  async periods(context: SourceContext): Promise<BillPeriod[]> {
    const runs = await this.latestRuns(context);
    return [...runs.entries()]
      .map(([period, run]) => ({
        period,
        ...monthBounds(period),
        version: run.manifest.runInfo.runId,
      }))
      .sort((a, b) => a.period.localeCompare(b.period));
  }

  async *read(context: SourceContext, period: BillPeriod): AsyncGenerator<CostLine[]> {
    const run = (await this.latestRuns(context)).get(period.period);
    if (!run || run.manifest.runInfo.runId !== period.version) {
      throw new BillFormatError(
        `export run ${period.version}`,
        'a newer run replaced it while reading',
      );
    }
    const container = await this.container(context, run.destination);
    for (const blob of run.manifest.blobs) {
      const location = `${run.destination.storageAccount}/${run.destination.container}/${blob.blobName}`;
      const download = await container
        .getBlobClient(blob.blobName)
        .download()
        .catch((error: Error) => {
          throw new BillFormatError(
            location,
            `the manifest names a blob that cannot be read (${error.message})`,
          );
        });
      let count = 0;
      for await (const rows of csvRows(
        location,
        download.readableStreamBody as NodeJS.ReadableStream as never,
        blob.blobName.endsWith('.gz'),
      )) {
        yield rows.map((row, index) => {
          const line = focusCsvLine(row);
          if (typeof line === 'string')
            throw new BillFormatError(location, `row ${count + index + 1}: ${line}`);
          return line;
        });
        count += rows.length;
      }
      if (blob.dataRowCount !== undefined && blob.dataRowCount !== count) {
        throw new BillFormatError(
          location,
          `holds ${count} rows where the manifest counts ${blob.dataRowCount} (truncated?)`,
        );
      }
    }
  }

  /** Per month, the newest run of the subscription's FocusCost exports. */
  private async latestRuns(context: SourceContext): Promise<Map<string, Run>> {
    const runs = new Map<string, Run>();
    for (const destination of await this.destinations(context)) {
      const container = await this.container(context, destination);
      const prefix = `${destination.root}${destination.exportName}/`;
      for await (const blob of container.listBlobsFlat({ prefix })) {
        if (!blob.name.endsWith('/manifest.json')) continue;
        const manifestPath = blob.name;
        const body = await container.getBlobClient(manifestPath).downloadToBuffer();
        const manifest = parseFocusManifest(manifestPath, body.toString('utf8'));
        const period = manifest.runInfo.startDate.slice(0, 7);
        const known = runs.get(period);
        if (!known || submitted(manifest) > submitted(known.manifest)) {
          runs.set(period, { destination, manifestPath, manifest });
        }
      }
    }
    return runs;
  }

  private async destinations(context: SourceContext): Promise<Destination[]> {
    const access = context.account.access as AzureAccountAccess;
    const client = this.pool.client(
      'costmanagement',
      access,
      (credential, options) =>
        new CostManagementClient(credential, { ...options, credentialScopes: [ARM_SCOPE] }),
    );
    const only = context.source.settings.exportName;
    const listed = await client.exports.list(`subscriptions/${access.accountId}`);
    const destinations: Destination[] = [];
    for (const item of listed.value ?? []) {
      const type = item.definition?.type;
      const target = item.deliveryInfo?.destination;
      if (type !== 'FocusCost' || !target || !item.name || (only && item.name !== only)) continue;
      const account = parseAzureResourceId(target.resourceId ?? '');
      if (!account || !target.container) continue;
      const root = (target.rootFolderPath ?? '').replace(/^\/+|\/+$/g, '');
      destinations.push({
        exportName: item.name,
        storageAccount: account.name,
        resourceGroup: account.resourceGroup,
        container: target.container,
        root: root ? `${root}/` : '',
      });
    }
    return destinations;
  }

  private async container(
    context: SourceContext,
    destination: Destination,
  ): Promise<ContainerClient> {
    const access = context.account.access as AzureAccountAccess;
    const account = await this.storage.blobAccount(
      access,
      destination.resourceGroup,
      destination.storageAccount,
    );
    return account.service.getContainerClient(destination.container);
  }
}

function submitted(manifest: FocusExportManifest): string {
  return manifest.runInfo.submittedTime ?? '';
}
