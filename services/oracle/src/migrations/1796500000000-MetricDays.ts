import type { MigrationInterface, QueryRunner } from 'typeorm';

const VISIBLE = `"tenant_id" = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system'`;

/** Metric samples kept as one row a series and UTC day holding arrays, not one row a sample; tenant-scoped (ADR 12). */
export class MetricDays1796500000000 implements MigrationInterface {
  name = 'MetricDays1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "metric_days" ("tenant_id" character varying(64) NOT NULL, "resource_urn" character varying(512) NOT NULL, "metric" character varying(64) NOT NULL, "day" date NOT NULL, "offsets_ms" integer array NOT NULL, "samples" double precision array NOT NULL, CONSTRAINT "pk_metric_days" PRIMARY KEY ("tenant_id", "resource_urn", "metric", "day"))`,
    );
    await queryRunner.query(`ALTER TABLE "metric_days" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "metric_days" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `CREATE POLICY "tenant_isolation" ON "metric_days" USING (${VISIBLE}) WITH CHECK (${VISIBLE})`,
    );
    await queryRunner.query(
      `INSERT INTO "metric_days" ("tenant_id", "resource_urn", "metric", "day", "offsets_ms", "samples")
       SELECT "tenant_id", "resource_urn", "metric", ("at" AT TIME ZONE 'UTC')::date,
              array_agg((extract(epoch FROM "at" - date_trunc('day', "at", 'UTC')) * 1000)::integer ORDER BY "at"),
              array_agg("value" ORDER BY "at")
         FROM "metric_samples"
        GROUP BY "tenant_id", "resource_urn", "metric", ("at" AT TIME ZONE 'UTC')::date`,
    );
    await queryRunner.query(`DROP TABLE "metric_samples"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "metric_samples" ("tenant_id" character varying(64) NOT NULL, "resource_urn" character varying(512) NOT NULL, "metric" character varying(64) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "value" double precision NOT NULL, CONSTRAINT "pk_metric_samples" PRIMARY KEY ("tenant_id", "resource_urn", "metric", "at"))`,
    );
    await queryRunner.query(`ALTER TABLE "metric_samples" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "metric_samples" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `CREATE POLICY "tenant_isolation" ON "metric_samples" USING (${VISIBLE}) WITH CHECK (${VISIBLE})`,
    );
    await queryRunner.query(
      `INSERT INTO "metric_samples" ("tenant_id", "resource_urn", "metric", "at", "value")
       SELECT d."tenant_id", d."resource_urn", d."metric",
              d."day"::timestamp AT TIME ZONE 'UTC' + s."offset_ms" * interval '1 millisecond', s."value"
         FROM "metric_days" d, unnest(d."offsets_ms", d."samples") AS s("offset_ms", "value")`,
    );
    await queryRunner.query(`DROP TABLE "metric_days"`);
  }
}
