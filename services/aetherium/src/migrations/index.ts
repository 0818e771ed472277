import { InitialSchema1795338254184 } from './1795338254184-InitialSchema';

/** Every migration of this service, oldest first. Committed migrations are never edited. */
export const migrations = [InitialSchema1795338254184];
