import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['storage_locations'];

// tenant_id is a uuid here; compared as text so an unset or system scope ('') never fails a cast.
const VISIBLE = `"tenant_id"::text = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system'`;

/**
 * Row-level security on every tenant table (ADR 12): rows are visible and writable only
 * within withTenant for their tenant or within asSystem; a query outside both sees none.
 * FORCE holds the owner to it too; only superusers and BYPASSRLS roles skip it.
 */
export class TenantRowLevelSecurity1795400200000 implements MigrationInterface {
  name = 'TenantRowLevelSecurity1795400200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(
        `CREATE POLICY "tenant_isolation" ON "${table}" USING (${VISIBLE}) WITH CHECK (${VISIBLE})`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) {
      await queryRunner.query(`DROP POLICY "tenant_isolation" ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
  }
}
