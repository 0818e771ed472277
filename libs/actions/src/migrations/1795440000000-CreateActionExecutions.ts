import type { MigrationInterface, QueryRunner } from 'typeorm';

const VISIBLE = `"tenant_id" = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system'`;

/** The claims of an executor that starts on the kit; behind row-level security (ADR 12). */
export class CreateActionExecutions1795440000000 implements MigrationInterface {
  name = 'CreateActionExecutions1795440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "action_executions" ("tenant_id" character varying(64) NOT NULL, "idempotency_key" character varying(128) NOT NULL, "action_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "message" text, "result" jsonb, CONSTRAINT "pk_action_executions" PRIMARY KEY ("tenant_id", "idempotency_key"))`,
    );
    await queryRunner.query(`ALTER TABLE "action_executions" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "action_executions" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `CREATE POLICY "tenant_isolation" ON "action_executions" USING (${VISIBLE}) WITH CHECK (${VISIBLE})`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "action_executions"`);
  }
}
