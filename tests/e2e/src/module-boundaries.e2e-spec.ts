import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT } from '@codex/testing';

const run = promisify(execFile);

interface LintResult {
  messages: { ruleId: string | null; message: string }[];
}

/** Lints a probe file placed inside a project with the workspace's ESLint config, then removes it. */
async function lintProbe(project: string, source: string): Promise<string[]> {
  const file = join(REPO_ROOT, project, 'src', `boundary-probe-${process.pid}.ts`);
  await writeFile(file, source);
  try {
    const eslint = join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const { stdout } = await run(process.execPath, [eslint, '--format', 'json', file], {
      cwd: REPO_ROOT,
    }).catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? '[]' }));
    const [result] = JSON.parse(stdout) as LintResult[];
    return (result?.messages ?? [])
      .filter((message) => message.ruleId === '@nx/enforce-module-boundaries')
      .map((message) => message.message);
  } finally {
    await rm(file, { force: true });
  }
}

describe('module boundaries', () => {
  it('reject a service importing another service by package name', async () => {
    const messages = await lintProbe(
      'services/gateway',
      "import { loadConfig } from '@codex/aetherium';\n\nexport const probe = loadConfig;\n",
    );
    expect(messages).toEqual(['Imports of apps are forbidden']);
  });

  it('reject a service reaching into another service by relative path', async () => {
    const messages = await lintProbe(
      'services/gateway',
      "import { database } from '../../aetherium/src/app.module';\n\nexport const probe = database;\n",
    );
    expect(messages).toEqual([
      'Projects cannot be imported by a relative or absolute path, and must begin with a npm scope',
    ]);
  });

  it('reject a shared library importing a service', async () => {
    const messages = await lintProbe(
      'libs/platform',
      "import { loadConfig } from '@codex/oracle';\n\nexport const probe = loadConfig;\n",
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/Imports of apps are forbidden|Circular dependency/),
    );
  });

  it('reject a data library building on platform code (type constraint)', async () => {
    const messages = await lintProbe(
      'libs/persistence',
      "import { startTelemetry } from '@codex/telemetry';\n\nexport const probe = startTelemetry;\n",
    );
    expect(messages).toEqual([
      expect.stringContaining(
        'A project tagged with "type:data" can only depend on libs tagged with',
      ),
    ]);
  });

  it('allow a service to import shared platform code', async () => {
    const messages = await lintProbe(
      'services/gateway',
      "import { parseEnv } from '@codex/config';\n\nexport const probe = parseEnv;\n",
    );
    expect(messages).toEqual([]);
  });
});
