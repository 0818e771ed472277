import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795338257345 implements MigrationInterface {
  name = 'InitialSchema1795338257345';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "compute_resources" ("urn" character varying(512) NOT NULL, "tenant_id" uuid NOT NULL, "provider" character varying(16) NOT NULL, "kind" character varying(64) NOT NULL, "state" character varying(32) NOT NULL, "attributes" jsonb NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_compute_resources" PRIMARY KEY ("urn"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_compute_resources_tenant_kind" ON "compute_resources" ("tenant_id", "kind")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_compute_resources_tenant_kind"`);
    await queryRunner.query(`DROP TABLE "compute_resources"`);
  }
}
