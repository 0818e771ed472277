import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An event committed with the state change that caused it, waiting for the relay to send it. */
@Entity({ name: 'outbox_messages' })
export class OutboxMessage {
  @PrimaryGeneratedColumn('increment', {
    type: 'bigint',
    primaryKeyConstraintName: 'pk_outbox_messages',
  })
  seq!: string;

  @Index('uq_outbox_messages_event_id', { unique: true })
  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  /** The Codex topic, without the install's prefix. */
  @Column('varchar', { length: 128 })
  topic!: string;

  @Column('varchar', { name: 'message_key', length: 512 })
  messageKey!: string;

  @Column('jsonb')
  headers!: Record<string, string>;

  @Column('bytea')
  payload!: Buffer;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
