import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = [
  'cost_sources',
  'cost_ingestions',
  'cost_line_items',
  'cost_daily_services',
  'cost_daily_resources',
  'cost_daily_tags',
  'cost_budgets',
  'cost_budget_alerts',
];

const VISIBLE = `"tenant_id" = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system'`;

/** Cost in FOCUS (ADR 22): sources, ingestions, line items, daily rollups, budgets; all tenant-scoped (ADR 12). */
export class CostLedger1795800000000 implements MigrationInterface {
  name = 'CostLedger1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cost_budgets" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "scope_kind" character varying(16) NOT NULL, "scope_value" character varying(512) NOT NULL, "monthly_amount" numeric NOT NULL, "currency" character(3) NOT NULL, "metric" character varying(16) NOT NULL, "thresholds" integer array NOT NULL, "created_by" character varying(256) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_cost_budgets" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cost_budgets_tenant" ON "cost_budgets" ("tenant_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "cost_budget_alerts" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "budget_id" uuid NOT NULL, "month" character varying(7) NOT NULL, "threshold" integer NOT NULL, "basis" character varying(16) NOT NULL, "spent" numeric NOT NULL, "amount" numeric NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_cost_budget_alerts" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cost_budget_alerts_tenant" ON "cost_budget_alerts" ("tenant_id", "raised_at")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_cost_budget_alerts_once" ON "cost_budget_alerts" ("budget_id", "month", "threshold", "basis")`,
    );
    await queryRunner.query(
      `CREATE TABLE "cost_ingestions" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "source_id" uuid NOT NULL, "run_id" uuid NOT NULL, "billing_period" character varying(7) NOT NULL, "version" character varying(256) NOT NULL, "status" character varying(16) NOT NULL, "line_count" integer NOT NULL DEFAULT '0', "totals" jsonb NOT NULL DEFAULT '{}', "error" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_cost_ingestions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cost_ingestions_source" ON "cost_ingestions" ("tenant_id", "source_id", "started_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "cost_sources" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "account_id" uuid NOT NULL, "provider" character varying(16) NOT NULL, "kind" character varying(32) NOT NULL, "settings" jsonb NOT NULL, "created_by" character varying(256) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_run_id" uuid, "last_run_status" character varying(16), "last_run_error" text, "last_run_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_cost_sources" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_cost_sources_account_kind" ON "cost_sources" ("tenant_id", "account_id", "kind")`,
    );
    await queryRunner.query(
      `CREATE TABLE "cost_line_items" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "tenant_id" character varying(64) NOT NULL, "source_id" uuid NOT NULL, "account_id" uuid NOT NULL, "provider" character varying(16) NOT NULL, "billing_period_start" TIMESTAMP WITH TIME ZONE NOT NULL, "billing_period_end" TIMESTAMP WITH TIME ZONE NOT NULL, "charge_period_start" TIMESTAMP WITH TIME ZONE NOT NULL, "charge_period_end" TIMESTAMP WITH TIME ZONE NOT NULL, "billing_account_id" character varying(128) NOT NULL, "billing_account_name" character varying(200), "sub_account_id" character varying(128), "sub_account_name" character varying(200), "invoice_id" character varying(128), "invoice_issuer_name" character varying(128) NOT NULL, "publisher_name" character varying(128) NOT NULL, "charge_category" character varying(16) NOT NULL, "charge_class" character varying(16), "charge_frequency" character varying(16) NOT NULL, "charge_description" text, "pricing_category" character varying(16), "billed_cost" numeric NOT NULL, "effective_cost" numeric NOT NULL, "list_cost" numeric NOT NULL, "contracted_cost" numeric NOT NULL, "billing_currency" character(3) NOT NULL, "consumed_quantity" numeric, "consumed_unit" character varying(64), "pricing_quantity" numeric, "pricing_unit" character varying(64), "list_unit_price" numeric, "contracted_unit_price" numeric, "region_id" character varying(64), "region_name" character varying(128), "availability_zone" character varying(64), "resource_id" character varying(1024), "resource_name" character varying(512), "resource_type" character varying(128), "resource_urn" character varying(512), "service_category" character varying(64) NOT NULL, "service_name" character varying(128) NOT NULL, "sku_id" character varying(256), "sku_price_id" character varying(256), "commitment_discount_id" character varying(1024), "commitment_discount_type" character varying(64), "commitment_discount_category" character varying(16), "commitment_discount_status" character varying(16), "commitment_discount_name" character varying(256), "tags" jsonb NOT NULL, "usage_type" character varying(256), CONSTRAINT "pk_cost_line_items" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cost_line_items_period" ON "cost_line_items" ("tenant_id", "source_id", "billing_period_start")`,
    );
    await queryRunner.query(
      `CREATE TABLE "cost_daily_services" ("tenant_id" character varying(64) NOT NULL, "source_id" uuid NOT NULL, "billing_period_start" TIMESTAMP WITH TIME ZONE NOT NULL, "day" date NOT NULL, "provider" character varying(16) NOT NULL, "sub_account_id" character varying(128) NOT NULL, "billing_currency" character(3) NOT NULL, "billed_cost" numeric NOT NULL, "effective_cost" numeric NOT NULL, "list_cost" numeric NOT NULL, "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "sub_account_name" character varying(200) NOT NULL, "service_name" character varying(128) NOT NULL, "service_category" character varying(64) NOT NULL, "region_id" character varying(64) NOT NULL, "charge_category" character varying(16) NOT NULL, "line_count" integer NOT NULL, CONSTRAINT "pk_cost_daily_services" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cost_daily_services_period" ON "cost_daily_services" ("tenant_id", "source_id", "billing_period_start")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cost_daily_services_day" ON "cost_daily_services" ("tenant_id", "day")`,
    );
    await queryRunner.query(
      `CREATE TABLE "cost_daily_resources" ("tenant_id" character varying(64) NOT NULL, "source_id" uuid NOT NULL, "billing_period_start" TIMESTAMP WITH TIME ZONE NOT NULL, "day" date NOT NULL, "provider" character varying(16) NOT NULL, "sub_account_id" character varying(128) NOT NULL, "billing_currency" character(3) NOT NULL, "billed_cost" numeric NOT NULL, "effective_cost" numeric NOT NULL, "list_cost" numeric NOT NULL, "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "resource_id" character varying(1024) NOT NULL, "resource_urn" character varying(512), "service_name" character varying(128) NOT NULL, "region_id" character varying(64) NOT NULL, CONSTRAINT "pk_cost_daily_resources" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cost_daily_resources_period" ON "cost_daily_resources" ("tenant_id", "source_id", "billing_period_start")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cost_daily_resources_urn" ON "cost_daily_resources" ("tenant_id", "resource_urn", "day")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cost_daily_resources_day" ON "cost_daily_resources" ("tenant_id", "day")`,
    );
    await queryRunner.query(
      `CREATE TABLE "cost_daily_tags" ("tenant_id" character varying(64) NOT NULL, "source_id" uuid NOT NULL, "billing_period_start" TIMESTAMP WITH TIME ZONE NOT NULL, "day" date NOT NULL, "provider" character varying(16) NOT NULL, "sub_account_id" character varying(128) NOT NULL, "billing_currency" character(3) NOT NULL, "billed_cost" numeric NOT NULL, "effective_cost" numeric NOT NULL, "list_cost" numeric NOT NULL, "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "tag_key" character varying(256) NOT NULL, "tag_value" character varying(512) NOT NULL, CONSTRAINT "pk_cost_daily_tags" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cost_daily_tags_period" ON "cost_daily_tags" ("tenant_id", "source_id", "billing_period_start")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cost_daily_tags_key" ON "cost_daily_tags" ("tenant_id", "tag_key", "day")`,
    );
    for (const table of TENANT_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(
        `CREATE POLICY "tenant_isolation" ON "${table}" USING (${VISIBLE}) WITH CHECK (${VISIBLE})`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_cost_daily_tags_key"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cost_daily_tags_period"`);
    await queryRunner.query(`DROP TABLE "cost_daily_tags"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cost_daily_resources_day"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cost_daily_resources_urn"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cost_daily_resources_period"`);
    await queryRunner.query(`DROP TABLE "cost_daily_resources"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cost_daily_services_day"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cost_daily_services_period"`);
    await queryRunner.query(`DROP TABLE "cost_daily_services"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cost_line_items_period"`);
    await queryRunner.query(`DROP TABLE "cost_line_items"`);
    await queryRunner.query(`DROP INDEX "public"."ux_cost_sources_account_kind"`);
    await queryRunner.query(`DROP TABLE "cost_sources"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cost_ingestions_source"`);
    await queryRunner.query(`DROP TABLE "cost_ingestions"`);
    await queryRunner.query(`DROP INDEX "public"."ux_cost_budget_alerts_once"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cost_budget_alerts_tenant"`);
    await queryRunner.query(`DROP TABLE "cost_budget_alerts"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cost_budgets_tenant"`);
    await queryRunner.query(`DROP TABLE "cost_budgets"`);
  }
}
