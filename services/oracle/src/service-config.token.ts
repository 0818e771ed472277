/** Injects oracle's own ServiceConfig (the platform part is PLATFORM_CONFIG). */
export const SERVICE_CONFIG = Symbol('ORACLE_SERVICE_CONFIG');
