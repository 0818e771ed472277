/**
 * Tokens of `subject` in `tenantId` issued before `notBefore` (epoch ms) are
 * refused. Subject `*` means every token of the tenant: a suspended tenant has
 * `notBefore` = +∞ there until it is resumed.
 */
export interface Revocation {
  tenantId: string;
  subject: string;
  notBefore: number;
}

export const WHOLE_TENANT = '*';

/** Where revocations are shared between every replica of every service (a port; Redis in production). */
export interface RevocationStore {
  /** Every revocation in force, and where the change feed stood when it was read. */
  snapshot(): Promise<{ revocations: Revocation[]; cursor: string }>;
  /** Changes after `cursor`, oldest first, and the cursor after them. */
  changesSince(cursor: string): Promise<{ revocations: Revocation[]; cursor: string }>;
  publish(revocations: readonly Revocation[]): Promise<void>;
  /** Forgets subjects' revocations older than `before`: no token issued before then is still valid. */
  prune(before: number): Promise<number>;
}
