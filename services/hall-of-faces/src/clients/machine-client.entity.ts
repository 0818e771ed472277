import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A machine that gets tokens with the client-credentials grant. Only a hash of its secret is kept. */
@Entity({ name: 'machine_clients' })
@Index('ix_machine_clients_tenant_created', ['tenantId', 'createdAt', 'clientId'])
export class MachineClient {
  @PrimaryColumn('varchar', {
    name: 'client_id',
    length: 64,
    primaryKeyConstraintName: 'pk_machine_clients',
  })
  clientId!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('varchar', { length: 100 })
  name!: string;

  @Column('varchar', { name: 'secret_hash', length: 256 })
  secretHash!: string;

  @Column('varchar', { array: true, length: 16 })
  roles!: string[];

  /** The person who created it (older clients: unknown); their own actions it cannot approve. */
  @Column('varchar', { name: 'created_by', length: 320, nullable: true })
  createdBy!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
