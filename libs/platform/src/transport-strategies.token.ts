/** Optional provider: Nest microservice transports (e.g. Kafka consumers) to run beside the HTTP server. */
export const TRANSPORT_STRATEGIES = Symbol('TRANSPORT_STRATEGIES');
