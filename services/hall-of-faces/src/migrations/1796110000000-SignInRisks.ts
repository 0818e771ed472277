import type { MigrationInterface, QueryRunner } from 'typeorm';

const VISIBLE = `"tenant_id" = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system'`;

/** Each account's sign-in risk as the oracle last announced it (ADR 24); tenant-scoped (ADR 12). */
export class SignInRisks1796110000000 implements MigrationInterface {
  name = 'SignInRisks1796110000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "identity_sign_in_risks" ("tenant_id" character varying(64) NOT NULL, "identity_urn" character varying(512) NOT NULL, "provider" character varying(16) NOT NULL, "account_id" character varying(255) NOT NULL, "points" double precision NOT NULL, "points_at" TIMESTAMP WITH TIME ZONE NOT NULL, "kinds" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_identity_sign_in_risks" PRIMARY KEY ("tenant_id", "identity_urn"))`,
    );
    await queryRunner.query(`ALTER TABLE "identity_sign_in_risks" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "identity_sign_in_risks" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `CREATE POLICY "tenant_isolation" ON "identity_sign_in_risks" USING (${VISIBLE}) WITH CHECK (${VISIBLE})`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "identity_sign_in_risks"`);
  }
}
