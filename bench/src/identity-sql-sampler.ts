import { Client } from 'pg';

/** What hall-of-faces' database was busy with while the syncs ran, by statement. */
export interface SqlSamples {
  samples: number;
  busy: number;
  byStatement: { statement: string; samples: number }[];
  markdown: string;
}

const INTERVAL_MS = 20;

/** A short, stable label of a statement: its first words, whitespace collapsed. */
function labelOf(query: string): string {
  const flat = query.replace(/\s+/g, ' ').trim();
  return flat.length > 110 ? `${flat.slice(0, 110)}…` : flat;
}

/**
 * Samples pg_stat_activity every INTERVAL_MS for the database's active statements (the other
 * connections', not its own): a statistical profile of where the write side spends its time.
 */
export function startSqlSampler(databaseUrl: string): { stop(): Promise<SqlSamples> } {
  const database = new URL(databaseUrl).pathname.slice(1);
  const client = new Client({ connectionString: databaseUrl });
  const counts = new Map<string, number>();
  let samples = 0;
  let busy = 0;
  let stopping = false;
  const loop = (async () => {
    await client.connect();
    while (!stopping) {
      const rows = await client.query<{ query: string; wait: string | null }>(
        `SELECT query, wait_event_type || ':' || wait_event AS wait FROM pg_stat_activity
          WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`,
        [database],
      );
      samples += 1;
      if (rows.rows.length > 0) busy += 1;
      for (const row of rows.rows) {
        const label = labelOf(row.query);
        counts.set(label, (counts.get(label) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
    await client.end();
  })();
  let result: SqlSamples | undefined;
  return {
    stop: async () => {
      if (result) return result;
      stopping = true;
      await loop.catch(() => undefined);
      const byStatement = [...counts]
        .map(([statement, n]) => ({ statement, samples: n }))
        .sort((a, b) => b.samples - a.samples);
      const top = byStatement.slice(0, 12);
      const markdown = [
        `PostgreSQL, sampled every ${INTERVAL_MS} ms over the measured syncs (BENCH_PROFILE): ${samples} samples, ${busy} with a statement running (${((busy / Math.max(1, samples)) * 100).toFixed(0)} %). The statements, by share of samples:`,
        '',
        '| statement (start) | samples | share |',
        '|---|---|---|',
        ...top.map(
          (entry) =>
            `| \`${entry.statement.replace(/\|/g, '\\|')}\` | ${entry.samples} | ${((entry.samples / Math.max(1, samples)) * 100).toFixed(1)} % |`,
        ),
      ].join('\n');
      result = { samples, busy, byStatement, markdown };
      return result;
    },
  };
}
