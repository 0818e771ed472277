import type { Principal } from '@codex/auth';

/** Who is calling through the gateway, and the bearer token the services will see. */
export interface EdgeCaller {
  principal: Principal;
  token: string;
  /** Set when the caller used an API key, or a token obtained with one: the key has its own rate limit. */
  apiKeyId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    edgeCaller?: EdgeCaller;
  }
}

/** The caller a verified token makes; one obtained with an API key counts against that key. */
export function callerWith(principal: Principal, token: string): EdgeCaller {
  return { principal, token, ...(principal.apiKeyId ? { apiKeyId: principal.apiKeyId } : {}) };
}
