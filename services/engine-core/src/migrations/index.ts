import { InitialSchema1795338257345 } from './1795338257345-InitialSchema';

/** Every migration of this service, oldest first. Committed migrations are never edited. */
export const migrations = [InitialSchema1795338257345];
