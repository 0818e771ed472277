import type { MigrationInterface, QueryRunner } from 'typeorm';

const VISIBLE = `"tenant_id" = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system'`;

/**
 * The connected_accounts table for a service that starts keeping the projection, with
 * row-level security forced as on every tenant table (ADR 12). engine-core, which kept
 * aws_accounts before, reaches the same schema by its own renaming migration instead.
 */
export class CreateConnectedAccounts1795500000000 implements MigrationInterface {
  name = 'CreateConnectedAccounts1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "connected_accounts" ("account_id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "provider" character varying(16) NOT NULL, "external_account_id" character varying(255) NOT NULL, "name" character varying(200) NOT NULL, "regions" text array NOT NULL, "credential_kind" character varying(32) NOT NULL, "settings" jsonb NOT NULL, "sealed_secret" jsonb, "status" character varying(16) NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_connected_accounts" PRIMARY KEY ("account_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_connected_accounts_tenant" ON "connected_accounts" ("tenant_id")`,
    );
    await queryRunner.query(`ALTER TABLE "connected_accounts" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "connected_accounts" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `CREATE POLICY "tenant_isolation" ON "connected_accounts" USING (${VISIBLE}) WITH CHECK (${VISIBLE})`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "connected_accounts"`);
  }
}
