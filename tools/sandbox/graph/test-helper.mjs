// Starts a private Graph sandbox (and, unless given one, a private Azure sandbox
// as its Entra ID) on free ports for one test file.
import { startSandbox as startAzureSandbox } from '../azure/test-helper.mjs';
import { startSandboxServer, TLS_DIR } from '../test-server.mjs';

export { TLS_DIR };

export const GRAPH_SANDBOX = {
  tenantId: '72f988bf-0000-4000-8000-00000000c0de',
  clientId: '0a1b2c3d-0000-4000-8000-000000000001',
  clientSecret: 'sandbox-secret',
};

/**
 * { url, authority, control(method, what, body), stop() }: the Graph sandbox at
 * `url`, its Entra ID (the Azure sandbox) at `authority`.
 */
export async function startGraphSandbox({ people, authority } = {}) {
  const azure = authority ? null : await startAzureSandbox({ vms: 0 });
  const entra = authority ?? azure.url;
  const args = ['--authority', entra];
  if (people !== undefined) args.push('--people', String(people));
  let graph;
  try {
    graph = await startSandboxServer('graph', args);
  } catch (error) {
    azure?.stop();
    throw error;
  }
  return {
    ...graph,
    authority: entra,
    stop() {
      graph.stop();
      azure?.stop();
    },
  };
}
