import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ExecutionStatus = 'executing' | 'succeeded' | 'failed' | 'rejected';

/**
 * One row per idempotency key: claimed before the provider is called, so an
 * action delivered twice runs once, and one interrupted mid-way is never
 * run again blindly.
 */
@Entity({ name: 'action_executions' })
export class ActionExecution {
  @PrimaryColumn('varchar', {
    name: 'tenant_id',
    length: 64,
    primaryKeyConstraintName: 'pk_action_executions',
  })
  tenantId!: string;

  @PrimaryColumn('varchar', {
    name: 'idempotency_key',
    length: 128,
    primaryKeyConstraintName: 'pk_action_executions',
  })
  idempotencyKey!: string;

  @Column('uuid', { name: 'action_id' })
  actionId!: string;

  @Column('varchar', { length: 16 })
  status!: ExecutionStatus;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @Column('text', { nullable: true })
  message!: string | null;

  @Column('jsonb', { nullable: true })
  result!: Record<string, unknown> | null;
}
