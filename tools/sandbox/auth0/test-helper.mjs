// Starts a private Auth0 sandbox on a free port for one test file; `domain` is what
// the auth0 SDK takes (it hard-codes https://).
import { startSandboxServer } from '../test-server.mjs';

export const CLIENT_ID = 'codex-sandbox-m2m';
export const READONLY_CLIENT_ID = 'codex-sandbox-readonly';
export const CLIENT_SECRET = 'auth0-sandbox-secret';

export async function startSandbox({ people } = {}) {
  const sandbox = await startSandboxServer(
    'auth0',
    people === undefined ? [] : ['--people', String(people)],
  );
  return { ...sandbox, domain: new URL(sandbox.url).host };
}
