import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795338254184 implements MigrationInterface {
  name = 'InitialSchema1795338254184';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cloud_accounts" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "provider" character varying(16) NOT NULL, "name" character varying(200) NOT NULL, "external_id" character varying(128) NOT NULL, "credentials_envelope" bytea, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_cloud_accounts" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_cloud_accounts_tenant_provider_external" ON "cloud_accounts" ("tenant_id", "provider", "external_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_cloud_accounts_tenant_provider_external"`);
    await queryRunner.query(`DROP TABLE "cloud_accounts"`);
  }
}
