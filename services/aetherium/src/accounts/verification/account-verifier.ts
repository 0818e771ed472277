import type { AwsCredentials } from '../credentials/aws-credentials';

/** Who the provider says the credentials belong to. */
export interface VerifiedAccount {
  /** The 12-digit AWS account number. */
  externalAccountId: string;
  /** The identity the credentials act as, e.g. an IAM user or an assumed role. */
  arn: string;
}

/** The provider refused the credentials, or did not answer. Never carries the secret. */
export class VerificationFailure extends Error {
  constructor(
    /** The call that failed, e.g. `sts:AssumeRole`, `entra:token`, `arm:subscriptions.get`. */
    readonly operation: string,
    /** The provider's error code (`AccessDenied`, `AADSTS7000215`, `SubscriptionNotFound`) or the network's. */
    readonly code: string,
    readonly providerMessage: string,
  ) {
    super(`${operation} failed: ${code}: ${providerMessage}`);
    this.name = 'VerificationFailure';
  }
}

/** Port: asks AWS whose account the credentials open. Throws VerificationFailure. */
export abstract class AccountVerifier {
  abstract verify(region: string, credentials: AwsCredentials): Promise<VerifiedAccount>;
}

/** Provider messages are shown to the caller and may be logged: no secret goes with them. */
export function redact(message: string, secrets: string[]): string {
  const cleaned = secrets
    .filter((secret) => secret.length > 0)
    .reduce((text, secret) => text.split(secret).join('[redacted]'), message);
  return cleaned.length > 500 ? `${cleaned.slice(0, 500)}…` : cleaned;
}
