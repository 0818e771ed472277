import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One `cost.ingested` line (a day of one account, service, region and resource); a restatement replaces it by line id. */
@Entity({ name: 'cost_lines' })
@Index('ix_cost_lines_day', ['tenantId', 'day'])
@Index('ix_cost_lines_resource', ['tenantId', 'resourceUrn', 'day'])
export class CostLine {
  @PrimaryColumn('varchar', {
    name: 'tenant_id',
    length: 64,
    primaryKeyConstraintName: 'pk_cost_lines',
  })
  tenantId!: string;

  @PrimaryColumn('varchar', {
    name: 'line_id',
    length: 128,
    primaryKeyConstraintName: 'pk_cost_lines',
  })
  lineId!: string;

  @Column('date')
  day!: string;

  @Column('varchar', { length: 16 })
  provider!: string;

  @Column('varchar', { name: 'account_id', length: 128 })
  accountId!: string;

  @Column('varchar', { length: 128 })
  service!: string;

  @Column('varchar', { length: 64 })
  region!: string;

  @Column('varchar', { name: 'resource_id', length: 1024 })
  resourceId!: string;

  @Column('varchar', { name: 'resource_urn', length: 512 })
  resourceUrn!: string;

  @Column('jsonb')
  tags!: Record<string, string>;

  @Column('numeric')
  cost!: string;

  @Column('numeric', { name: 'amortized_cost' })
  amortizedCost!: string;

  @Column('char', { length: 3 })
  currency!: string;
}
