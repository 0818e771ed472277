import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What every daily rollup keeps: where it came from (to be replaced with it) and its sums. */
abstract class DailyCost {
  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('uuid', { name: 'source_id' })
  sourceId!: string;

  @Column('timestamptz', { name: 'billing_period_start' })
  billingPeriodStart!: Date;

  @Column('date')
  day!: string;

  @Column('varchar', { length: 16 })
  provider!: string;

  /** The provider's account (AWS account, Azure subscription, GCP project); '' when none. */
  @Column('varchar', { name: 'sub_account_id', length: 128 })
  subAccountId!: string;

  @Column('char', { name: 'billing_currency', length: 3 })
  billingCurrency!: string;

  @Column('numeric', { name: 'billed_cost' })
  billedCost!: string;

  @Column('numeric', { name: 'effective_cost' })
  effectiveCost!: string;

  @Column('numeric', { name: 'list_cost' })
  listCost!: string;
}

/** Cost per day, account, service, region and charge category: totals, series, movers. */
@Entity({ name: 'cost_daily_services' })
@Index('ix_cost_daily_services_day', ['tenantId', 'day'])
@Index('ix_cost_daily_services_period', ['tenantId', 'sourceId', 'billingPeriodStart'])
export class CostDailyService extends DailyCost {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_cost_daily_services',
  })
  id!: string;

  @Column('varchar', { name: 'sub_account_name', length: 200 })
  subAccountName!: string;

  @Column('varchar', { name: 'service_name', length: 128 })
  serviceName!: string;

  @Column('varchar', { name: 'service_category', length: 64 })
  serviceCategory!: string;

  @Column('varchar', { name: 'region_id', length: 64 })
  regionId!: string;

  @Column('varchar', { name: 'charge_category', length: 16 })
  chargeCategory!: string;

  @Column('integer', { name: 'line_count' })
  lineCount!: number;
}

/** Cost per day and resource id ('' for none): per-resource cost and what is unallocated. */
@Entity({ name: 'cost_daily_resources' })
@Index('ix_cost_daily_resources_day', ['tenantId', 'day'])
@Index('ix_cost_daily_resources_urn', ['tenantId', 'resourceUrn', 'day'])
@Index('ix_cost_daily_resources_period', ['tenantId', 'sourceId', 'billingPeriodStart'])
export class CostDailyResource extends DailyCost {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_cost_daily_resources',
  })
  id!: string;

  @Column('varchar', { name: 'resource_id', length: 1024 })
  resourceId!: string;

  @Column('varchar', { name: 'resource_urn', length: 512, nullable: true })
  resourceUrn!: string | null;

  @Column('varchar', { name: 'service_name', length: 128 })
  serviceName!: string;

  @Column('varchar', { name: 'region_id', length: 64 })
  regionId!: string;
}

/** Cost per day and tag (key, value): grouping by a tag key. */
@Entity({ name: 'cost_daily_tags' })
@Index('ix_cost_daily_tags_key', ['tenantId', 'tagKey', 'day'])
@Index('ix_cost_daily_tags_period', ['tenantId', 'sourceId', 'billingPeriodStart'])
export class CostDailyTag extends DailyCost {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_cost_daily_tags',
  })
  id!: string;

  @Column('varchar', { name: 'tag_key', length: 256 })
  tagKey!: string;

  @Column('varchar', { name: 'tag_value', length: 512 })
  tagValue!: string;
}
