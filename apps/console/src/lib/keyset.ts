/**
 * Keyset paging with previous: the API only hands out the next page's cursor, so the
 * console keeps the cursors of the pages it came through. `undefined` is the first page.
 */
export interface PageTrail {
  cursors: (string | undefined)[];
}

export const firstPage = (): PageTrail => ({ cursors: [undefined] });

export const currentCursor = (trail: PageTrail): string | undefined =>
  trail.cursors[trail.cursors.length - 1];

export const nextPage = (trail: PageTrail, nextCursor: string): PageTrail => ({
  cursors: [...trail.cursors, nextCursor],
});

export const previousPage = (trail: PageTrail): PageTrail =>
  trail.cursors.length > 1 ? { cursors: trail.cursors.slice(0, -1) } : trail;

export const hasPrevious = (trail: PageTrail): boolean => trail.cursors.length > 1;

export const pageNumber = (trail: PageTrail): number => trail.cursors.length;
