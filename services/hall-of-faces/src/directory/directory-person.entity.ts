import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One person behind accounts in the connected identity providers, known by a verified e-mail. */
@Entity({ name: 'directory_people' })
@Index('uq_directory_people_email', ['tenantId', 'email'], { unique: true })
export class DirectoryPerson {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_directory_people' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  /** Lower-cased. */
  @Column('varchar', { length: 320 })
  email!: string;

  @Column('varchar', { name: 'display_name', length: 256 })
  displayName!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
