import { InitialSchema1795338258350 } from './1795338258350-InitialSchema';

/** Every migration of this service, oldest first. Committed migrations are never edited. */
export const migrations = [InitialSchema1795338258350];
