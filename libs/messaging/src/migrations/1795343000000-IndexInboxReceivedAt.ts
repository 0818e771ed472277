import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexInboxReceivedAt1795343000000 implements MigrationInterface {
  name = 'IndexInboxReceivedAt1795343000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_inbox_events_received_at" ON "inbox_events" ("received_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_inbox_events_received_at"`);
  }
}
