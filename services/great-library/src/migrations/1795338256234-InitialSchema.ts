import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795338256234 implements MigrationInterface {
  name = 'InitialSchema1795338256234';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "storage_locations" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "provider" character varying(16) NOT NULL, "account_ref" character varying(128) NOT NULL, "name" character varying(255) NOT NULL, "region" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_storage_locations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_storage_locations_tenant_provider_account_name" ON "storage_locations" ("tenant_id", "provider", "account_ref", "name")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP INDEX "public"."uq_storage_locations_tenant_provider_account_name"`,
    );
    await queryRunner.query(`DROP TABLE "storage_locations"`);
  }
}
