import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { DataSource, type DataSourceOptions } from 'typeorm';

import { renderMigration } from './render-migration';
import { schemaDrift } from './schema-drift';

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
  write: (line: string) => void;
}

/** Runs one database command and returns the process exit code. */
export async function runDatabaseCommand(
  command: DatabaseCommand,
  args: readonly string[],
  context: DatabaseCliContext,
): Promise<number> {
  const dataSource = await new DataSource(context.options).initialize();
  try {
    switch (command) {
      case 'migrate': {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        context.write(`applied ${applied.length} migration(s)${names(applied)}`);
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
