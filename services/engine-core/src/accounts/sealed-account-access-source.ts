import { SealedAccountAccessSource as SealedAccounts } from '@codex/connectors';
import type { KeyWrapper } from '@codex/credentials';
import type { DataSource } from 'typeorm';

/** Opens the projected accounts' sealed credentials; AWS is called at `awsEndpoint` when one is set. */
export class SealedAccountAccessSource extends SealedAccounts {
  constructor(dataSource: DataSource, keys: KeyWrapper, awsEndpoint: string | undefined) {
    super(dataSource, keys, awsEndpoint ? { aws: awsEndpoint } : {});
  }
}
