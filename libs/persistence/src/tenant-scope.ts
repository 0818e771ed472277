import type { DataSource, EntityManager } from 'typeorm';

/**
 * The two settings the row-level security policies read (ADR 12). Both are set
 * transaction-locally, so they end with the transaction and never leak to the next
 * user of a pooled connection; a query outside `withTenant` or `asSystem` sees no rows.
 */
export const TENANT_SETTING = 'codex.tenant_id';
export const SCOPE_SETTING = 'codex.scope';
export const SYSTEM_SCOPE = 'system';

/** Where the work runs: a DataSource opens a transaction; a manager must already be in one. */
export type Database = DataSource | EntityManager;

/**
 * Runs `work` in a transaction that sees and writes only the tenant's rows. Called with a
 * manager (a Kafka batch's, a use case's), it scopes that transaction from here on.
 */
export function withTenant<T>(
  database: Database,
  tenantId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (!tenantId) throw new Error('withTenant needs a tenant id');
  return scoped(database, tenantId, '', work);
}

/**
 * Runs `work` in the named system scope: it sees every tenant's rows. Only for work that is
 * not done on behalf of one tenant: set-based projections of events of many tenants,
 * schedulers, claiming queued work. `reason` says which, for the reader of the call site.
 */
export function asSystem<T>(
  database: Database,
  reason: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (!reason) throw new Error('asSystem needs a reason');
  return scoped(database, '', SYSTEM_SCOPE, work);
}

async function scoped<T>(
  database: Database,
  tenantId: string,
  scope: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const enter = async (manager: EntityManager) => {
    await manager.query(`SELECT set_config($1, $2, true), set_config($3, $4, true)`, [
      TENANT_SETTING,
      tenantId,
      SCOPE_SETTING,
      scope,
    ]);
    return work(manager);
  };
  if (isManager(database)) {
    if (!database.queryRunner?.isTransactionActive) {
      throw new Error('a tenant or system scope needs a transaction: pass a DataSource instead');
    }
    return enter(database);
  }
  return database.transaction(enter);
}

function isManager(database: Database): database is EntityManager {
  return !('initialize' in database);
}
