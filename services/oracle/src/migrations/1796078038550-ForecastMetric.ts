import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A forecast per scope and metric: billed and effective cost are forecast apart. */
export class ForecastMetric1796078038550 implements MigrationInterface {
  name = 'ForecastMetric1796078038550';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "cost_forecasts" ADD "metric" character varying(16) NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "cost_forecasts" DROP CONSTRAINT "pk_cost_forecasts"`);
    await queryRunner.query(
      `ALTER TABLE "cost_forecasts" ADD CONSTRAINT "pk_cost_forecasts" PRIMARY KEY ("tenant_id", "scope_kind", "scope_value", "currency", "metric")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cost_forecasts" DROP CONSTRAINT "pk_cost_forecasts"`);
    await queryRunner.query(
      `ALTER TABLE "cost_forecasts" ADD CONSTRAINT "pk_cost_forecasts" PRIMARY KEY ("tenant_id", "scope_kind", "scope_value", "currency")`,
    );
    await queryRunner.query(`ALTER TABLE "cost_forecasts" DROP COLUMN "metric"`);
  }
}
