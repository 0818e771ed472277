import { localInfra } from '@codex/testing';
import { Client } from 'pg';

/**
 * Every row of every table of a service's database as text, read as the admin (row-level
 * security does not hide rows from it): what a "nothing secret is stored" test searches.
 */
export async function databaseText(runtimeUrl: string): Promise<string> {
  const database = new URL(runtimeUrl).pathname.slice(1);
  const admin = new URL(localInfra().postgresAdminUrl);
  admin.pathname = `/${database}`;
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
         FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    const parts: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
      parts.push(...rows.rows.map((row) => row.row));
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

/** Every message published on the platform's topics (keys, values and headers) as text. */
export async function topicsText(topicPrefix: string): Promise<string> {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ brokers: [localInfra().kafkaBrokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
  const ends = new Map<string, number>();
  for (const topic of topics) {
    for (const partition of await admin.fetchTopicOffsets(topic)) {
      ends.set(`${topic}/${partition.partition}`, Number(partition.high));
    }
  }
  await admin.disconnect();
  const remaining = new Set([...ends].filter(([, high]) => high > 0).map(([key]) => key));
  const parts: string[] = [];
  if (remaining.size === 0) return '';
  const consumer = kafka.consumer({ groupId: `stored-text-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: ({ topic, partition, message }) => {
        parts.push(message.key?.toString('latin1') ?? '', message.value?.toString('latin1') ?? '');
        for (const header of Object.values(message.headers ?? {})) parts.push(String(header));
        const key = `${topic}/${partition}`;
        if (Number(message.offset) + 1 >= (ends.get(key) ?? 0)) remaining.delete(key);
        if (remaining.size === 0) resolve();
        return Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  return Buffer.from(parts.join('\n'), 'latin1').toString('utf8');
}
