export * from './auth.guard';
export * from './auth-error';
export * from './current-principal.decorator';
export * from './jwt-verifier';
export * from './principal';
export * from './require-role.decorator';
export * from './roles';
