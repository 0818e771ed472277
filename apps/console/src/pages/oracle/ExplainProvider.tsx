import { lazy, type ReactNode, Suspense, useCallback, useState } from 'react';

import { ExplainContext, type ExplainRequest } from './explain-context';

const ExplainPanel = lazy(() => import('./ExplainPanel'));

/** Holds the one explain panel of the console; any page opens it with useExplain(). */
export function ExplainProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<ExplainRequest | null>(null);
  const open = useCallback((next: ExplainRequest) => setRequest(next), []);
  return (
    <ExplainContext.Provider value={open}>
      {children}
      {request && (
        <Suspense fallback={null}>
          <ExplainPanel request={request} onClose={() => setRequest(null)} />
        </Suspense>
      )}
    </ExplainContext.Provider>
  );
}
