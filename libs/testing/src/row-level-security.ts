/** A DataSource, an EntityManager or a pg client: anything that runs SQL. */
interface Connection {
  query(sql: string): Promise<unknown>;
}

export interface RoleStanding {
  super: boolean;
  bypass: boolean;
  /** Tables of the public schema the role owns. */
  owns: number;
}

/** Whether the connected role escapes row-level security: a superuser, BYPASSRLS or a table owner does. */
export async function roleStanding(connection: Connection): Promise<RoleStanding> {
  const [role] = (await connection.query(
    `SELECT r.rolsuper AS super, r.rolbypassrls AS bypass,
            (SELECT count(*)::int FROM pg_tables t
              WHERE t.schemaname = 'public' AND t.tableowner = current_user) AS owns
       FROM pg_roles r WHERE r.rolname = current_user`,
  )) as RoleStanding[];
  if (!role) throw new Error('the connected role is not in pg_roles');
  return role;
}

/** How many rows of `table` this connection, in its current scope, can see. */
export async function visibleRows(connection: Connection, table: string): Promise<number> {
  const [row] = (await connection.query(`SELECT count(*)::int AS n FROM "${table}"`)) as {
    n: number;
  }[];
  return row?.n ?? 0;
}
