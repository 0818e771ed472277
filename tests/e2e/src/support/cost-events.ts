import { randomUUID } from 'node:crypto';

import { decodeEvent } from '@codex/messaging';
import { localInfra, type RunningPlatform } from '@codex/testing';

/** Cents of billed and effective cost per `provider|YYYY-MM`. */
export type CostSums = Record<string, { billed: number; effective: number }>;

const PROVIDERS: Record<number, string> = { 1: 'aws', 2: 'azure', 3: 'gcp' };

/**
 * What a subscriber of `cost.ingested` knows of the tenant's cost: the latest figure of each
 * line (a restated line replaces the earlier one), summed per provider and month. Reads from
 * the beginning until the sums equal `expected` or the time runs out, and answers the sums.
 */
export async function costEventSums(
  platform: RunningPlatform,
  tenantId: string,
  expected: CostSums,
  timeoutMs = 60_000,
): Promise<CostSums> {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ brokers: [localInfra().kafkaBrokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `cost-events-${randomUUID()}` });
  const lines = new Map<string, { key: string; billed: number; effective: number }>();
  const sums = (): CostSums => {
    const out: CostSums = {};
    for (const line of lines.values()) {
      const sum = (out[line.key] ??= { billed: 0, effective: 0 });
      sum.billed += line.billed;
      sum.effective += line.effective;
    }
    for (const sum of Object.values(out)) {
      sum.billed = Math.round(sum.billed * 100);
      sum.effective = Math.round(sum.effective * 100);
    }
    return out;
  };
  const matches = () => {
    const current = sums();
    return Object.entries(expected).every(
      ([key, want]) =>
        current[key]?.billed === want.billed && current[key]?.effective === want.effective,
    );
  };
  await consumer.connect();
  await consumer.subscribe({ topic: `${platform.topicPrefix}cost.ingested`, fromBeginning: true });
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachBatch: ({ batch }) => {
          for (const message of batch.messages) {
            const { payload } = decodeEvent('cost.ingested', message);
            if (payload.tenantId !== tenantId) continue;
            const month = payload.periodStart
              ? new Date(Number(payload.periodStart.seconds) * 1000).toISOString().slice(0, 7)
              : '';
            lines.set(payload.lineId, {
              key: `${PROVIDERS[payload.provider] ?? 'unknown'}|${month}`,
              billed: Number(payload.cost?.amount ?? '0'),
              effective: Number(payload.amortizedCost?.amount ?? '0'),
            });
          }
          if (matches()) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return sums();
}
