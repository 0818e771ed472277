import { Button } from 'react-aria-components';

import { hasPrevious, pageNumber, type PageTrail } from '../lib/keyset';

/** Previous / next over keyset pages. */
export function Pager({
  trail,
  nextCursor,
  onPrevious,
  onNext,
  label,
}: {
  trail: PageTrail;
  nextCursor: string | null | undefined;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  label: string;
}) {
  if (!hasPrevious(trail) && !nextCursor) return null;
  return (
    <nav className="pager" aria-label={label}>
      <Button className="button" isDisabled={!hasPrevious(trail)} onPress={onPrevious}>
        Previous page
      </Button>
      <span aria-live="polite">Page {pageNumber(trail)}</span>
      <Button
        className="button"
        isDisabled={!nextCursor}
        onPress={() => nextCursor && onNext(nextCursor)}
      >
        Next page
      </Button>
    </nav>
  );
}
