import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityAndSigning1795342911902 implements MigrationInterface {
  name = 'IdentityAndSigning1795342911902';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "action" character varying(64) NOT NULL, "actor" character varying(320) NOT NULL, "source_ip" character varying(64) NOT NULL, "details" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_audit_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_tenant_time" ON "audit_events" ("tenant_id", "occurred_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "platform_users" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "password_hash" character varying(256) NOT NULL, "roles" character varying(16) array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "disabled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_platform_users" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_platform_users_tenant_email" ON "platform_users" ("tenant_id", "email")`,
    );
    await queryRunner.query(
      `CREATE TABLE "signing_keys" ("kid" character varying(64) NOT NULL, "public_jwk" jsonb NOT NULL, "private_key_sealed" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "activated_at" TIMESTAMP WITH TIME ZONE, "retired_at" TIMESTAMP WITH TIME ZONE, "unpublish_after" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_signing_keys" PRIMARY KEY ("kid"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "signing_keys"`);
    await queryRunner.query(`DROP INDEX "public"."uq_platform_users_tenant_email"`);
    await queryRunner.query(`DROP TABLE "platform_users"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_tenant_time"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
