import { ActionExecution } from '@codex/actions';
import { ConnectedAccountRecord } from '@codex/connectors';
import { messagingEntities, messagingMigrations } from '@codex/messaging';

import { DiscoveryRun } from './discovery/discovery-run.entity';
import { KnownResource } from './discovery/known-resource.entity';
import { migrations } from './migrations';

/** engine-core's tables (and the outbox and inbox), and every migration that builds them. */
export const database = {
  entities: [
    ConnectedAccountRecord,
    DiscoveryRun,
    KnownResource,
    ActionExecution,
    ...messagingEntities,
  ],
  migrations: [...migrations, ...messagingMigrations],
};
