import type { Role } from './roles';

/** Who is calling, as established from a verified token. */
export interface Principal {
  subject: string;
  tenantId: string;
  roles: Role[];
  /** When the credential stops being valid. */
  expiresAt: Date;
}
