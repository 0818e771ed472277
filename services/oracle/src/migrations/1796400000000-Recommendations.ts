import type { MigrationInterface, QueryRunner } from 'typeorm';

const VISIBLE = `"tenant_id" = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system'`;

/** The oracle's recommendations and their life from open to measured; tenant-scoped (ADR 12). */
export class Recommendations1796400000000 implements MigrationInterface {
  name = 'Recommendations1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "recommendations" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "kind" character varying(32) NOT NULL, "resource_urn" character varying(512) NOT NULL, "subject_key" character varying(1200) NOT NULL, "status" character varying(16) NOT NULL, "title" character varying(1300) NOT NULL, "monthly_saving" numeric NOT NULL, "currency" character(3) NOT NULL, "risk_level" character varying(8) NOT NULL, "risk_reason" character varying(500) NOT NULL, "effort" character varying(8) NOT NULL, "evidence" jsonb NOT NULL, "action" jsonb, "draft_action_id" uuid, "applied_by" character varying(256), "applied_at" TIMESTAMP WITH TIME ZONE, "executed_at" TIMESTAMP WITH TIME ZONE, "realised" jsonb, "measured_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_recommendations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_recommendations_open" ON "recommendations" ("tenant_id", "resource_urn", "subject_key") WHERE "status" = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_recommendations_saving" ON "recommendations" ("tenant_id", "monthly_saving", "id") `,
    );
    await queryRunner.query(`ALTER TABLE "recommendations" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "recommendations" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `CREATE POLICY "tenant_isolation" ON "recommendations" USING (${VISIBLE}) WITH CHECK (${VISIBLE})`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_recommendations_saving"`);
    await queryRunner.query(`DROP INDEX "public"."ux_recommendations_open"`);
    await queryRunner.query(`DROP TABLE "recommendations"`);
  }
}
