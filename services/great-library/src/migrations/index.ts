import { InitialSchema1795338256234 } from './1795338256234-InitialSchema';

/** Every migration of this service, oldest first. Committed migrations are never edited. */
export const migrations = [InitialSchema1795338256234];
