import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table whose rows belong to one tenant; tenants, signing_keys, token_revocations, the
 * outbox, inbox and migrations carry no tenant of their own and stay outside (ADR 12). */
const TENANT_TABLES = ['platform_users', 'api_keys', 'machine_clients', 'refresh_tokens'];

/** Some tenant_id columns are uuids; compared as text so an unset or system scope ('') never fails a cast. */
const TENANT_SET = `"tenant_id"::text = current_setting('codex.tenant_id', true)`;
const SYSTEM = `current_setting('codex.scope', true) = 'system'`;
const VISIBLE = `${TENANT_SET} OR ${SYSTEM}`;
/** Audit entries of every tenant ('*', e.g. a signing key rotation) are read by each tenant
 * (not outside every scope), but written only in the system scope; those of no known tenant
 * ('') are read and written only in it too. */
const AUDIT_VISIBLE = `${TENANT_SET} OR ("tenant_id" = '*' AND current_setting('codex.tenant_id', true) <> '') OR ${SYSTEM}`;

/**
 * Row-level security on every tenant table (ADR 12): rows are visible and writable only
 * within withTenant for their tenant or within asSystem; a query outside both sees none.
 * FORCE holds the owner to it too; only superusers and BYPASSRLS roles skip it.
 */
export class TenantRowLevelSecurity1795420000000 implements MigrationInterface {
  name = 'TenantRowLevelSecurity1795420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const policies: [string, string, string][] = [
      ...TENANT_TABLES.map((table): [string, string, string] => [table, VISIBLE, VISIBLE]),
      ['audit_events', AUDIT_VISIBLE, VISIBLE],
    ];
    for (const [table, using, check] of policies) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(
        `CREATE POLICY "tenant_isolation" ON "${table}" USING (${using}) WITH CHECK (${check})`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TENANT_TABLES, 'audit_events']) {
      await queryRunner.query(`DROP POLICY "tenant_isolation" ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
  }
}
