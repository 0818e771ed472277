import type { RunningPlatform } from '@codex/testing';

/**
 * How many `action.requested` a service's executor kit counted with this disposition
 * (`executed`, `duplicate`, `interrupted`, `not_owned`), read from its Prometheus metrics.
 */
export async function executorDeliveries(
  platform: RunningPlatform,
  service: 'engine-core' | 'hall-of-faces',
  disposition: string,
): Promise<number> {
  const text = await (await fetch(`${platform.urlOf(service)}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (entry) =>
        entry.startsWith('action_executor_deliveries_total{') &&
        entry.includes(`executor="${service}"`) &&
        entry.includes(`disposition="${disposition}"`),
    );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/** engine-core's count of `action.requested` with this disposition. */
export function engineCoreDeliveries(
  platform: RunningPlatform,
  disposition: string,
): Promise<number> {
  return executorDeliveries(platform, 'engine-core', disposition);
}
