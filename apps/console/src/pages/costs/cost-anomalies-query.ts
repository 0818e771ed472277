import { useMemo } from 'react';

import type { CostFilters } from '../../lib/costs';
import type { Anomaly } from '../../lib/oracle-views';
import { useAnomalies } from '../oracle/oracle-queries';

/** The cost anomalies that started in the shown range (one read shared by the chart and list). */
export function useCostAnomalies(filters: Pick<CostFilters, 'from' | 'to'>) {
  const query = useAnomalies({
    source: 'cost',
    since: `${filters.from}T00:00:00.000Z`,
    limit: 200,
  });
  const items = useMemo<Anomaly[]>(
    () =>
      (query.data?.items ?? []).filter((anomaly) => anomaly.startedAt.slice(0, 10) < filters.to),
    [query.data, filters.to],
  );
  return { query, items };
}
