import type { DataSource } from 'typeorm';

export interface SchemaDrift {
  up: string[];
  down: string[];
}

/**
 * What TypeORM would still have to run to make the database match the entities.
 * Empty after all migrations ran means entities and migrations agree.
 */
export async function schemaDrift(dataSource: DataSource): Promise<SchemaDrift> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((query) => query.query.trim()),
    down: sql.downQueries.map((query) => query.query.trim()).reverse(),
  };
}
