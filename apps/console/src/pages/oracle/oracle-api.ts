import type { Client } from 'openapi-fetch';

import { api } from '../../api/client';
import type { ById, Ok, Operation, Route } from '../../api/route-types';
import type {
  Anomaly,
  AnomalySettings,
  Forecast,
  ForecastScopeKind,
  IdentityRiskList,
  Insight,
  Page,
  Recommendation,
  RiskSignal,
} from '../../lib/oracle-views';

export interface AnomalyQuery {
  source?: 'cost' | 'metric';
  subject?: string;
  since?: string;
  limit?: number;
}

export interface ForecastScopeQuery {
  kind: ForecastScopeKind;
  value?: string;
  metric: 'billed' | 'effective';
  currency: string;
  horizon: number;
  history: number;
}

/**
 * The oracle's routes (anomalies, forecasts, recommendations, identity risk) and aetherium's
 * insights in the generated schema's shape, after the services' zod schemas (shapes in
 * lib/oracle-views.ts); the same pattern as storage-api.ts, so the pages do not depend on
 * when the snapshot was last regenerated.
 */
export interface OraclePaths {
  '/api/v1/anomalies': Route<Operation<AnomalyQuery, never, never, { 200: Ok<Page<Anomaly>> }>>;
  '/api/v1/anomalies/settings': Route<
    Operation<never, never, never, { 200: Ok<AnomalySettings> }>,
    never,
    Operation<never, never, AnomalySettings, { 200: Ok<AnomalySettings> }>
  >;
  '/api/v1/forecasts/scope': Route<
    Operation<ForecastScopeQuery, never, never, { 200: Ok<Forecast> }>
  >;
  '/api/v1/recommendations': Route<
    Operation<
      { resource?: string; status?: string; limit?: number; cursor?: string },
      never,
      never,
      { 200: Ok<Page<Recommendation>> }
    >
  >;
  '/api/v1/recommendations/{id}/apply': Route<
    never,
    Operation<never, ById, never, { 200: Ok<Recommendation> }>
  >;
  '/api/v1/identity-risk/identities': Route<
    Operation<{ minRisk?: number; limit?: number }, never, never, { 200: Ok<IdentityRiskList> }>
  >;
  '/api/v1/identity-risk/signals': Route<
    Operation<{ identity?: string; limit?: number }, never, never, { 200: Ok<Page<RiskSignal>> }>
  >;
  '/api/v1/insights': Route<
    Operation<{ status?: string; limit?: number }, never, never, { 200: Ok<Page<Insight>> }>
  >;
  '/api/v1/insights/{id}/dismiss': Route<
    never,
    Operation<never, ById, { reason: string }, { 200: Ok<Insight> }>
  >;
}

/** The console's one API client (same CSRF and sign-in middleware), typed for these routes. */
export const oracleApi = api as unknown as Client<OraclePaths>;
