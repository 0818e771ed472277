import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = [
  'directory_people',
  'directory_accounts',
  'directory_containers',
  'directory_memberships',
  'directory_sync_runs',
  'directory_sync_state',
];

const VISIBLE = `"tenant_id" = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system'`;

/** The identity directory synced from Auth0 and Entra ID, with row-level security (ADR 12). */
export class IdentityDirectory1795600000000 implements MigrationInterface {
  name = 'IdentityDirectory1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "directory_people" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "email" character varying(320) NOT NULL, "display_name" character varying(256) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_directory_people" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_directory_people_email" ON "directory_people" ("tenant_id", "email") `,
    );
    await queryRunner.query(
      `CREATE TABLE "directory_accounts" ("connection_id" uuid NOT NULL, "external_id" character varying(255) NOT NULL, "tenant_id" character varying(64) NOT NULL, "provider" character varying(16) NOT NULL, "person_id" uuid, "link_source" character varying(16), "email" character varying(320), "email_verified" boolean NOT NULL, "display_name" character varying(256) NOT NULL, "enabled" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "last_sign_in_at" TIMESTAMP WITH TIME ZONE, "mfa_registered" boolean, "mfa_used" boolean NOT NULL DEFAULT false, "attributes" jsonb NOT NULL DEFAULT '{}', "synced_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_directory_accounts" PRIMARY KEY ("connection_id", "external_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_directory_accounts_person" ON "directory_accounts" ("tenant_id", "person_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_directory_accounts_email" ON "directory_accounts" ("tenant_id", "email") `,
    );
    await queryRunner.query(
      `CREATE TABLE "directory_containers" ("connection_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "external_id" character varying(255) NOT NULL, "tenant_id" character varying(64) NOT NULL, "name" character varying(256) NOT NULL, "description" text, "privileged" boolean NOT NULL, CONSTRAINT "pk_directory_containers" PRIMARY KEY ("connection_id", "kind", "external_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "directory_memberships" ("connection_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "container_id" character varying(255) NOT NULL, "account_id" character varying(255) NOT NULL, "tenant_id" character varying(64) NOT NULL, CONSTRAINT "pk_directory_memberships" PRIMARY KEY ("connection_id", "kind", "container_id", "account_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_directory_memberships_account" ON "directory_memberships" ("connection_id", "account_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "directory_sync_runs" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "connection_id" uuid NOT NULL, "trigger" character varying(16) NOT NULL, "full" boolean NOT NULL, "status" character varying(16) NOT NULL, "requested_by" character varying(256) NOT NULL, "progress" jsonb NOT NULL DEFAULT '{}', "counts" jsonb NOT NULL DEFAULT '{}', "error_code" character varying(128), "error_message" text, "claim_token" uuid, "heartbeat_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_directory_sync_runs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_directory_sync_runs_active" ON "directory_sync_runs" ("connection_id") WHERE status IN ('queued', 'running')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_directory_sync_runs_claimable" ON "directory_sync_runs" ("status", "created_at") WHERE status IN ('queued', 'running')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_directory_sync_runs_connection_created" ON "directory_sync_runs" ("connection_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "directory_sync_state" ("connection_id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "cursor" jsonb NOT NULL, "synced_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sign_ins_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_directory_sync_state" PRIMARY KEY ("connection_id"))`,
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
  }
}
