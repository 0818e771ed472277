import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ActionExecutorFromCatalogue1795430000000 implements MigrationInterface {
  name = 'ActionExecutorFromCatalogue1795430000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "actions" ALTER COLUMN "type" TYPE character varying(64)`);
    // Every action recorded before the catalogue was engine-core's.
    await queryRunner.query(
      `ALTER TABLE "actions" ADD "executor" character varying(64) NOT NULL DEFAULT 'engine-core'`,
    );
    await queryRunner.query(`ALTER TABLE "actions" ALTER COLUMN "executor" DROP DEFAULT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "actions" DROP COLUMN "executor"`);
    await queryRunner.query(`ALTER TABLE "actions" ALTER COLUMN "type" TYPE character varying(16)`);
  }
}
