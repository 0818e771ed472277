/** Injects engine-core's own ServiceConfig (the platform part is PLATFORM_CONFIG). */
export const SERVICE_CONFIG = Symbol('ENGINE_CORE_SERVICE_CONFIG');
