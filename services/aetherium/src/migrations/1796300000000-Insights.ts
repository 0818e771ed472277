import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['insights', 'cost_forecasts'];

const VISIBLE = `"tenant_id" = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system'`;

/** Insights as received from `insight.generated`, and each cost scope's month forecast; tenant-scoped (ADR 12). */
export class Insights1796300000000 implements MigrationInterface {
  name = 'Insights1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "insights" ("tenant_id" character varying(64) NOT NULL, "id" character varying(128) NOT NULL, "kind" character varying(16) NOT NULL, "severity" character varying(16) NOT NULL, "subject_urn" character varying(512) NOT NULL, "type" character varying(64) NOT NULL, "dedupe_key" character varying(256) NOT NULL, "title" text NOT NULL, "summary" text NOT NULL, "details" jsonb NOT NULL, "produced_by" character varying(256) NOT NULL, "generated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_until" TIMESTAMP WITH TIME ZONE, "status" character varying(16) NOT NULL, "status_reason" text, "status_changed_by" character varying(256), "status_changed_at" TIMESTAMP WITH TIME ZONE, "superseded_by" character varying(128), "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_insights" PRIMARY KEY ("tenant_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_insights_generated" ON "insights" ("tenant_id", "generated_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_insights_subject" ON "insights" ("tenant_id", "subject_urn", "generated_at")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_insights_open_per_subject" ON "insights" ("tenant_id", "kind", "subject_urn", "type", "dedupe_key") WHERE status = 'open'`,
    );
    await queryRunner.query(
      `CREATE TABLE "cost_forecasts" ("tenant_id" character varying(64) NOT NULL, "scope_kind" character varying(16) NOT NULL, "scope_value" character varying(512) NOT NULL, "month" character varying(7) NOT NULL, "metric" character varying(16) NOT NULL, "currency" character(3) NOT NULL, "month_to_date" numeric NOT NULL, "projected" numeric NOT NULL, "projected_lo80" numeric NOT NULL, "projected_hi80" numeric NOT NULL, "points" jsonb NOT NULL, "insight_id" character varying(128) NOT NULL, "generated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_cost_forecasts" PRIMARY KEY ("tenant_id", "scope_kind", "scope_value", "month", "metric"))`,
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
    await queryRunner.query(`DROP TABLE "cost_forecasts"`);
    await queryRunner.query(`DROP INDEX "public"."ux_insights_open_per_subject"`);
    await queryRunner.query(`DROP INDEX "public"."ix_insights_subject"`);
    await queryRunner.query(`DROP INDEX "public"."ix_insights_generated"`);
    await queryRunner.query(`DROP TABLE "insights"`);
  }
}
