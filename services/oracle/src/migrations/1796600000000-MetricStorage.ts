import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Metric days get an index on the day, for the retention sweep. A detector's state becomes the
 * JSON text it writes, stored out of line uncompressed: the oracle writes every scored series'
 * state in every batch and reads it back whole, so building jsonb and compressing it was
 * PostgreSQL work for nothing (make bench-oracle).
 */
export class MetricStorage1796600000000 implements MigrationInterface {
  name = 'MetricStorage1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_metric_days_day" ON "metric_days" ("day")`);
    await queryRunner.query(
      `ALTER TABLE "metric_series" ALTER COLUMN "state" TYPE text USING "state"::text`,
    );
    await queryRunner.query(
      `ALTER TABLE "metric_series" ALTER COLUMN "state" SET STORAGE EXTERNAL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "metric_series" ALTER COLUMN "state" SET STORAGE EXTENDED`,
    );
    await queryRunner.query(
      `ALTER TABLE "metric_series" ALTER COLUMN "state" TYPE jsonb USING "state"::jsonb`,
    );
    await queryRunner.query(`DROP INDEX "ix_metric_days_day"`);
  }
}
