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

  /**
   * The latest sign-in published as login.observed: a full re-read publishes only sign-ins
   * from then on, so subscribers do not get the whole log again.
   */
  @Column('timestamptz', { name: 'sign_ins_until', nullable: true })
  signInsUntil!: Date | null;
}
