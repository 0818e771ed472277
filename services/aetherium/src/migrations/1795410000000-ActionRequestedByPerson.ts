import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ActionRequestedByPerson1795410000000 implements MigrationInterface {
  name = 'ActionRequestedByPerson1795410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "actions" ADD "requested_by_person" character varying(320)`,
    );
    // Every tenant's rows: the table is behind row-level security, even for its owner.
    await queryRunner.query(`SELECT set_config('codex.scope', 'system', true)`);
    await queryRunner.query(`UPDATE "actions" SET "requested_by_person" = "requested_by"`);
    await queryRunner.query(
      `ALTER TABLE "actions" ALTER COLUMN "requested_by_person" SET NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "actions" DROP COLUMN "requested_by_person"`);
  }
}
