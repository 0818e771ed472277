import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

const money = { type: 'numeric' as const };
const optionalNumber = { type: 'numeric' as const, nullable: true };

/**
 * One FOCUS 1.2 charge (ADR 22). A source's billing period is replaced as a whole, so rows
 * are found by (tenant, source, period) and have no identity of their own beyond a sequence.
 */
@Entity({ name: 'cost_line_items' })
@Index('ix_cost_line_items_period', ['tenantId', 'sourceId', 'billingPeriodStart'])
export class CostLineItem {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_cost_line_items',
  })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('uuid', { name: 'source_id' })
  sourceId!: string;

  /** Codex's id of the connected account the source reads with. */
  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('varchar', { length: 16 })
  provider!: string;

  @Column('timestamptz', { name: 'billing_period_start' })
  billingPeriodStart!: Date;

  @Column('timestamptz', { name: 'billing_period_end' })
  billingPeriodEnd!: Date;

  @Column('timestamptz', { name: 'charge_period_start' })
  chargePeriodStart!: Date;

  @Column('timestamptz', { name: 'charge_period_end' })
  chargePeriodEnd!: Date;

  @Column('varchar', { name: 'billing_account_id', length: 128 })
  billingAccountId!: string;

  @Column('varchar', { name: 'billing_account_name', length: 200, nullable: true })
  billingAccountName!: string | null;

  @Column('varchar', { name: 'sub_account_id', length: 128, nullable: true })
  subAccountId!: string | null;

  @Column('varchar', { name: 'sub_account_name', length: 200, nullable: true })
  subAccountName!: string | null;

  @Column('varchar', { name: 'invoice_id', length: 128, nullable: true })
  invoiceId!: string | null;

  @Column('varchar', { name: 'invoice_issuer_name', length: 128 })
  invoiceIssuerName!: string;

  @Column('varchar', { name: 'publisher_name', length: 128 })
  publisherName!: string;

  @Column('varchar', { name: 'charge_category', length: 16 })
  chargeCategory!: string;

  @Column('varchar', { name: 'charge_class', length: 16, nullable: true })
  chargeClass!: string | null;

  @Column('varchar', { name: 'charge_frequency', length: 16 })
  chargeFrequency!: string;

  @Column('text', { name: 'charge_description', nullable: true })
  chargeDescription!: string | null;

  @Column('varchar', { name: 'pricing_category', length: 16, nullable: true })
  pricingCategory!: string | null;

  @Column({ ...money, name: 'billed_cost' })
  billedCost!: string;

  @Column({ ...money, name: 'effective_cost' })
  effectiveCost!: string;

  @Column({ ...money, name: 'list_cost' })
  listCost!: string;

  @Column({ ...money, name: 'contracted_cost' })
  contractedCost!: string;

  @Column('char', { name: 'billing_currency', length: 3 })
  billingCurrency!: string;

  @Column({ ...optionalNumber, name: 'consumed_quantity' })
  consumedQuantity!: string | null;

  @Column('varchar', { name: 'consumed_unit', length: 64, nullable: true })
  consumedUnit!: string | null;

  @Column({ ...optionalNumber, name: 'pricing_quantity' })
  pricingQuantity!: string | null;

  @Column('varchar', { name: 'pricing_unit', length: 64, nullable: true })
  pricingUnit!: string | null;

  @Column({ ...optionalNumber, name: 'list_unit_price' })
  listUnitPrice!: string | null;

  @Column({ ...optionalNumber, name: 'contracted_unit_price' })
  contractedUnitPrice!: string | null;

  @Column('varchar', { name: 'region_id', length: 64, nullable: true })
  regionId!: string | null;

  @Column('varchar', { name: 'region_name', length: 128, nullable: true })
  regionName!: string | null;

  @Column('varchar', { name: 'availability_zone', length: 64, nullable: true })
  availabilityZone!: string | null;

  @Column('varchar', { name: 'resource_id', length: 1024, nullable: true })
  resourceId!: string | null;

  @Column('varchar', { name: 'resource_name', length: 512, nullable: true })
  resourceName!: string | null;

  @Column('varchar', { name: 'resource_type', length: 128, nullable: true })
  resourceType!: string | null;

  /** The inventory URN the resource id would have; null when Codex does not model it. */
  @Column('varchar', { name: 'resource_urn', length: 512, nullable: true })
  resourceUrn!: string | null;

  @Column('varchar', { name: 'service_category', length: 64 })
  serviceCategory!: string;

  @Column('varchar', { name: 'service_name', length: 128 })
  serviceName!: string;

  @Column('varchar', { name: 'sku_id', length: 256, nullable: true })
  skuId!: string | null;

  @Column('varchar', { name: 'sku_price_id', length: 256, nullable: true })
  skuPriceId!: string | null;

  @Column('varchar', { name: 'commitment_discount_id', length: 1024, nullable: true })
  commitmentDiscountId!: string | null;

  @Column('varchar', { name: 'commitment_discount_type', length: 64, nullable: true })
  commitmentDiscountType!: string | null;

  @Column('varchar', { name: 'commitment_discount_category', length: 16, nullable: true })
  commitmentDiscountCategory!: string | null;

  @Column('varchar', { name: 'commitment_discount_status', length: 16, nullable: true })
  commitmentDiscountStatus!: string | null;

  @Column('varchar', { name: 'commitment_discount_name', length: 256, nullable: true })
  commitmentDiscountName!: string | null;

  @Column('jsonb')
  tags!: Record<string, string>;

  /** The provider's usage type or SKU description (x_UsageType in the export). */
  @Column('varchar', { name: 'usage_type', length: 256, nullable: true })
  usageType!: string | null;
}
