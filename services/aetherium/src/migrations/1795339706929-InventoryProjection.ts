import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InventoryProjection1795339706929 implements MigrationInterface {
  name = 'InventoryProjection1795339706929';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "inventory_resources" ("urn" character varying(512) NOT NULL, "tenant_id" character varying(64) NOT NULL, "provider" character varying(16) NOT NULL, "account_id" character varying(128) NOT NULL, "region" character varying(64) NOT NULL, "resource_type" character varying(64) NOT NULL, "name" character varying(512) NOT NULL, "tags" jsonb NOT NULL, "state" character varying(32) NOT NULL, "attributes" jsonb NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revision" integer NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_inventory_resources" PRIMARY KEY ("urn"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_inventory_resources_tenant_type" ON "inventory_resources" ("tenant_id", "resource_type")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_inventory_resources_tenant_type"`);
    await queryRunner.query(`DROP TABLE "inventory_resources"`);
  }
}
