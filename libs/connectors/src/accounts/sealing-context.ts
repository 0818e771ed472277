/**
 * What an account's sealed secret is bound to (associated data, ADR 8): it opens for this
 * tenant's account only. aetherium seals with it; every access source opens with it.
 */
export function sealingContext(tenantId: string, accountId: string): string {
  return `${tenantId}:${accountId}`;
}
