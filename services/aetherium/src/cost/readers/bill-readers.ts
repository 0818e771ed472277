import type { AwsClientPool, AzureClientPool, StorageAccountKeys } from '@codex/connectors';

import { CostExplorerReader } from './aws/cost-explorer-reader';
import { CurExportReader } from './aws/cur-export-reader';
import { CostQueryReader } from './azure/cost-query-reader';
import { FocusExportReader } from './azure/focus-export-reader';
import type { BillReader } from './bill-reader';
import { BillingExportReader } from './gcp/billing-export-reader';

/** One reader per source kind, over the shared client pools. */
export function billReaders(clients: {
  aws: AwsClientPool;
  azure: AzureClientPool;
  azureStorage: StorageAccountKeys;
}): BillReader[] {
  return [
    new CurExportReader(clients.aws),
    new CostExplorerReader(clients.aws),
    new BillingExportReader(),
    new CostQueryReader(clients.azure),
    new FocusExportReader(clients.azure, clients.azureStorage),
  ];
}
