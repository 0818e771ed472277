import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = [
  'action_outcomes',
  'anomaly_settings',
  'anomalies',
  'cost_analysis_due',
  'cost_lines',
  'cost_forecasts',
  'metric_samples',
  'metric_series',
  'known_resources',
];

const VISIBLE = `"tenant_id" = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system'`;

/** The oracle's streams: resources, metric samples and detector states, cost lines, anomalies, forecasts, action outcomes; all tenant-scoped (ADR 12). */
export class OracleStreams1796077450432 implements MigrationInterface {
  name = 'OracleStreams1796077450432';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "action_outcomes" ("action_id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "target_urn" character varying(512) NOT NULL, "action_type" character varying(64) NOT NULL, "outcome" character varying(16) NOT NULL, "result" jsonb NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_action_outcomes" PRIMARY KEY ("action_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_action_outcomes_target" ON "action_outcomes" ("tenant_id", "target_urn", "completed_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "anomaly_settings" ("tenant_id" character varying(64) NOT NULL, "sensitivity" character varying(16) NOT NULL, "min_daily_impact" numeric NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_anomaly_settings" PRIMARY KEY ("tenant_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "anomalies" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "source" character varying(16) NOT NULL, "series_key" character varying(1024) NOT NULL, "subject_urn" character varying(1024) NOT NULL, "direction" character varying(16) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE NOT NULL, "score" double precision NOT NULL, "actual" double precision NOT NULL, "expected" double precision NOT NULL, "impact" numeric, "currency" character(3), "details" jsonb NOT NULL, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_anomalies" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_anomalies_episode" ON "anomalies" ("tenant_id", "series_key", "started_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_anomalies_tenant" ON "anomalies" ("tenant_id", "started_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "cost_analysis_due" ("tenant_id" character varying(64) NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_cost_analysis_due" PRIMARY KEY ("tenant_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "cost_lines" ("tenant_id" character varying(64) NOT NULL, "line_id" character varying(128) NOT NULL, "day" date NOT NULL, "provider" character varying(16) NOT NULL, "account_id" character varying(128) NOT NULL, "service" character varying(128) NOT NULL, "region" character varying(64) NOT NULL, "resource_id" character varying(1024) NOT NULL, "resource_urn" character varying(512) NOT NULL, "tags" jsonb NOT NULL, "cost" numeric NOT NULL, "amortized_cost" numeric NOT NULL, "currency" character(3) NOT NULL, CONSTRAINT "pk_cost_lines" PRIMARY KEY ("tenant_id", "line_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cost_lines_resource" ON "cost_lines" ("tenant_id", "resource_urn", "day")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cost_lines_day" ON "cost_lines" ("tenant_id", "day")`,
    );
    await queryRunner.query(
      `CREATE TABLE "cost_forecasts" ("tenant_id" character varying(64) NOT NULL, "scope_kind" character varying(16) NOT NULL, "scope_value" character varying(512) NOT NULL, "currency" character(3) NOT NULL, "last_actual_day" date NOT NULL, "points" jsonb NOT NULL, "method" jsonb NOT NULL, "generated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_cost_forecasts" PRIMARY KEY ("tenant_id", "scope_kind", "scope_value", "currency"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "metric_samples" ("tenant_id" character varying(64) NOT NULL, "resource_urn" character varying(512) NOT NULL, "metric" character varying(64) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "value" double precision NOT NULL, CONSTRAINT "pk_metric_samples" PRIMARY KEY ("tenant_id", "resource_urn", "metric", "at"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "metric_series" ("tenant_id" character varying(64) NOT NULL, "resource_urn" character varying(512) NOT NULL, "metric" character varying(64) NOT NULL, "last_at" TIMESTAMP WITH TIME ZONE NOT NULL, "points" integer NOT NULL, "state" jsonb NOT NULL, "open_anomaly_id" uuid, CONSTRAINT "pk_metric_series" PRIMARY KEY ("tenant_id", "resource_urn", "metric"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "known_resources" ("tenant_id" character varying(64) NOT NULL, "urn" character varying(512) NOT NULL, "provider" character varying(16) NOT NULL, "account_id" character varying(128) NOT NULL, "region" character varying(64) NOT NULL, "resource_type" character varying(128) NOT NULL, "name" character varying(512) NOT NULL, "state" character varying(64) NOT NULL, "tags" jsonb NOT NULL, "attributes" jsonb NOT NULL, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_known_resources" PRIMARY KEY ("tenant_id", "urn"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_known_resources_account" ON "known_resources" ("tenant_id", "account_id")`,
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
    await queryRunner.query(`DROP INDEX "public"."ix_known_resources_account"`);
    await queryRunner.query(`DROP TABLE "known_resources"`);
    await queryRunner.query(`DROP TABLE "metric_series"`);
    await queryRunner.query(`DROP TABLE "metric_samples"`);
    await queryRunner.query(`DROP TABLE "cost_forecasts"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cost_lines_day"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cost_lines_resource"`);
    await queryRunner.query(`DROP TABLE "cost_lines"`);
    await queryRunner.query(`DROP TABLE "cost_analysis_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_anomalies_tenant"`);
    await queryRunner.query(`DROP INDEX "public"."ux_anomalies_episode"`);
    await queryRunner.query(`DROP TABLE "anomalies"`);
    await queryRunner.query(`DROP TABLE "anomaly_settings"`);
    await queryRunner.query(`DROP INDEX "public"."ix_action_outcomes_target"`);
    await queryRunner.query(`DROP TABLE "action_outcomes"`);
  }
}
