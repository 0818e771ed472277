import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['storage_buckets', 'storage_access_grants', 'storage_object_classifications'];

const VISIBLE = `"tenant_id" = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system'`;

/**
 * The storage browser's tables: buckets as discovery saw them, the audit trail of signed URLs,
 * and the classifier's per-object results; row-level security (ADR 12). storage_locations,
 * never used, goes.
 */
export class StorageBuckets1795700100000 implements MigrationInterface {
  name = 'StorageBuckets1795700100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "storage_locations"`);
    await queryRunner.query(
      `CREATE TABLE "storage_buckets" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "account_id" uuid NOT NULL, "urn" character varying(512) NOT NULL, "provider" character varying(16) NOT NULL, "external_account_id" character varying(128) NOT NULL, "region" character varying(64) NOT NULL, "name" character varying(255) NOT NULL, "storage_account" character varying(64), "resource_group" character varying(128), "tags" jsonb NOT NULL DEFAULT '{}', "configuration" jsonb NOT NULL, "object_count" bigint NOT NULL, "total_bytes" bigint NOT NULL, "class_mix" jsonb NOT NULL DEFAULT '{}', "counts_partial" boolean NOT NULL DEFAULT false, "findings" jsonb NOT NULL DEFAULT '[]', "personal_data" jsonb, "recommendations" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE, "discovered_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_storage_buckets" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_storage_buckets_tenant_urn" ON "storage_buckets" ("tenant_id", "urn") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_storage_buckets_account" ON "storage_buckets" ("tenant_id", "account_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "storage_access_grants" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "bucket_id" uuid NOT NULL, "key" text NOT NULL, "method" character varying(8) NOT NULL, "subject" character varying(256) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_storage_access_grants" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_storage_access_grants_bucket_created" ON "storage_access_grants" ("tenant_id", "bucket_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "storage_object_classifications" ("bucket_id" uuid NOT NULL, "key" text NOT NULL, "tenant_id" character varying(64) NOT NULL, "prefix" text NOT NULL, "counts" jsonb NOT NULL, "examples" jsonb NOT NULL, "scanned_bytes" integer NOT NULL, "skipped" character varying(128), "scanned_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_storage_object_classifications" PRIMARY KEY ("bucket_id", "key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_storage_object_classifications_prefix" ON "storage_object_classifications" ("bucket_id", "prefix") `,
    );
    for (const table of TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(
        `CREATE POLICY "tenant_isolation" ON "${table}" USING (${VISIBLE}) WITH CHECK (${VISIBLE})`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
    await queryRunner.query(
      `CREATE TABLE "storage_locations" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "provider" character varying(16) NOT NULL, "account_ref" character varying(128) NOT NULL, "name" character varying(255) NOT NULL, "region" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_storage_locations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_storage_locations_tenant_provider_account_name" ON "storage_locations" ("tenant_id", "provider", "account_ref", "name")`,
    );
    await queryRunner.query(`ALTER TABLE "storage_locations" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "storage_locations" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `CREATE POLICY "tenant_isolation" ON "storage_locations" USING ("tenant_id"::text = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system') WITH CHECK ("tenant_id"::text = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system')`,
    );
  }
}
