import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './free-port';
import { REPO_ROOT } from './local-infra';

const run = promisify(execFile);
const STARTED = 'Kafka Server started';

export interface DisposableKafka {
  brokers: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A private single-node KRaft broker on free ports, from the jars `make infra-up`
 * resolved, for tests that stop and restart the broker. Its data survives stop/start.
 */
export async function startDisposableKafka(): Promise<DisposableKafka> {
  const [port, controllerPort] = [await freePort(), await freePort()];
  const dir = await mkdtemp(join(tmpdir(), 'codex-kafka-'));
  const config = join(dir, 'server.properties');
  const log4j = join(dir, 'log4j.properties');
  const classpath = join(REPO_ROOT, '.local', 'tools', 'kafka', 'libs', '*');
  await writeFile(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${join(dir, 'data')}`,
      'auto.create.topics.enable=false',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=3',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'num.network.threads=2',
      'num.io.threads=2',
      '',
    ].join('\n'),
  );
  await writeFile(
    log4j,
    'log4j.rootLogger=INFO, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\n' +
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stdout.layout.ConversionPattern=%m%n\n',
  );
  const java = (main: string, args: string[], heap = '-Xmx128m') => [
    heap,
    `-Dlog4j.configuration=file:${log4j}`,
    '-cp',
    classpath,
    main,
    ...args,
  ];
  const clusterId = randomBytes(16).toString('base64url');
  await run('java', java('kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', config]));

  let broker: ChildProcess | undefined;
  const start = async () => {
    const child = spawn('java', java('kafka.Kafka', [config], '-Xmx512m'), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    broker = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(STARTED)) {
          child.stdout.off('data', onData);
          child.stdout.resume();
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.resume();
      child.once('exit', (code) =>
        reject(new Error(`kafka exited with ${code} during start:\n${output.slice(-2000)}`)),
      );
    });
  };
  const stop = async () => {
    if (broker && broker.exitCode === null && broker.signalCode === null) {
      const exited = once(broker, 'exit');
      broker.kill('SIGTERM');
      await exited;
    }
  };
  await start();
  return {
    brokers: `127.0.0.1:${port}`,
    start,
    stop,
    destroy: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
