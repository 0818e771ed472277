import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { DataSource, type DataSourceOptions } from 'typeorm';

import { MIGRATIONS_TABLE } from './data-source-options';
import { renderMigration } from './render-migration';
import { schemaDrift } from './schema-drift';
import { SCOPE_SETTING, SYSTEM_SCOPE } from './tenant-scope';

export type DatabaseCommand = 'migrate' | 'migrate:revert' | 'migrate:check' | 'migrate:generate';

export const DATABASE_COMMANDS: readonly DatabaseCommand[] = [
  'migrate',
  'migrate:revert',
  'migrate:check',
  'migrate:generate',
];

export interface DatabaseCliContext {
  options: DataSourceOptions;
  /** Source folder that holds the service's migrations, for `migrate:generate`. */
  migrationsDir: string;
  /**
   * The login role the service runs as, when migrations run as another role (the owner):
   * `migrate` ends by granting it row access to every table, and nothing more (ADR 12).
   */
  runtimeRole?: string;
  write: (line: string) => void;
}

/** Runs one database command and returns the process exit code. */
export async function runDatabaseCommand(
  command: DatabaseCommand,
  args: readonly string[],
  context: DatabaseCliContext,
): Promise<number> {
  const dataSource = await new DataSource(systemScoped(context.options)).initialize();
  try {
    switch (command) {
      case 'migrate': {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        context.write(`applied ${applied.length} migration(s)${names(applied)}`);
        if (context.runtimeRole) {
          await grantRowAccess(dataSource, context.runtimeRole);
          context.write(`granted row access to ${context.runtimeRole}`);
        }
        return 0;
      }
      case 'migrate:revert':
        await dataSource.undoLastMigration({ transaction: 'each' });
        context.write('reverted the last migration');
        return 0;
      case 'migrate:check':
        return await check(dataSource, context);
      case 'migrate:generate':
        return await generate(dataSource, args[0], context);
    }
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Migrations run in the system scope, so a data migration sees every tenant's rows under
 * row-level security (ADR 12).
 */
function systemScoped(options: DataSourceOptions): DataSourceOptions {
  if (options.type !== 'postgres') return options;
  const extra = (options.extra ?? {}) as Record<string, unknown>;
  return { ...options, extra: { ...extra, options: `-c ${SCOPE_SETTING}=${SYSTEM_SCOPE}` } };
}

/**
 * The runtime role reads and writes rows of every table, uses the sequences, and reads the
 * migrations table; it owns nothing, so it can neither change the schema nor escape the
 * row-level security policies.
 */
async function grantRowAccess(dataSource: DataSource, role: string): Promise<void> {
  const grantee = quoteIdentifier(role);
  await dataSource.transaction(async (manager) => {
    await manager.query(`GRANT USAGE ON SCHEMA public TO ${grantee}`);
    await manager.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${grantee}`,
    );
    await manager.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${grantee}`);
    await manager.query(
      `REVOKE INSERT, UPDATE, DELETE ON ${quoteIdentifier(MIGRATIONS_TABLE)} FROM ${grantee}`,
    );
  });
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function check(dataSource: DataSource, context: DatabaseCliContext): Promise<number> {
  if (await dataSource.showMigrations()) {
    context.write('pending migrations exist: run migrate first');
    return 1;
  }
  const drift = await schemaDrift(dataSource);
  if (drift.up.length === 0) {
    context.write('entities and migrations agree');
    return 0;
  }
  context.write(
    `entities and migrations disagree; a migration would need:\n${drift.up.join(';\n')};`,
  );
  return 1;
}

async function generate(
  dataSource: DataSource,
  name: string | undefined,
  context: DatabaseCliContext,
): Promise<number> {
  if (!name || !/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) {
    context.write('usage: migrate:generate <Name> (letters, digits and dashes)');
    return 2;
  }
  const drift = await schemaDrift(dataSource);
  if (drift.up.length === 0) {
    context.write('no changes: entities already match the database');
    return 0;
  }
  const timestamp = Date.now();
  const file = join(context.migrationsDir, `${timestamp}-${name}.ts`);
  await mkdir(context.migrationsDir, { recursive: true });
  await writeFile(file, renderMigration(name, timestamp, drift));
  context.write(`wrote ${file}; add it to the service's migrations list`);
  return 0;
}

function names(migrations: { name: string }[]): string {
  return migrations.length ? `: ${migrations.map((migration) => migration.name).join(', ')}` : '';
}
