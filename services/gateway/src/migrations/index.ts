import { InitialSchema1795338253347 } from './1795338253347-InitialSchema';

/** Every migration of this service, oldest first. Committed migrations are never edited. */
export const migrations = [InitialSchema1795338253347];
