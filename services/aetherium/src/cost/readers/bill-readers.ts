import type { AwsClientPool, AzureClientPool } from '@codex/connectors';

import { CurExportReader } from './aws/cur-export-reader';
import type { BillReader } from './bill-reader';

/** One reader per source kind, over the shared client pools. */
export function billReaders(pools: { aws: AwsClientPool; azure: AzureClientPool }): BillReader[] {
  return [new CurExportReader(pools.aws)];
}
