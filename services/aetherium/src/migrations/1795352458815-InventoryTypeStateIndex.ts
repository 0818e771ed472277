import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InventoryTypeStateIndex1795352458815 implements MigrationInterface {
  name = 'InventoryTypeStateIndex1795352458815';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_inventory_resources_tenant_type_state_name" ON "inventory_resources" ("tenant_id", "resource_type", "state", "name", "urn") WHERE "deleted_at" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_inventory_resources_tenant_type_state_name"`);
  }
}
