import { Client } from 'pg';

export interface InventoryStats {
  rows: number;
  /** Rows whose revision is not 1: an event applied twice, or not at all. */
  notAppliedOnce: number;
  inbox: number;
}

export async function inventoryStats(databaseUrl: string): Promise<InventoryStats> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ rows: number; not_applied_once: number; inbox: number }>(
      `SELECT (SELECT count(*)::int FROM inventory_resources) AS rows,
              (SELECT count(*)::int FROM inventory_resources WHERE revision <> 1) AS not_applied_once,
              (SELECT count(*)::int FROM inbox_events) AS inbox`,
    );
    const row = result.rows[0];
    return {
      rows: row?.rows ?? 0,
      notAppliedOnce: row?.not_applied_once ?? 0,
      inbox: row?.inbox ?? 0,
    };
  } finally {
    await client.end();
  }
}
