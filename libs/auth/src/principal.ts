import type { Role } from './roles';

/** Who is calling, as established from a verified token. */
export interface Principal {
  subject: string;
  tenantId: string;
  roles: Role[];
  /**
   * The person accountable for the call: the subject for a person's token, the
   * person who created the API key or machine client otherwise. Four-eyes
   * checks compare people, not credentials.
   */
  person: string;
  /** Set when the token was obtained with an API key, which has its own rate limit. */
  apiKeyId?: string;
  issuedAt: Date;
  /** When the credential stops being valid. */
  expiresAt: Date;
}
