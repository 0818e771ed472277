// Starts a private Azure sandbox on a free port for one test file.
import { startSandboxServer, TLS_DIR } from '../test-server.mjs';

export { TLS_DIR };

export function startSandbox({ vms = 44 } = {}) {
  return startSandboxServer('azure', ['--vms', String(vms)]);
}
