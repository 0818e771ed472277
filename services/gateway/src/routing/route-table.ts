import type { GatewayConfig } from '../config';

export type Upstream = keyof GatewayConfig['upstreams'];

export interface Route {
  /** The path prefix, the same at the gateway and at the service (no rewriting). */
  prefix: string;
  upstream: Upstream;
}

/** `/api/v1/<area>/…` goes to the service that owns the area; every one needs a caller. */
export const API_ROUTES: readonly Route[] = [
  { prefix: '/api/v1/identity', upstream: 'hallOfFaces' },
  { prefix: '/api/v1/accounts', upstream: 'aetherium' },
  { prefix: '/api/v1/inventory', upstream: 'aetherium' },
  { prefix: '/api/v1/actions', upstream: 'aetherium' },
  { prefix: '/api/v1/costs', upstream: 'aetherium' },
  { prefix: '/api/v1/storage', upstream: 'greatLibrary' },
  { prefix: '/api/v1/compute', upstream: 'engineCore' },
  { prefix: '/api/v1/insights', upstream: 'aetherium' },
  { prefix: '/api/v1/anomalies', upstream: 'oracle' },
  { prefix: '/api/v1/forecasts', upstream: 'oracle' },
  { prefix: '/api/v1/recommendations', upstream: 'oracle' },
  { prefix: '/api/v1/analyses', upstream: 'oracle' },
  { prefix: '/api/v1/identity-risk', upstream: 'oracle' },
];

/** Open to anyone: the built-in issuer's token endpoint, key set and discovery document. */
export const PUBLIC_ROUTES: readonly Route[] = [
  { prefix: '/oauth', upstream: 'hallOfFaces' },
  { prefix: '/.well-known', upstream: 'hallOfFaces' },
];

/** Every service whose OpenAPI document is part of the gateway's. */
export const DOCUMENTED_UPSTREAMS: readonly Upstream[] = [
  'hallOfFaces',
  'aetherium',
  'greatLibrary',
  'engineCore',
  'oracle',
];
