import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A URN is unique only within a tenant: inventory_resources is keyed by (tenant_id, urn). */
export class TenantKeyedInventory1795400000000 implements MigrationInterface {
  name = 'TenantKeyedInventory1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "inventory_resources" DROP CONSTRAINT "pk_inventory_resources"`,
    );
    await queryRunner.query(
      `ALTER TABLE "inventory_resources" ADD CONSTRAINT "pk_inventory_resources" PRIMARY KEY ("tenant_id", "urn")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "inventory_resources" DROP CONSTRAINT "pk_inventory_resources"`,
    );
    await queryRunner.query(
      `ALTER TABLE "inventory_resources" ADD CONSTRAINT "pk_inventory_resources" PRIMARY KEY ("urn")`,
    );
  }
}
