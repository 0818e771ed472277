import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * aws_accounts becomes the shared projection of libs/connectors, connected_accounts: every
 * row an AWS account, its role ARN moved into the provider settings. Renaming keeps the
 * table's row-level security, its tenant_isolation policy and its grants. The rows are
 * rewritten in the system scope, since the owner too is held to the policy (ADR 12).
 */
export class ConnectedAccounts1795500100000 implements MigrationInterface {
  name = 'ConnectedAccounts1795500100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "aws_accounts" RENAME TO "connected_accounts"`);
    await queryRunner.query(
      `ALTER TABLE "connected_accounts" RENAME CONSTRAINT "pk_aws_accounts" TO "pk_connected_accounts"`,
    );
    await queryRunner.query(
      `ALTER INDEX "ix_aws_accounts_tenant" RENAME TO "ix_connected_accounts_tenant"`,
    );
    await queryRunner.query(
      `ALTER TABLE "connected_accounts" ADD "provider" character varying(16) NOT NULL DEFAULT 'aws'`,
    );
    await queryRunner.query(
      `ALTER TABLE "connected_accounts" ALTER COLUMN "provider" DROP DEFAULT`,
    );
    await queryRunner.query(
      `ALTER TABLE "connected_accounts" ALTER COLUMN "external_account_id" TYPE character varying(255)`,
    );
    await queryRunner.query(
      `ALTER TABLE "connected_accounts" RENAME COLUMN "kind" TO "credential_kind"`,
    );
    await queryRunner.query(
      `ALTER TABLE "connected_accounts" ALTER COLUMN "credential_kind" TYPE character varying(32)`,
    );
    await queryRunner.query(
      `ALTER TABLE "connected_accounts" ADD "settings" jsonb NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`SELECT set_config('codex.scope', 'system', true)`);
    await queryRunner.query(
      `UPDATE "connected_accounts" SET "settings" = jsonb_build_object('roleArn', "role_arn") WHERE "role_arn" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "connected_accounts" ALTER COLUMN "settings" DROP DEFAULT`,
    );
    await queryRunner.query(`ALTER TABLE "connected_accounts" DROP COLUMN "role_arn"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "connected_accounts" ADD "role_arn" character varying(2048)`,
    );
    await queryRunner.query(`SELECT set_config('codex.scope', 'system', true)`);
    await queryRunner.query(`DELETE FROM "connected_accounts" WHERE "provider" <> 'aws'`);
    await queryRunner.query(
      `UPDATE "connected_accounts" SET "role_arn" = "settings" ->> 'roleArn'`,
    );
    await queryRunner.query(`ALTER TABLE "connected_accounts" DROP COLUMN "settings"`);
    await queryRunner.query(
      `ALTER TABLE "connected_accounts" ALTER COLUMN "credential_kind" TYPE character varying(16)`,
    );
    await queryRunner.query(
      `ALTER TABLE "connected_accounts" RENAME COLUMN "credential_kind" TO "kind"`,
    );
    await queryRunner.query(
      `ALTER TABLE "connected_accounts" ALTER COLUMN "external_account_id" TYPE character varying(64)`,
    );
    await queryRunner.query(`ALTER TABLE "connected_accounts" DROP COLUMN "provider"`);
    await queryRunner.query(
      `ALTER INDEX "ix_connected_accounts_tenant" RENAME TO "ix_aws_accounts_tenant"`,
    );
    await queryRunner.query(
      `ALTER TABLE "connected_accounts" RENAME CONSTRAINT "pk_connected_accounts" TO "pk_aws_accounts"`,
    );
    await queryRunner.query(`ALTER TABLE "connected_accounts" RENAME TO "aws_accounts"`);
  }
}
