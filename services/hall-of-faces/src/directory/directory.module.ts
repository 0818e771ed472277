import { ActionExecutor, ExecutorMetrics } from '@codex/actions';
import {
  ACCOUNT_ACCESS_SOURCE,
  type AccountAccessSource,
  AccountBreakers,
  Auth0ClientPool,
  GraphClientPool,
  SealedAccountAccessSource,
} from '@codex/connectors';
import { keyWrapperFor } from '@codex/credentials';
import { Outbox } from '@codex/messaging';
import { MetricsRegistry } from '@codex/platform';
import {
  type DynamicModule,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { DirectoryConfig } from '../config';
import { Auth0DirectoryReader, Auth0DirectoryWriter } from '../providers/auth0';
import { EntraDirectoryReader, EntraDirectoryWriter } from '../providers/entra';
import { DirectoryController } from './api/directory.controller';
import { DirectoryFindings } from './api/directory-findings';
import { DirectoryQueries } from './api/directory-queries';
import { LinkAccounts } from './api/link-accounts';
import { ConnectIdp } from './connections/connect-idp';
import { ConnectionsController, SYNC_WAKER } from './connections/connections.controller';
import { IdpConnectionVerifier } from './connections/idp-connection-verifier';
import { IdpConnections } from './connections/idp-connections';
import { DirectoryPublisher } from './directory-publisher';
import { DirectoryStore } from './directory-store';
import { GovernanceActionsController } from './governance/governance-actions.controller';
import { type DirectoryWriters, IdentityActionHandler } from './governance/identity-action-handler';
import { type DirectoryReaders, RunSync } from './sync/run-sync';
import { SyncRunStore } from './sync/sync-run-store';
import { SyncRunner } from './sync/sync-runner';

const DIRECTORY_CONFIG = Symbol('DIRECTORY_CONFIG');
const READERS = Symbol('DIRECTORY_READERS');
const WRITERS = Symbol('DIRECTORY_WRITERS');

/** Starts the sync runner with the application and stops it, and the provider clients, at shutdown. */
@Injectable()
class DirectoryLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly runner: SyncRunner,
    private readonly auth0: Auth0ClientPool,
    private readonly graph: GraphClientPool,
    private readonly breakers: AccountBreakers,
  ) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    this.auth0.destroy();
    this.graph.destroy();
    this.breakers.shutdown();
  }
}

/**
 * Identity governance over Auth0 and Entra ID: connections, the synced directory, findings
 * and the governance actions hall-of-faces executes from `action.requested`.
 */
@Module({})
export class DirectoryModule {
  static forRoot(config: DirectoryConfig): DynamicModule {
    return {
      module: DirectoryModule,
      controllers: [ConnectionsController, DirectoryController, GovernanceActionsController],
      providers: [
        { provide: DIRECTORY_CONFIG, useValue: config },
        { provide: AccountBreakers, useFactory: () => new AccountBreakers() },
        {
          provide: Auth0ClientPool,
          inject: [AccountBreakers],
          useFactory: (breakers: AccountBreakers) => new Auth0ClientPool(breakers),
        },
        {
          provide: GraphClientPool,
          inject: [AccountBreakers],
          useFactory: (breakers: AccountBreakers) => new GraphClientPool(breakers),
        },
        {
          provide: ACCOUNT_ACCESS_SOURCE,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new SealedAccountAccessSource(
              dataSource,
              keyWrapperFor(config.credentials),
              config.endpoints,
            ),
        },
        {
          provide: READERS,
          inject: [Auth0ClientPool, GraphClientPool],
          useFactory: (auth0: Auth0ClientPool, graph: GraphClientPool): DirectoryReaders => ({
            auth0: new Auth0DirectoryReader(auth0),
            entra: new EntraDirectoryReader(graph),
          }),
        },
        {
          provide: WRITERS,
          inject: [Auth0ClientPool, GraphClientPool],
          useFactory: (auth0: Auth0ClientPool, graph: GraphClientPool): DirectoryWriters => ({
            auth0: new Auth0DirectoryWriter(auth0),
            entra: new EntraDirectoryWriter(graph),
          }),
        },
        { provide: DirectoryStore, useFactory: () => new DirectoryStore() },
        {
          provide: DirectoryPublisher,
          inject: [Outbox],
          useFactory: (outbox: Outbox) => new DirectoryPublisher(outbox),
        },
        {
          provide: SyncRunStore,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new SyncRunStore(dataSource),
        },
        {
          provide: RunSync,
          inject: [
            DataSource,
            SyncRunStore,
            ACCOUNT_ACCESS_SOURCE,
            READERS,
            DirectoryStore,
            DirectoryPublisher,
          ],
          useFactory: (
            dataSource: DataSource,
            runs: SyncRunStore,
            accounts: AccountAccessSource,
            readers: DirectoryReaders,
            store: DirectoryStore,
            publisher: DirectoryPublisher,
          ) => new RunSync(dataSource, runs, accounts, readers, store, publisher),
        },
        {
          provide: SyncRunner,
          inject: [SyncRunStore, RunSync],
          useFactory: (runs: SyncRunStore, execution: RunSync) =>
            new SyncRunner(runs, execution, {
              pollIntervalMs: 1_000,
              concurrency: 2,
              staleAfterMs: config.staleAfterMs,
              scheduleIntervalMs: config.syncIntervalMs,
            }),
        },
        { provide: SYNC_WAKER, useExisting: SyncRunner },
        {
          provide: ConnectIdp,
          inject: [DataSource, Auth0ClientPool, GraphClientPool, SyncRunStore],
          useFactory: (
            dataSource: DataSource,
            auth0: Auth0ClientPool,
            graph: GraphClientPool,
            runs: SyncRunStore,
          ) =>
            new ConnectIdp(
              dataSource,
              new IdpConnectionVerifier(auth0, graph),
              keyWrapperFor(config.credentials),
              config.endpoints,
              runs,
            ),
        },
        {
          provide: IdpConnections,
          inject: [DataSource, SyncRunStore, DirectoryStore, DirectoryPublisher],
          useFactory: (
            dataSource: DataSource,
            runs: SyncRunStore,
            store: DirectoryStore,
            publisher: DirectoryPublisher,
          ) => new IdpConnections(dataSource, runs, store, publisher),
        },
        {
          provide: DirectoryQueries,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new DirectoryQueries(dataSource),
        },
        {
          provide: DirectoryFindings,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new DirectoryFindings(dataSource),
        },
        {
          provide: LinkAccounts,
          inject: [DataSource, DirectoryPublisher],
          useFactory: (dataSource: DataSource, publisher: DirectoryPublisher) =>
            new LinkAccounts(dataSource, publisher),
        },
        {
          provide: ActionExecutor,
          inject: [
            DataSource,
            Outbox,
            MetricsRegistry,
            ACCOUNT_ACCESS_SOURCE,
            WRITERS,
            DirectoryStore,
            DirectoryPublisher,
          ],
          useFactory: (
            dataSource: DataSource,
            outbox: Outbox,
            metrics: MetricsRegistry,
            accounts: AccountAccessSource,
            writers: DirectoryWriters,
            store: DirectoryStore,
            publisher: DirectoryPublisher,
          ) =>
            new ActionExecutor({
              name: 'hall-of-faces',
              dataSource,
              outbox,
              handler: new IdentityActionHandler(dataSource, accounts, writers, store, publisher),
              metrics: new ExecutorMetrics(metrics.registry),
            }),
        },
        DirectoryLifecycle,
      ],
    };
  }
}
