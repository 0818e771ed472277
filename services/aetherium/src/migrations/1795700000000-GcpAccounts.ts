import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GCP projects join AWS accounts and Azure subscriptions: reached with a service-account key,
 * whose client e-mail and key id live in provider_settings.
 */
export class GcpAccounts1795700000000 implements MigrationInterface {
  name = 'GcpAccounts1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" DROP CONSTRAINT "ck_cloud_accounts_credential_kind"`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD CONSTRAINT "ck_cloud_accounts_credential_kind" CHECK ("credential_kind" IN ('access-keys', 'assume-role', 'client-secret', 'client-certificate', 'service-account-key'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Fails, as it must, while a GCP project is stored.
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" DROP CONSTRAINT "ck_cloud_accounts_credential_kind"`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_accounts" ADD CONSTRAINT "ck_cloud_accounts_credential_kind" CHECK ("credential_kind" IN ('access-keys', 'assume-role', 'client-secret', 'client-certificate'))`,
    );
  }
}
