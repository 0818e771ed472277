import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Azure subscriptions join AWS accounts: the service principal's directory and application
 * (and a certificate's thumbprint) live in provider_settings, and credential_kind gains
 * client-secret and client-certificate (18 characters: the column widens to 32).
 */
export class AzureAccounts1795440000000 implements MigrationInterface {
  name = 'AzureAccounts1795440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD "provider_settings" jsonb NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ALTER COLUMN "credential_kind" TYPE character varying(32)`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" DROP CONSTRAINT "ck_cloud_accounts_credential_kind"`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD CONSTRAINT "ck_cloud_accounts_credential_kind" CHECK ("credential_kind" IN ('access-keys', 'assume-role', 'client-secret', 'client-certificate'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Fails, as it must, while an Azure account is stored.
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" DROP CONSTRAINT "ck_cloud_accounts_credential_kind"`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD CONSTRAINT "ck_cloud_accounts_credential_kind" CHECK ("credential_kind" IN ('access-keys', 'assume-role'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ALTER COLUMN "credential_kind" TYPE character varying(16)`,
    );
    await queryRunner.query(`ALTER TABLE "cloud_accounts" DROP COLUMN "provider_settings"`);
  }
}
