import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cloud accounts as the accounts module keeps them (ADR 8). Generated, then edited to
 * rename and retype columns in place instead of dropping them. No code wrote to
 * cloud_accounts before this, so the new NOT NULL columns meet an empty table.
 */
export class CloudAccounts1795348797571 implements MigrationInterface {
  name = 'CloudAccounts1795348797571';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_cloud_accounts_tenant_provider_external"`);
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" RENAME COLUMN "external_id" TO "external_account_id"`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" RENAME COLUMN "credentials_envelope" TO "sealed_secret"`,
    );
    // Tenant ids come from the identity provider's claim and need not be UUIDs.
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ALTER COLUMN "tenant_id" TYPE character varying(64) USING "tenant_id"::text`,
    );
    await queryRunner.query(`ALTER TABLE "cloud_accounts" ADD "regions" text array NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD "credential_kind" character varying(16) NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "cloud_accounts" ADD "role_arn" character varying(2048)`);
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD "access_key_hint" character varying(32)`,
    );
    await queryRunner.query(`ALTER TABLE "cloud_accounts" ADD "kek_id" character varying(64)`);
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD "status" character varying(16) NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD "created_by" character varying(256) NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD "verified_at" TIMESTAMP WITH TIME ZONE NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD "disconnected_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cloud_accounts_tenant_created" ON "cloud_accounts" ("tenant_id", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_cloud_accounts_connected_external" ON "cloud_accounts" ("tenant_id", "provider", "external_account_id") WHERE "disconnected_at" IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD CONSTRAINT "ck_cloud_accounts_lifecycle" CHECK (("status" = 'connected' AND "disconnected_at" IS NULL AND "sealed_secret" IS NOT NULL AND "kek_id" IS NOT NULL) OR ("status" = 'disconnected' AND "disconnected_at" IS NOT NULL AND "sealed_secret" IS NULL AND "kek_id" IS NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD CONSTRAINT "ck_cloud_accounts_credential_kind" CHECK ("credential_kind" IN ('access-keys', 'assume-role'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD CONSTRAINT "ck_cloud_accounts_status" CHECK ("status" IN ('connected', 'disconnected'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" DROP CONSTRAINT "ck_cloud_accounts_status"`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" DROP CONSTRAINT "ck_cloud_accounts_credential_kind"`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" DROP CONSTRAINT "ck_cloud_accounts_lifecycle"`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_cloud_accounts_connected_external"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cloud_accounts_tenant_created"`);
    await queryRunner.query(`ALTER TABLE "cloud_accounts" DROP COLUMN "disconnected_at"`);
    await queryRunner.query(`ALTER TABLE "cloud_accounts" DROP COLUMN "verified_at"`);
    await queryRunner.query(`ALTER TABLE "cloud_accounts" DROP COLUMN "created_by"`);
    await queryRunner.query(`ALTER TABLE "cloud_accounts" DROP COLUMN "status"`);
    await queryRunner.query(`ALTER TABLE "cloud_accounts" DROP COLUMN "kek_id"`);
    await queryRunner.query(`ALTER TABLE "cloud_accounts" DROP COLUMN "access_key_hint"`);
    await queryRunner.query(`ALTER TABLE "cloud_accounts" DROP COLUMN "role_arn"`);
    await queryRunner.query(`ALTER TABLE "cloud_accounts" DROP COLUMN "credential_kind"`);
    await queryRunner.query(`ALTER TABLE "cloud_accounts" DROP COLUMN "regions"`);
    // Fails, as it must, once a tenant id that is not a UUID is stored.
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ALTER COLUMN "tenant_id" TYPE uuid USING "tenant_id"::uuid`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" RENAME COLUMN "sealed_secret" TO "credentials_envelope"`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" RENAME COLUMN "external_account_id" TO "external_id"`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_cloud_accounts_tenant_provider_external" ON "cloud_accounts" ("tenant_id", "provider", "external_id")`,
    );
  }
}
