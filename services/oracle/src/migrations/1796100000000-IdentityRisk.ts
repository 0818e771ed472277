import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['identity_risk_signals', 'identity_risks', 'identity_risk_states'];

const VISIBLE = `"tenant_id" = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system'`;

/** Sign-in risk: signals, the risk per account and the detectors' state; tenant-scoped (ADR 12, ADR 24). */
export class IdentityRisk1796100000000 implements MigrationInterface {
  name = 'IdentityRisk1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "identity_risk_signals" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "kind" character varying(32) NOT NULL, "identity_urn" character varying(512) NOT NULL, "subject_urn" character varying(512) NOT NULL, "dedupe_key" character varying(600) NOT NULL, "login_ids" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "details" jsonb NOT NULL, "risk" integer, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_identity_risk_signals" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_identity_risk_signals_dedupe" ON "identity_risk_signals" ("tenant_id", "dedupe_key")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_identity_risk_signals_time" ON "identity_risk_signals" ("tenant_id", "occurred_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_identity_risk_signals_identity" ON "identity_risk_signals" ("tenant_id", "identity_urn", "occurred_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "identity_risks" ("tenant_id" character varying(64) NOT NULL, "identity_urn" character varying(512) NOT NULL, "points" double precision NOT NULL, "points_at" TIMESTAMP WITH TIME ZONE NOT NULL, "signals" integer NOT NULL, "kinds" jsonb NOT NULL, "last_signal_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_identity_risks" PRIMARY KEY ("tenant_id", "identity_urn"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "identity_risk_states" ("tenant_id" character varying(64) NOT NULL, "key" character varying(700) NOT NULL, "state" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_identity_risk_states" PRIMARY KEY ("tenant_id", "key"))`,
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
    await queryRunner.query(`DROP TABLE "identity_risk_states"`);
    await queryRunner.query(`DROP TABLE "identity_risks"`);
    await queryRunner.query(`DROP INDEX "public"."ix_identity_risk_signals_identity"`);
    await queryRunner.query(`DROP INDEX "public"."ix_identity_risk_signals_time"`);
    await queryRunner.query(`DROP INDEX "public"."ux_identity_risk_signals_dedupe"`);
    await queryRunner.query(`DROP TABLE "identity_risk_signals"`);
  }
}
