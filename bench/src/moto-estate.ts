import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';

import { localInfra, REPO_ROOT } from '@codex/testing';

export const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 10_000);
export const ECS_SERVICES = Number(process.env.BENCH_ECS_SERVICES ?? 500);
/** The regions tools/sandbox/aws/seed.py spreads the bulk estate over (its estate.py). */
export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

/** seed.py launches this many instances per RunInstances call, i.e. per reservation. */
export const INSTANCES_PER_RESERVATION = 10;

export interface AwsAccess {
  accountId: string;
  role: { roleArn: string; externalId: string };
}

/**
 * A fresh moto account per run (moto keeps assumed-role accounts apart), so runs are repeatable.
 * BENCH_AWS_ACCOUNT_ID reuses one seeded before (seed.py then does nothing); its CPU datapoints
 * leave the CPU window half an hour after seeding.
 */
export function benchAccount(): AwsAccess {
  const accountId =
    process.env.BENCH_AWS_ACCOUNT_ID ?? String(randomInt(100_000_000_000, 999_999_999_999));
  return {
    accountId,
    role: {
      roleArn: `arn:aws:iam::${accountId}:role/codex`,
      externalId: randomBytes(8).toString('hex'),
    },
  };
}

export async function seed(account: AwsAccess): Promise<void> {
  const child = spawn(
    join(REPO_ROOT, '.local', 'tools', 'venv', 'bin', 'python'),
    [
      join(REPO_ROOT, 'tools', 'sandbox', 'aws', 'seed.py'),
      '--endpoint',
      localInfra().motoUrl,
      '--account-id',
      account.accountId,
      '--instances',
      String(INSTANCES),
      '--ecs-services',
      String(ECS_SERVICES),
      '--instances-per-launch',
      String(INSTANCES_PER_RESERVATION),
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`seed.py exited with ${code}`);
}
