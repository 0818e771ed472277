import { createContext, useContext } from 'react';

import { anomalySentence } from '../../lib/anomalies';
import type { AnalysisSubject, Anomaly } from '../../lib/oracle-views';

/** What the explain panel is asked about: the subject and a title for the panel. */
export interface ExplainRequest {
  subject: AnalysisSubject;
  title: string;
}

export const ExplainContext = createContext<(request: ExplainRequest) => void>(() => undefined);

/** Opens the explain panel on a subject, from anywhere inside the layout. */
export function useExplain(): (request: ExplainRequest) => void {
  return useContext(ExplainContext);
}

/** An anomaly is explained as the insight the oracle announced it as (the same id). */
export function explainAnomaly(anomaly: Anomaly): ExplainRequest {
  return { subject: { kind: 'insight', id: anomaly.id }, title: anomalySentence(anomaly) };
}
