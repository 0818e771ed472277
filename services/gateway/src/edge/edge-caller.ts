import type { Principal } from '@codex/auth';

/** Who is calling through the gateway, and the bearer token the services will see. */
export interface EdgeCaller {
  principal: Principal;
  token: string;
  /** Set when the caller used an API key, which has its own rate limit. */
  apiKeyId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    edgeCaller?: EdgeCaller;
  }
}
