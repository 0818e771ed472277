import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InventoryQueries1795347521155 implements MigrationInterface {
  name = 'InventoryQueries1795347521155';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_inventory_resources_tenant_observed" ON "inventory_resources" ("tenant_id", "observed_at", "urn") WHERE "deleted_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_inventory_resources_tenant_name" ON "inventory_resources" ("tenant_id", "name", "urn") WHERE "deleted_at" IS NULL`,
    );
    // Written by hand: TypeORM cannot describe GIN indexes (the entity marks them synchronize: false).
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "ix_inventory_resources_tags" ON "inventory_resources" USING gin ("tags" jsonb_path_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_inventory_resources_name_trgm" ON "inventory_resources" USING gin ("name" gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_inventory_resources_name_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."ix_inventory_resources_tags"`);
    await queryRunner.query(`DROP INDEX "public"."ix_inventory_resources_tenant_name"`);
    await queryRunner.query(`DROP INDEX "public"."ix_inventory_resources_tenant_observed"`);
  }
}
