import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantLifecycleAndRevocation1795410000000 implements MigrationInterface {
  name = 'TenantLifecycleAndRevocation1795410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "tenants" ADD "status" character varying(16) NOT NULL DEFAULT 'active'`,
    );
    await queryRunner.query(
      `ALTER TABLE "tenants" ADD "status_changed_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "tenants" ADD CONSTRAINT "ck_tenants_status" CHECK ("status" IN ('active', 'suspended', 'deleted'))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_tenants_created" ON "tenants" ("created_at", "id")`);
    await queryRunner.query(
      `ALTER TABLE "platform_users" ALTER COLUMN "roles" TYPE character varying(32) array`,
    );
    await queryRunner.query(
      `ALTER TABLE "machine_clients" ADD "created_by" character varying(320)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_machine_clients_tenant_created" ON "machine_clients" ("tenant_id", "created_at", "client_id")`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_machine_clients_tenant"`);
    await queryRunner.query(`DROP INDEX "public"."ix_api_keys_tenant"`);
    await queryRunner.query(
      `CREATE INDEX "ix_api_keys_tenant_created" ON "api_keys" ("tenant_id", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_refresh_tokens" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_refresh_tokens_hash" ON "refresh_tokens" ("token_hash")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_tokens_family" ON "refresh_tokens" ("family_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_tokens_user" ON "refresh_tokens" ("tenant_id", "user_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "token_revocations" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "tenant_id" character varying(64) NOT NULL, "subject" character varying(320) NOT NULL, "not_before" double precision NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_token_revocations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_token_revocations_unpublished" ON "token_revocations" ("id") WHERE "published_at" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "token_revocations"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."ix_api_keys_tenant_created"`);
    await queryRunner.query(
      `CREATE INDEX "ix_api_keys_tenant" ON "api_keys" ("tenant_id", "created_at")`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_machine_clients_tenant_created"`);
    await queryRunner.query(
      `CREATE INDEX "ix_machine_clients_tenant" ON "machine_clients" ("tenant_id")`,
    );
    await queryRunner.query(`ALTER TABLE "machine_clients" DROP COLUMN "created_by"`);
    await queryRunner.query(
      `ALTER TABLE "platform_users" ALTER COLUMN "roles" TYPE character varying(16) array`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_tenants_created"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP CONSTRAINT "ck_tenants_status"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "status_changed_at"`);
    await queryRunner.query(`ALTER TABLE "tenants" DROP COLUMN "status"`);
  }
}
