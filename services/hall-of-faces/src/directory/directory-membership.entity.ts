import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { ContainerKind } from './directory-container.entity';

/** An account holding a role or belonging to a group, in one connected identity provider. */
@Entity({ name: 'directory_memberships' })
@Index('ix_directory_memberships_account', ['connectionId', 'accountId'])
export class DirectoryMembership {
  @PrimaryColumn('uuid', {
    name: 'connection_id',
    primaryKeyConstraintName: 'pk_directory_memberships',
  })
  connectionId!: string;

  @PrimaryColumn('varchar', { length: 8, primaryKeyConstraintName: 'pk_directory_memberships' })
  kind!: ContainerKind;

  @PrimaryColumn('varchar', {
    name: 'container_id',
    length: 255,
    primaryKeyConstraintName: 'pk_directory_memberships',
  })
  containerId!: string;

  @PrimaryColumn('varchar', {
    name: 'account_id',
    length: 255,
    primaryKeyConstraintName: 'pk_directory_memberships',
  })
  accountId!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;
}
