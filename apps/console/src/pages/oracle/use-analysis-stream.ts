import { useEffect, useState } from 'react';

import { csrfHeaders, signIn } from '../../api/client';
import { errorMessage } from '../../components/states';
import { type AnalysisState, applyAnalysisEvent, STARTING } from '../../lib/analysis-stream';
import type { AnalysisSubject } from '../../lib/oracle-views';
import { networkProblem, ProblemError, toProblem } from '../../lib/problem';
import { readSse } from '../../lib/sse';

/**
 * Streams an explanation of `subject` from POST /api/v1/analyses/stream (fetch and a reader of
 * the body, as EventSource cannot POST): the text shows as it arrives, the final event brings
 * the citations. Leaving aborts the request (the panel mounts one per subject).
 */
export function useAnalysisStream(subject: AnalysisSubject): AnalysisState {
  const [state, setState] = useState<AnalysisState>(STARTING);
  const { kind, id } = subject;
  useEffect(() => {
    const abort = new AbortController();
    const fail = (error: unknown) =>
      setState((current) => ({ ...current, done: true, error: errorMessage(error) }));
    const run = async () => {
      const response = await fetch('/api/v1/analyses/stream', {
        method: 'POST',
        credentials: 'same-origin',
        signal: abort.signal,
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...csrfHeaders(),
        },
        body: JSON.stringify({ subject: { kind, id } }),
      }).catch(() => {
        throw new ProblemError(networkProblem());
      });
      if (response.status === 401) return signIn();
      if (!response.ok || !response.body) {
        const body: unknown = await response.json().catch(() => undefined);
        throw new ProblemError(toProblem(response.status, body));
      }
      if (response.headers.get('content-type')?.includes('application/json')) {
        const data = await response.text();
        setState((current) => applyAnalysisEvent(current, { event: 'done', data }));
        return undefined;
      }
      await readSse(response.body, (event) =>
        setState((current) => applyAnalysisEvent(current, event)),
      );
      setState((current) => ({ ...current, done: true }));
      return undefined;
    };
    run().catch((error: unknown) => {
      if (!abort.signal.aborted) fail(error);
    });
    return () => abort.abort();
  }, [kind, id]);
  return state;
}
