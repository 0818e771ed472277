import type { ReactNode } from 'react';

import type { PageTrail } from '../lib/keyset';
import { Pager } from './Pager';
import { type QueryLike, QueryState } from './states';

/** One keyset page of a list, as the API answers it. */
interface ListPage<Item> {
  items: Item[];
  nextCursor: string | null;
}

/**
 * A list as a table, one keyset page at a time: its loading, error and empty states, the
 * table (scrolling sideways on a narrow screen) and the pager.
 */
export function PagedTable<Item>({
  query,
  empty,
  head,
  row,
  pager,
}: {
  query: QueryLike<ListPage<Item>>;
  empty: ReactNode;
  /** The header row. */
  head: ReactNode;
  /** One item's row, keyed. */
  row: (item: Item) => ReactNode;
  pager: {
    label: string;
    trail: PageTrail;
    onPrevious: () => void;
    onNext: (cursor: string) => void;
  };
}) {
  return (
    <QueryState query={query} isEmpty={(page) => page.items.length === 0} empty={empty}>
      {(page) => (
        <>
          <div className="table-scroll">
            <table className="table">
              <thead>{head}</thead>
              <tbody>{page.items.map(row)}</tbody>
            </table>
          </div>
          <Pager {...pager} nextCursor={page.nextCursor} />
        </>
      )}
    </QueryState>
  );
}
