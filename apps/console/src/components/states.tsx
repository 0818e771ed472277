import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';

import { fieldLabel, type FieldProblem, ProblemError, problemMessage } from '../lib/problem';

export function errorMessage(error: unknown): string {
  if (error instanceof ProblemError) return problemMessage(error.problem);
  return 'Something went wrong in the console. Reload the page and try again.';
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

/** A failed load, said in words, with a way to try again. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p>{errorMessage(error)}</p>
      {onRetry && (
        <Button className="button" onPress={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}

/** A failed mutation above its form: the message, and field errors that fit no field. */
export function ProblemBanner({ error, extra = [] }: { error: unknown; extra?: FieldProblem[] }) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      <p>{errorMessage(error)}</p>
      {extra.length > 0 && (
        <ul>
          {extra.map((problem) => (
            <li key={`${problem.field}:${problem.message}`}>
              {fieldLabel(problem.field)}: {problem.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** A list's three states before its content: loading, error, empty. */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  loadingLabel,
  children,
}: {
  query: QueryLike<T>;
  isEmpty: (data: T) => boolean;
  empty: ReactNode;
  loadingLabel?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading {...(loadingLabel ? { label: loadingLabel } : {})} />;
  if (query.error || query.data === undefined)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty(query.data)) return <Empty>{empty}</Empty>;
  return <>{children(query.data)}</>;
}
