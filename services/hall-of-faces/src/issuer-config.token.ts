export const ISSUER_CONFIG = Symbol('ISSUER_CONFIG');
