import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  BOOTSTRAP,
  localInfra,
  REPO_ROOT,
  type RunningPlatform,
  startPlatform,
} from '@codex/testing';

const run = promisify(execFile);
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The README's fenced `sh` blocks, in order, with the offset each starts at. */
function shellBlocks(readme: string): { at: number; code: string }[] {
  return [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => ({
    at: match.index,
    code: match[1] ?? '',
  }));
}

/** The sign-in block the section builds on, then every block of the section, as written. */
function walkthrough(readme: string, section: string): string[] {
  const start = readme.indexOf(section);
  if (start < 0) throw new Error(`README.md has no "${section}"`);
  const next = readme.slice(start + section.length).search(/^#{2,3} /m);
  const end = next < 0 ? readme.length : start + section.length + next;
  const blocks = shellBlocks(readme);
  const signIn = blocks.filter((block) => block.at < start && /^TOKEN=/m.test(block.code)).at(-1);
  if (!signIn) throw new Error('README.md has no sign-in block (TOKEN=…) before the walkthrough');
  const own = blocks.filter((block) => block.at > start && block.at < end);
  return [signIn.code, ...own.map((block) => block.code)];
}

/**
 * Runs a script with bash in `cwd` on a system PATH only (no project Node):
 * what a reader's shell has after `make up`. Stops at the first failing command, naming it.
 */
function bash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'bash',
      ['-c', `set -eo pipefail\ntrap 'echo "failed: $BASH_COMMAND" >&2' ERR\n${script}`],
      { cwd, env: { PATH: SYSTEM_PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a walkthrough's blocks as a reader pastes them; the last answer printed, as JSON. */
async function pasted(section: string, home: string, gatewayUrl: string): Promise<unknown> {
  const blocks = walkthrough(await readFile(join(REPO_ROOT, 'README.md'), 'utf8'), section);
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  const { code, stdout, stderr } = await bash(blocks.join('\n'), home, { CODEX_URL: gatewayUrl });
  // On failure, what bash said (the failing command) and what the commands printed.
  expect({ code, output: code === 0 ? '' : `${stderr}\n${stdout}` }).toEqual({
    code: 0,
    output: '',
  });
  expect(stdout).toContain('"status": "succeeded"');
  return JSON.parse(stdout.slice(stdout.lastIndexOf('\n{') + 1));
}

interface DryRun {
  dryRun: boolean;
  plan: {
    target: string;
    changes: { field: string; from: unknown; to: unknown }[];
    steps: string[];
  };
  requiresApproval: boolean;
}

describe("the README's sandbox walkthroughs, pasted after make up", () => {
  let platform: RunningPlatform;
  let home: string;

  beforeAll(async () => {
    // What `make up` does before a reader pastes: seed moto's default account and the storage
    // sandboxes, then the bills of what they run, and write the admin's password.
    home = await mkdtemp(join(tmpdir(), 'codex-readme-'));
    const seeded = Promise.all([
      run(
        join(REPO_ROOT, '.local/tools/venv/bin/python'),
        [join(REPO_ROOT, 'tools/sandbox/aws/seed.py')],
        { cwd: REPO_ROOT },
      ),
      run(process.execPath, [join(REPO_ROOT, 'tools/sandbox/storage/seed.mjs')], {
        cwd: REPO_ROOT,
      }),
    ]).then(() =>
      run(process.execPath, [join(REPO_ROOT, 'tools/sandbox/cost/seed.mjs')], {
        cwd: home,
        env: { PATH: SYSTEM_PATH, NODE_EXTRA_CA_CERTS: localInfra().azureSandboxCa },
      }),
    );
    await mkdir(join(home, '.local/dev-secrets'), { recursive: true });
    await writeFile(join(home, '.local/dev-secrets/admin-password'), BOOTSTRAP.password);
    const truth = join(home, '.local/sandbox/cost');
    [platform] = await Promise.all([
      startPlatform({ serviceEnv: { 'engine-core': { DISCOVERY_INTERVAL_MINUTES: '0' } } }),
      seeded,
    ]);
    // The seed writes the bills' ground truth under the repository, where a reader runs it.
    await mkdir(truth, { recursive: true });
    for (const file of ['ground-truth.json', 'anomalies.json']) {
      await copyFile(join(REPO_ROOT, '.local/sandbox/cost', file), join(truth, file));
    }
  });

  afterAll(async () => {
    await platform?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('AWS: every command succeeds and the dry run plans to stop a production instance of the sandbox', async () => {
    const answer = (await pasted(
      '### Try it on the AWS sandbox',
      home,
      platform.gatewayUrl,
    )) as DryRun;
    expect(answer).toMatchObject({ dryRun: true, requiresApproval: true });
    expect(answer.plan.target).toMatch(/^codex:aws:123456789012:[a-z0-9-]+:ec2\/instance\/i-/);
    expect(answer.plan.steps.length).toBeGreaterThan(0);
  });

  it('Azure: every command succeeds and the dry run plans to deallocate and resize a production VM, with prices', async () => {
    const answer = (await pasted(
      '### Try it on the Azure sandbox',
      home,
      platform.gatewayUrl,
    )) as DryRun;
    expect(answer).toMatchObject({ dryRun: true, requiresApproval: true });
    expect(answer.plan.target).toMatch(
      /^codex:azure:11111111-0000-4000-8000-000000000001:eastus:compute\/virtualMachine\//,
    );
    expect(answer.plan.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'vmSize', to: 'Standard_F4s_v2' }),
        expect.objectContaining({ field: 'hourlyListPrice' }),
      ]),
    );
    expect(answer.plan.steps[0]).toMatch(/deallocate/i);
  });

  it('identity: every command succeeds and the dry run plans to block every account of a person', async () => {
    const answer = (await pasted(
      '### Try identity governance on the sandboxes',
      home,
      platform.gatewayUrl,
    )) as DryRun;
    expect(answer).toMatchObject({ dryRun: true, requiresApproval: false });
    expect(answer.plan.target).toMatch(/^codex:codex:[^:]+:-:identity\/person\//);
    expect(answer.plan.steps[0]).toMatch(/^block codex:(auth0|entra):/);
  });

  it('storage: every command succeeds and the reports are copied from GCS into a Blob container, verified', async () => {
    const answer = (await pasted(
      '### Try the storage browser on the sandboxes',
      home,
      platform.gatewayUrl,
    )) as { status: string; result: { objects: number; bytes: number; destination: string } };
    expect(answer.status).toBe('succeeded');
    expect(answer.result.objects).toBe(20);
    expect(answer.result.bytes).toBeGreaterThan(0);
    expect(answer.result.destination).toMatch(
      /^codex:azure:.*:storage\/container\/rg-data-dev\/codexdevdata\/ml-datasets$/,
    );
  });

  it('cost: every command succeeds and last month per provider equals the bills to the cent', async () => {
    const answer = (await pasted('### Try cost on the sandboxes', home, platform.gatewayUrl)) as {
      status: string;
      codex: { provider: string; billed: string; effective: string }[];
      bill: { provider: string; billed: string; effective: string }[];
    };
    const byProvider = (rows: { provider: string }[]) =>
      [...rows].sort((a, b) => a.provider.localeCompare(b.provider));
    expect(answer.bill.map((row) => row.provider).sort()).toEqual(['aws', 'azure', 'gcp']);
    expect(byProvider(answer.codex)).toEqual(byProvider(answer.bill));
  });

  it('oracle: every command succeeds and each anomaly planted in the sandbox bills is found with its root cause', async () => {
    const answer = (await pasted(
      '### Try the oracle on the sandboxes',
      home,
      platform.gatewayUrl,
    )) as {
      planted: { id: string; found: boolean }[];
    };
    expect(answer.planted).toHaveLength(5);
    expect(answer.planted.filter((anomaly) => !anomaly.found)).toEqual([]);
  });
});
