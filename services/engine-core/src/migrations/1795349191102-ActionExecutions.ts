import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ActionExecutions1795349191102 implements MigrationInterface {
  name = 'ActionExecutions1795349191102';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "action_executions" ("tenant_id" character varying(64) NOT NULL, "idempotency_key" character varying(128) NOT NULL, "action_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "message" text, "result" jsonb, CONSTRAINT "pk_action_executions" PRIMARY KEY ("tenant_id", "idempotency_key"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "action_executions"`);
  }
}
