export * from './auth-error';
export * from './jwt-verifier';
export * from './principal';
export * from './roles';
