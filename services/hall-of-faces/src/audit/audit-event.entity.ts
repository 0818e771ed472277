import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A security event: who did what, when, from where. Append-only. */
@Entity({ name: 'audit_events' })
@Index('ix_audit_events_tenant_time', ['tenantId', 'occurredAt'])
export class AuditEvent {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_audit_events' })
  id!: string;

  /** Empty when the tenant could not be established (e.g. an unknown tenant at sign-in). */
  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  /** e.g. sign_in.succeeded, sign_in.failed, signing_key.rotated. */
  @Column('varchar', { length: 64 })
  action!: string;

  /** Who acted: a user id, or what they claimed to be when it failed. */
  @Column('varchar', { length: 320 })
  actor!: string;

  @Column('varchar', { name: 'source_ip', length: 64 })
  sourceIp!: string;

  @Column('jsonb')
  details!: Record<string, unknown>;

  @Column('timestamptz', { name: 'occurred_at', default: () => 'now()' })
  occurredAt!: Date;
}
