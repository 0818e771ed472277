import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMessagingTables1795339700000 implements MigrationInterface {
  name = 'CreateMessagingTables1795339700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "inbox_events" ("event_id" uuid NOT NULL, "topic" character varying(128) NOT NULL, "status" character varying(16) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_inbox_events" PRIMARY KEY ("event_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox_messages" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "topic" character varying(128) NOT NULL, "message_key" character varying(512) NOT NULL, "headers" jsonb NOT NULL, "payload" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_outbox_messages" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_outbox_messages_event_id" ON "outbox_messages" ("event_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_outbox_messages_event_id"`);
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
    await queryRunner.query(`DROP TABLE "inbox_events"`);
  }
}
