import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

import { eventually } from './eventually';
import { freePort } from './free-port';
import { canConnect } from './tcp';

export interface DisposableRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** A private, non-persistent redis-server on a free port that a test may stop and start. */
export async function startDisposableRedis(): Promise<DisposableRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await eventually(async () => {
      if (!(await canConnect(port))) throw new Error(`redis-server not yet listening on ${port}`);
    });
  };
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  };
  await start();
  return { url: `redis://127.0.0.1:${port}/0`, start, stop };
}
