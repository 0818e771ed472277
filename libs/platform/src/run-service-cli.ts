import type { PlatformConfig } from '@codex/config';
import { DATABASE_COMMANDS, type DatabaseCommand, runDatabaseCommand } from '@codex/persistence';
import type { Telemetry } from '@codex/telemetry';
import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { createServiceApp, listen } from './create-service-app';
import { type DatabaseDefinition, databaseOptions } from './platform.module';

export interface ServiceCliOptions {
  config: PlatformConfig;
  telemetry: Telemetry;
  rootModule: DynamicModule;
  /** Runs after the app is built and before it listens: plugins, extra routes. */
  configure?: (app: NestFastifyApplication) => Promise<void>;
  /** Absent for a service without a database (the gateway): it only serves. */
  database?: { definition: DatabaseDefinition; migrationsDir: string };
}

/**
 * A service's entry point: `serve` (the default) runs the HTTP server;
 * `migrate`, `migrate:revert`, `migrate:check` and `migrate:generate <Name>` manage its database.
 */
export async function runServiceCli(
  argv: readonly string[],
  options: ServiceCliOptions,
): Promise<void> {
  const [command = 'serve', ...args] = argv;
  if (isDatabaseCommand(command) && options.database) {
    process.exitCode = await runDatabaseCommand(command, args, {
      options: databaseOptions(options.config, options.database.definition, 'migrations'),
      migrationsDir: options.database.migrationsDir,
      runtimeRole: runtimeRole(options.config),
      write: (line) => process.stdout.write(`${options.config.service}: ${line}\n`),
    });
    await options.telemetry.shutdown();
    return;
  }
  if (command !== 'serve') {
    const expected = options.database ? `serve or ${DATABASE_COMMANDS.join(', ')}` : 'serve';
    process.stderr.write(`unknown command ${command}; expected ${expected}\n`);
    process.exitCode = 64;
    return;
  }
  const app = await createServiceApp(options.rootModule, options.config);
  await options.configure?.(app);
  await listen(app, options.config);
}

/** The service's own role, when migrations run as another one (the owner) that grants it access. */
function runtimeRole(config: PlatformConfig): string | undefined {
  const database = config.database;
  if (!database?.migrationUrl) return undefined;
  const role = decodeURIComponent(new URL(database.url).username);
  return role && role !== decodeURIComponent(new URL(database.migrationUrl).username)
    ? role
    : undefined;
}

function isDatabaseCommand(command: string): command is DatabaseCommand {
  return (DATABASE_COMMANDS as readonly string[]).includes(command);
}
