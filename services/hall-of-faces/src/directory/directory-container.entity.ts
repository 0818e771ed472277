import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ContainerKind = 'role' | 'group';

/** A role or group of one connected identity provider. */
@Entity({ name: 'directory_containers' })
export class DirectoryContainer {
  @PrimaryColumn('uuid', {
    name: 'connection_id',
    primaryKeyConstraintName: 'pk_directory_containers',
  })
  connectionId!: string;

  @PrimaryColumn('varchar', { length: 8, primaryKeyConstraintName: 'pk_directory_containers' })
  kind!: ContainerKind;

  @PrimaryColumn('varchar', {
    name: 'external_id',
    length: 255,
    primaryKeyConstraintName: 'pk_directory_containers',
  })
  externalId!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('varchar', { length: 256 })
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('boolean')
  privileged!: boolean;
}
