import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The audit trail of an action: every transition, who caused it, when. Append-only. */
@Entity({ name: 'action_events' })
@Index('ix_action_events_action', ['actionId', 'occurredAt'])
export class ActionEvent {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_action_events' })
  id!: string;

  @Column('uuid', { name: 'action_id' })
  actionId!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  /** requested, approved, rejected, dispatched, succeeded, failed, completion_ignored. */
  @Column('varchar', { length: 24 })
  event!: string;

  @Column('varchar', { length: 320 })
  actor!: string;

  @Column('jsonb')
  details!: Record<string, unknown>;

  @Column('timestamptz', { name: 'occurred_at', default: () => 'now()' })
  occurredAt!: Date;
}
