import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT, type RunningPlatform, startPlatform } from '@codex/testing';

const run = promisify(execFile);

describe("the console's typed API client", () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it("is generated from the gateway's OpenAPI document as it is now (else: make console-api)", async () => {
    const checked = await run(
      process.execPath,
      [join(REPO_ROOT, 'tools/console/check-api-client.mjs'), '--against', platform.gatewayUrl],
      { cwd: REPO_ROOT },
    ).catch((error: Error & { stderr?: string }) => ({
      stdout: '',
      stderr: error.stderr ?? error.message,
    }));
    expect(checked.stderr).toBe('');
  });
});
