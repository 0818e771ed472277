import { InitialSchema1795338255190 } from './1795338255190-InitialSchema';

/** Every migration of this service, oldest first. Committed migrations are never edited. */
export const migrations = [InitialSchema1795338255190];
