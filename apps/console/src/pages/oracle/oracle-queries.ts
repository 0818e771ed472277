import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { unwrap } from '../../api/client';
import type { ForecastScope } from '../../lib/forecast-band';
import type {
  Anomaly,
  AnomalySettings,
  Forecast,
  IdentityRiskList,
  Insight,
  Page,
  Recommendation,
  RiskSignal,
} from '../../lib/oracle-views';
import { type AnomalyQuery, oracleApi } from './oracle-api';

/** Everything under ['oracle'] is the oracle's and the insights' reads. */
export const oracleKeys = {
  all: ['oracle'] as const,
  anomalies: (query: AnomalyQuery) => ['oracle', 'anomalies', query] as const,
  settings: ['oracle', 'anomaly-settings'] as const,
  forecast: (scope: ForecastScope, metric: string, currency: string) =>
    ['oracle', 'forecast', scope, metric, currency] as const,
  recommendations: (resource?: string) => ['oracle', 'recommendations', resource ?? 'all'] as const,
  identityRisk: ['oracle', 'identity-risk'] as const,
  signals: (identity: string) => ['oracle', 'signals', identity] as const,
  insights: ['oracle', 'insights'] as const,
};

export function useAnomalies(query: AnomalyQuery, enabled = true) {
  return useQuery({
    queryKey: oracleKeys.anomalies(query),
    enabled,
    queryFn: () => unwrap<Page<Anomaly>>(oracleApi.GET('/api/v1/anomalies', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useAnomalySettings() {
  return useQuery({
    queryKey: oracleKeys.settings,
    queryFn: () => unwrap<AnomalySettings>(oracleApi.GET('/api/v1/anomalies/settings')),
  });
}

export function useSaveAnomalySettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AnomalySettings) =>
      unwrap<AnomalySettings>(oracleApi.PUT('/api/v1/anomalies/settings', { body })),
    onSuccess: (saved) => client.setQueryData(oracleKeys.settings, saved),
  });
}

/** A scope's forecast; a 404 (no forecast yet for it) reads as none, not as an error. */
export function useForecast(
  scope: ForecastScope,
  metric: 'billed' | 'effective',
  currency: string,
) {
  return useQuery({
    queryKey: oracleKeys.forecast(scope, metric, currency),
    queryFn: async () => {
      const answer = await oracleApi.GET('/api/v1/forecasts/scope', {
        params: {
          query: {
            kind: scope.kind,
            ...(scope.value ? { value: scope.value } : {}),
            metric,
            currency,
            horizon: 14,
            history: 0,
          },
        },
      });
      if (answer.response.status === 404) return null;
      return unwrap<Forecast>(Promise.resolve(answer));
    },
    placeholderData: keepPreviousData,
  });
}

export function useRecommendations(resource?: string) {
  return useQuery({
    queryKey: oracleKeys.recommendations(resource),
    queryFn: () =>
      unwrap<Page<Recommendation>>(
        oracleApi.GET('/api/v1/recommendations', {
          params: { query: { limit: 100, ...(resource ? { resource } : {}) } },
        }),
      ),
  });
}

export function useApplyRecommendation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap<Recommendation>(
        oracleApi.POST('/api/v1/recommendations/{id}/apply', { params: { path: { id } } }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['oracle', 'recommendations'] }),
  });
}

export function useIdentityRisk() {
  return useQuery({
    queryKey: oracleKeys.identityRisk,
    queryFn: () =>
      unwrap<IdentityRiskList>(
        oracleApi.GET('/api/v1/identity-risk/identities', { params: { query: { limit: 200 } } }),
      ),
  });
}

export function useRiskSignals(identity: string) {
  return useQuery({
    queryKey: oracleKeys.signals(identity),
    queryFn: () =>
      unwrap<Page<RiskSignal>>(
        oracleApi.GET('/api/v1/identity-risk/signals', {
          params: { query: { identity, limit: 50 } },
        }),
      ),
  });
}

export function useInsights() {
  return useQuery({
    queryKey: oracleKeys.insights,
    queryFn: () =>
      unwrap<Page<Insight>>(
        oracleApi.GET('/api/v1/insights', { params: { query: { status: 'open', limit: 50 } } }),
      ),
  });
}

export function useDismissInsight() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap<Insight>(
        oracleApi.POST('/api/v1/insights/{id}/dismiss', {
          params: { path: { id } },
          body: { reason },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: oracleKeys.insights }),
  });
}
