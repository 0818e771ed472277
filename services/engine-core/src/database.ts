import { ActionExecution } from '@codex/actions';
import { messagingEntities, messagingMigrations } from '@codex/messaging';

import { AwsAccount } from './accounts/aws-account.entity';
import { DiscoveryRun } from './discovery/discovery-run.entity';
import { KnownResource } from './discovery/known-resource.entity';
import { migrations } from './migrations';

/** engine-core's tables (and the outbox and inbox), and every migration that builds them. */
export const database = {
  entities: [AwsAccount, DiscoveryRun, KnownResource, ActionExecution, ...messagingEntities],
  migrations: [...migrations, ...messagingMigrations],
};
