export * from './config-error';
export * from './env-example';
export * as env from './env-fields';
export * from './parse-env';
export * from './platform-env';
