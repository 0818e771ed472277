import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A finished action of the pipeline, as `action.completed` told it: what changed, and when. */
@Entity({ name: 'action_outcomes' })
@Index('ix_action_outcomes_target', ['tenantId', 'targetUrn', 'completedAt'])
export class ActionOutcome {
  @PrimaryColumn('uuid', { name: 'action_id', primaryKeyConstraintName: 'pk_action_outcomes' })
  actionId!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('varchar', { name: 'target_urn', length: 512 })
  targetUrn!: string;

  @Column('varchar', { name: 'action_type', length: 64 })
  actionType!: string;

  @Column('varchar', { length: 16 })
  outcome!: 'succeeded' | 'failed' | 'rejected' | 'unknown';

  @Column('jsonb')
  result!: Record<string, unknown>;

  @Column('timestamptz', { name: 'completed_at' })
  completedAt!: Date;
}
