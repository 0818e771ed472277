import { OPENAPI_PATH } from '@codex/platform';
import type { OpenAPIObject } from '@nestjs/swagger';

import type { GatewayConfig } from '../config';
import { API_ROUTES, DOCUMENTED_UPSTREAMS, PUBLIC_ROUTES } from '../routing/route-table';

type Paths = OpenAPIObject['paths'];

const ROUTED_PREFIXES = [...API_ROUTES, ...PUBLIC_ROUTES].map((route) => route.prefix);

/**
 * One OpenAPI 3.1 document for the whole API: the routed paths of every
 * service's own document, fetched on demand and kept for a short while. A
 * service that does not answer is left out and named in `x-codex-missing`.
 */
export class AggregatedOpenApi {
  private cached: { document: OpenAPIObject; until: number } | undefined;

  constructor(
    private readonly upstreams: GatewayConfig['upstreams'],
    private readonly cacheMs = 30_000,
  ) {}

  async document(): Promise<OpenAPIObject> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.document;
    const fetched = await Promise.all(
      DOCUMENTED_UPSTREAMS.map(async (upstream) => ({
        upstream,
        document: await fetchDocument(`${this.upstreams[upstream]}${OPENAPI_PATH}`),
      })),
    );
    const merged = merge(fetched.flatMap(({ document }) => (document ? [document] : [])));
    const missing = fetched.filter(({ document }) => !document).map(({ upstream }) => upstream);
    if (missing.length) return Object.assign(merged, { 'x-codex-missing': missing });
    this.cached = { document: merged, until: Date.now() + this.cacheMs };
    return merged;
  }
}

async function fetchDocument(url: string): Promise<OpenAPIObject | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? ((await response.json()) as OpenAPIObject) : undefined;
  } catch {
    return undefined;
  }
}

function merge(documents: OpenAPIObject[]): OpenAPIObject {
  const paths: Paths = {};
  const schemas: Record<string, unknown> = {};
  for (const document of documents) {
    for (const [path, item] of Object.entries(document.paths)) {
      if (ROUTED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) {
        paths[path] = withGatewaySecurity(item);
      }
    }
    Object.assign(schemas, document.components?.schemas);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Codex API',
      version: 'v1',
      description:
        'Every operation needs a bearer token (from your identity provider or the built-in issuer at /oauth/token) or an X-API-Key, unless it lists no security.',
    },
    paths,
    components: {
      schemas: schemas as NonNullable<OpenAPIObject['components']>['schemas'],
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
    security: [{ bearer: [] }, { apiKey: [] }],
  };
}

/** Protected operations take the gateway's choice of credentials; public ones keep `security: []`. */
function withGatewaySecurity(item: Paths[string]): Paths[string] {
  const copy: Record<string, unknown> = { ...item };
  for (const [method, operation] of Object.entries(copy)) {
    if (typeof operation !== 'object' || operation === null || !('responses' in operation))
      continue;
    const { security, ...rest } = operation as { security?: unknown[] };
    copy[method] = Array.isArray(security) && security.length === 0 ? operation : rest;
  }
  return copy;
}
