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
    /** The call that failed, e.g. `sts:AssumeRole`. */
    readonly operation: string,
    /** The provider's error code (`AccessDenied`, `InvalidClientTokenId`) or the network's. */
    readonly code: string,
    readonly providerMessage: string,
  ) {
    super(`${operation} failed: ${code}: ${providerMessage}`);
    this.name = 'VerificationFailure';
  }
}

/** Port: asks the provider whose account the credentials open. Throws VerificationFailure. */
export abstract class AccountVerifier {
  abstract verify(region: string, credentials: AwsCredentials): Promise<VerifiedAccount>;
}
