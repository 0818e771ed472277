export * from './create-service-app';
export * from './logging/logger-options';
export * from './metrics/metrics-registry';
export * from './platform.module';
export * from './platform-config.token';
export * from './redis/redis.provider';
export * from './run-service-cli';
export * from './transport-strategies';
