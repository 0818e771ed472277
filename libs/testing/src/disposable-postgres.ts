import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './free-port';

const run = promisify(execFile);

export interface DisposablePostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A private PostgreSQL cluster on a free port, for tests that stop and start the
 * server without disturbing the shared one.
 */
export async function startDisposablePostgres(): Promise<DisposablePostgres> {
  const bin = postgresBinDir();
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'codex-pg-'));
  const pgUser = await osUserForPostgres(dataDir);
  const pg = (tool: string, args: string[]) =>
    pgUser
      ? run('runuser', ['-u', pgUser, '--', join(bin, tool), ...args])
      : run(join(bin, tool), args);

  await pg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const start = async () => {
    await pg('pg_ctl', [
      'start',
      '-w',
      '-D',
      dataDir,
      '-l',
      join(dataDir, 'server.log'),
      '-o',
      `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    ]);
  };
  const stop = async () => {
    await pg('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', dataDir]);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: async () => {
      await stop().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions
    .map((version) => join(root, version, 'bin'))
    .find((dir) => existsSync(join(dir, 'initdb')));
  if (!found) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql: run make infra-up',
    );
  }
  return found;
}

/** PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` OS user. */
async function osUserForPostgres(dataDir: string): Promise<string | undefined> {
  if (process.getuid?.() !== 0) {
    return undefined;
  }
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  await chown(dataDir, Number(stdout.trim()), Number(gid.trim()));
  return 'postgres';
}
