import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { SyncCursor } from './ports';

/** Where the next incremental sync of a connection starts reading. */
@Entity({ name: 'directory_sync_state' })
export class SyncState {
  @PrimaryColumn('uuid', {
    name: 'connection_id',
    primaryKeyConstraintName: 'pk_directory_sync_state',
  })
  connectionId!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('jsonb')
  cursor!: SyncCursor;

  @Column('timestamptz', { name: 'synced_at' })
  syncedAt!: Date;
}
