import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const ACTION_STATUSES = [
  'draft',
  'pending_approval',
  'rejected',
  'dispatched',
  'succeeded',
  'failed',
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** One entry of the action ledger: what was asked, by whom, who approved it, and how it ended. */
@Entity({ name: 'actions' })
@Index('ux_actions_tenant_idempotency_key', ['tenantId', 'idempotencyKey'], { unique: true })
@Index('ix_actions_tenant_requested', ['tenantId', 'requestedAt', 'id'])
export class Action {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_actions' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('varchar', { name: 'idempotency_key', length: 128 })
  idempotencyKey!: string;

  @Column('varchar', { name: 'target_urn', length: 512 })
  targetUrn!: string;

  /** An action name of the target's resource type in the catalogue, e.g. `stop`. */
  @Column('varchar', { length: 64 })
  type!: string;

  /** Who executes it, from the catalogue when it was requested; only its completion counts. */
  @Column('varchar', { length: 64 })
  executor!: string;

  @Column('jsonb')
  params!: Record<string, unknown>;

  @Column('varchar', { length: 500 })
  reason!: string;

  /** What the action will change, as computed when it was requested. */
  @Column('jsonb')
  plan!: Record<string, unknown>;

  @Column('varchar', { length: 24 })
  status!: ActionStatus;

  @Column('boolean', { name: 'requires_approval' })
  requiresApproval!: boolean;

  @Column('varchar', { name: 'requested_by', length: 320 })
  requestedBy!: string;

  /**
   * The person behind the request: the requester, or whoever created the API
   * key or machine client that made it. Four eyes means another person decides.
   */
  @Column('varchar', { name: 'requested_by_person', length: 320 })
  requestedByPerson!: string;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt!: Date;

  @Column('varchar', { name: 'decided_by', length: 320, nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('timestamptz', { name: 'dispatched_at', nullable: true })
  dispatchedAt!: Date | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  /** How many completions the executors reported; exactly one for a healthy action. */
  @Column('integer', { default: 0 })
  executions!: number;

  @Column('text', { name: 'outcome_message', nullable: true })
  outcomeMessage!: string | null;

  @Column('jsonb', { nullable: true })
  result!: Record<string, unknown> | null;
}
