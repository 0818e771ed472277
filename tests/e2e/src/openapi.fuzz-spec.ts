import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BOOTSTRAP, REPO_ROOT, type RunningPlatform, startPlatform } from '@codex/testing';

/** Installed by tools/fuzz/ensure-schemathesis.sh, which the `fuzz` target runs first. */
const SCHEMATHESIS = join(REPO_ROOT, '.local', 'tools', 'venv', 'bin', 'st');

/** Generated cases per operation and phase: about 2,500 requests, a minute or two on 2 cores. */
const EXAMPLES_PER_OPERATION = 30;

/** One seed, so a failure found here is found again on the next run and can be replayed. */
const SEED = 20261130;

/** What every response must satisfy: no 5xx, and a body that matches its documented schema. */
const CHECKS = 'not_a_server_error,response_schema_conformance';

/**
 * Operations that can take the fuzzer's own rights away (demote or disable the
 * admin it is signed in as), fuzzed after everything else with a fresh token.
 */
const SELF_REVOKING = ['PATCH /api/v1/identity/users/{id}'];

interface Run {
  code: number | null;
  output: string;
}

/** Runs `st` in a scratch folder: it keeps a cache of past cases in its working directory. */
async function schemathesis(args: string[]): Promise<Run> {
  const scratch = await mkdtemp(join(tmpdir(), 'codex-fuzz-'));
  try {
    return await runIn(scratch, args);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function runIn(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(SCHEMATHESIS, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** A run's summary: operations selected of all, tested, cases generated and passed. */
function summaryOf(run: Run) {
  const number = (pattern: RegExp, group = 1) => Number(pattern.exec(run.output)?.[group] ?? 0);
  return {
    selected: number(/Selected: (\d+)\/(\d+)/),
    operations: number(/Selected: (\d+)\/(\d+)/, 2),
    tested: number(/Tested: (\d+)/),
    generated: number(/(\d+) generated, (\d+) passed/),
    passed: number(/(\d+) generated, (\d+) passed/, 2),
  };
}

/** The run's output from its first FAILURES, ERRORS or WARNINGS section on: what it found. */
function findingsOf(run: Run): string {
  const start = run.output.search(/^=+ (FAILURES|ERRORS|WARNINGS) =+$/m);
  return start < 0 ? run.output : run.output.slice(start);
}

describe("the gateway's OpenAPI document, fuzzed with schemathesis", () => {
  let platform: RunningPlatform;

  const signIn = async (): Promise<string> => {
    const response = await fetch(`${platform.gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        tenant: BOOTSTRAP.tenant,
        username: BOOTSTRAP.email,
        password: BOOTSTRAP.password,
      }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  const fuzz = async (token: string, selection: string[]): Promise<Run> =>
    schemathesis([
      'run',
      `${platform.gatewayUrl}/api/v1/openapi.json`,
      '--url',
      platform.gatewayUrl,
      '--header',
      `Authorization: Bearer ${token}`,
      '--checks',
      CHECKS,
      '--max-examples',
      String(EXAMPLES_PER_OPERATION),
      '--seed',
      String(SEED),
      '--workers',
      '2',
      // Past the gateway's own 30 s upstream timeout: a request that hangs fails the run.
      '--request-timeout',
      '40',
      '--generation-database',
      'none',
      '--no-color',
      ...selection,
    ]);

  /** Asserts a run found nothing, tested every operation it selected, and returns its summary. */
  const expectClean = (run: Run) => {
    const summary = summaryOf(run);
    // The report names each failing operation, the request that broke it and a curl to replay it.
    expect({ code: run.code, report: run.code === 0 ? '' : findingsOf(run) }).toEqual({
      code: 0,
      report: '',
    });
    expect(summary.tested).toBe(summary.selected);
    expect(summary.passed).toBe(summary.generated);
    return summary;
  };

  beforeAll(async () => {
    platform = await startPlatform({
      // Every request logged, so the logs of thousands of them can be searched for the token.
      env: { LOG_LEVEL: 'info' },
      serviceEnv: {
        // The fuzzer is one tenant sending thousands of requests: limits would only answer 429.
        gateway: {
          RATE_LIMIT_TENANT_REQUESTS: '1000000',
          RATE_LIMIT_API_KEY_REQUESTS: '1000000',
        },
      },
    });
  });

  afterAll(() => platform?.stop());

  it('finds no 5xx and no response off its schema on any operation, and no token in any log', async () => {
    // Both tokens first: the fuzzer's wrong passwords at /oauth/token get this address throttled.
    const [first, second] = [await signIn(), await signIn()];
    const everythingElse = await fuzz(
      first,
      SELF_REVOKING.flatMap((name) => ['--exclude-name', name]),
    );
    const summary = expectClean(everythingElse);
    expect(summary.selected).toBe(summary.operations - SELF_REVOKING.length);
    expect(summary.generated).toBeGreaterThan(summary.selected * 10);
    // The token held through the run, so the cases reached the services rather than a 401.
    const afterwards = await fetch(`${platform.gatewayUrl}/api/v1/inventory/summary`, {
      headers: { authorization: `Bearer ${first}` },
    });
    expect(afterwards.status).toBe(200);

    const selfRevoking = await fuzz(
      second,
      SELF_REVOKING.flatMap((name) => ['--include-name', name]),
    );
    expect(expectClean(selfRevoking).selected).toBe(SELF_REVOKING.length);

    expect(platform.services.get('gateway')?.output()).toContain('request completed');
    for (const [name, service] of platform.services) {
      const output = service.output();
      const leaked = [first, second, BOOTSTRAP.password].filter((secret) =>
        output.includes(secret),
      );
      expect([name, leaked]).toEqual([name, []]);
    }
  });
});
