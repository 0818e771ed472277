import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { cursorTimeSql, type KeysetCursor, type Page, toPage } from './keyset-cursor';

/** How a list is ordered for keyset paging: a timestamptz column, then a unique id to break ties. */
export interface KeysetOrder<Entity> {
  /** The query's alias of the entity, e.g. `action`. */
  alias: string;
  /** Column names, e.g. `requested_at` and `id`. */
  timeColumn: string;
  idColumn: string;
  /** The entity property holding the id, e.g. `id` or `clientId`. */
  idProperty: keyof Entity & string;
  /** `uuid` for uuid ids; text ids need no cast. */
  idCast?: 'uuid';
  direction: 'ASC' | 'DESC';
}

/**
 * Runs a filtered query for one page in keyset order: rows after the cursor,
 * `limit + 1` of them, so the extra one says whether another page exists.
 */
export async function keysetPage<Entity extends ObjectLiteral, Item>(
  select: SelectQueryBuilder<Entity>,
  order: KeysetOrder<Entity>,
  query: { cursor?: KeysetCursor | undefined; limit: number },
  toItem: (entity: Entity) => Item,
): Promise<Page<Item>> {
  const time = `${order.alias}.${order.timeColumn}`;
  const id = `${order.alias}.${order.idColumn}`;
  select.addSelect(cursorTimeSql(time), 'keyset_cursor_at');
  if (query.cursor) {
    const cursorId = order.idCast ? `CAST(:keysetId AS ${order.idCast})` : ':keysetId';
    select.andWhere(
      `(${time}, ${id}) ${order.direction === 'ASC' ? '>' : '<'} (CAST(:keysetAt AS timestamptz), ${cursorId})`,
      { keysetAt: query.cursor.at, keysetId: query.cursor.id },
    );
  }
  const { entities, raw } = await select
    .orderBy(time, order.direction)
    .addOrderBy(id, order.direction)
    .limit(query.limit + 1)
    .getRawAndEntities<{ keyset_cursor_at: string }>();
  const rows = entities.map((entity, index) => ({
    entity,
    at: raw[index]?.keyset_cursor_at ?? '',
  }));
  return toPage(
    rows,
    query.limit,
    (row) => ({ at: row.at, id: String(row.entity[order.idProperty]) }),
    (row) => toItem(row.entity),
  );
}
