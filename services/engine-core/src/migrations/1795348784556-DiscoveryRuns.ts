import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DiscoveryRuns1795348784556 implements MigrationInterface {
  name = 'DiscoveryRuns1795348784556';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The placeholder table of the initial schema was never written to; discovery replaces it.
    await queryRunner.query(`DROP INDEX "public"."ix_compute_resources_tenant_kind"`);
    await queryRunner.query(`DROP TABLE "compute_resources"`);
    await queryRunner.query(
      `CREATE TABLE "aws_accounts" ("account_id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "external_account_id" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "regions" text array NOT NULL, "kind" character varying(16) NOT NULL, "role_arn" character varying(2048), "sealed_secret" jsonb, "status" character varying(16) NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_aws_accounts" PRIMARY KEY ("account_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_aws_accounts_tenant" ON "aws_accounts" ("tenant_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "discovery_runs" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "account_id" uuid NOT NULL, "trigger" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "requested_by" character varying(256) NOT NULL, "discovered_count" integer NOT NULL DEFAULT '0', "deleted_count" integer NOT NULL DEFAULT '0', "metrics_count" integer NOT NULL DEFAULT '0', "progress" jsonb NOT NULL DEFAULT '{}', "error_code" character varying(128), "error_message" text, "claim_token" uuid, "heartbeat_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_discovery_runs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_discovery_runs_claimable" ON "discovery_runs" ("status", "created_at") WHERE status IN ('queued', 'running')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_discovery_runs_account_created" ON "discovery_runs" ("account_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_discovery_runs_tenant_created" ON "discovery_runs" ("tenant_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_discovery_runs_account_active" ON "discovery_runs" ("account_id") WHERE status IN ('queued', 'running')`,
    );
    await queryRunner.query(
      `CREATE TABLE "known_resources" ("account_id" uuid NOT NULL, "urn" character varying(512) NOT NULL, "tenant_id" character varying(64) NOT NULL, "resource_type" character varying(64) NOT NULL, "last_run_id" uuid NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_known_resources" PRIMARY KEY ("account_id", "urn"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "known_resources"`);
    await queryRunner.query(`DROP INDEX "public"."uq_discovery_runs_account_active"`);
    await queryRunner.query(`DROP INDEX "public"."ix_discovery_runs_tenant_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_discovery_runs_account_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_discovery_runs_claimable"`);
    await queryRunner.query(`DROP TABLE "discovery_runs"`);
    await queryRunner.query(`DROP INDEX "public"."ix_aws_accounts_tenant"`);
    await queryRunner.query(`DROP TABLE "aws_accounts"`);
    await queryRunner.query(
      `CREATE TABLE "compute_resources" ("urn" character varying(512) NOT NULL, "tenant_id" uuid NOT NULL, "provider" character varying(16) NOT NULL, "kind" character varying(64) NOT NULL, "state" character varying(32) NOT NULL, "attributes" jsonb NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_compute_resources" PRIMARY KEY ("urn"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_compute_resources_tenant_kind" ON "compute_resources" ("tenant_id", "kind")`,
    );
  }
}
