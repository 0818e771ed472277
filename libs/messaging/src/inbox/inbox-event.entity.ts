import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type InboxStatus = 'processed' | 'dead_lettered';

/** An event this service has already handled (or dead-lettered); a redelivery of it is skipped. */
@Entity({ name: 'inbox_events' })
@Index('ix_inbox_events_received_at', ['receivedAt'])
export class InboxEvent {
  @PrimaryColumn('uuid', { name: 'event_id', primaryKeyConstraintName: 'pk_inbox_events' })
  eventId!: string;

  @Column('varchar', { length: 128 })
  topic!: string;

  @Column('varchar', { length: 16 })
  status!: InboxStatus;

  @Column('timestamptz', { name: 'received_at', default: () => 'now()' })
  receivedAt!: Date;
}
