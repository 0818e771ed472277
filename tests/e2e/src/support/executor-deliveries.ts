import type { RunningPlatform } from '@codex/testing';

/**
 * How many `action.requested` engine-core's executor kit counted with this disposition
 * (`executed`, `duplicate`, `interrupted`, `not_owned`), read from its Prometheus metrics.
 */
export async function engineCoreDeliveries(
  platform: RunningPlatform,
  disposition: string,
): Promise<number> {
  const text = await (await fetch(`${platform.urlOf('engine-core')}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (entry) =>
        entry.startsWith('action_executor_deliveries_total{') &&
        entry.includes('executor="engine-core"') &&
        entry.includes(`disposition="${disposition}"`),
    );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
