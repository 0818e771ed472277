/** Everything hall-of-faces writes to the audit log. */
export const AUDIT_ACTIONS = [
  'tenant.bootstrapped',
  'sign_in.succeeded',
  'sign_in.failed',
  'sign_in.throttled',
  'sign_in.locked_out',
  'client_sign_in.failed',
  'api_key_sign_in.failed',
  'signing_key.rotated',
  'machine_client.created',
  'machine_client.revoked',
  'user.created',
  'user.role_changed',
  'user.disabled',
  'user.enabled',
  'api_key.created',
  'api_key.revoked',
  'tenant.created',
  'tenant.suspended',
  'tenant.resumed',
  'tenant.deleted',
  'operator.bootstrapped',
  'refresh_token.reused',
  'session.revoked',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
