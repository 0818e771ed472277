import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ActionLedger1795349221855 implements MigrationInterface {
  name = 'ActionLedger1795349221855';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "actions" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "idempotency_key" character varying(128) NOT NULL, "target_urn" character varying(512) NOT NULL, "type" character varying(16) NOT NULL, "params" jsonb NOT NULL, "reason" character varying(500) NOT NULL, "plan" jsonb NOT NULL, "status" character varying(24) NOT NULL, "requires_approval" boolean NOT NULL, "requested_by" character varying(320) NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_by" character varying(320), "decided_at" TIMESTAMP WITH TIME ZONE, "dispatched_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "executions" integer NOT NULL DEFAULT '0', "outcome_message" text, "result" jsonb, CONSTRAINT "pk_actions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_actions_tenant_requested" ON "actions" ("tenant_id", "requested_at", "id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_actions_tenant_idempotency_key" ON "actions" ("tenant_id", "idempotency_key")`,
    );
    await queryRunner.query(
      `CREATE TABLE "action_events" ("id" uuid NOT NULL, "action_id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "event" character varying(24) NOT NULL, "actor" character varying(320) NOT NULL, "details" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_action_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_action_events_action" ON "action_events" ("action_id", "occurred_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_action_events_action"`);
    await queryRunner.query(`DROP TABLE "action_events"`);
    await queryRunner.query(`DROP INDEX "public"."ux_actions_tenant_idempotency_key"`);
    await queryRunner.query(`DROP INDEX "public"."ix_actions_tenant_requested"`);
    await queryRunner.query(`DROP TABLE "actions"`);
  }
}
