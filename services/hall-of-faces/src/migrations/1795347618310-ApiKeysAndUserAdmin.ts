import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeysAndUserAdmin1795347618310 implements MigrationInterface {
  name = 'ApiKeysAndUserAdmin1795347618310';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" character varying(12) NOT NULL, "tenant_id" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "roles" character varying(16) array NOT NULL, "secret_hash" character(64) NOT NULL, "created_by" character varying(320) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_api_keys" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_api_keys_tenant" ON "api_keys" ("tenant_id", "created_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_api_keys_tenant"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
