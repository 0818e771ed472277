import { gcsClient, toGcpProviderError } from '@codex/connectors';

import type { ServiceAccountKey } from '../api/account.schemas';
import { redact, VerificationFailure } from './account-verifier';

/** The project Google showed the service account. */
export interface VerifiedProject {
  externalAccountId: string;
}

/** Port: asks Google whether the service account can read the project. Throws VerificationFailure. */
export abstract class GcpAccountVerifier {
  abstract verify(
    projectId: string,
    key: ServiceAccountKey,
    keyJson: string,
  ): Promise<VerifiedProject>;
}

export interface GcpVerificationSettings {
  /** Overrides the Google API endpoint, e.g. the local GCS sandbox. */
  endpoint: string | undefined;
  budgetMs: number;
}

/**
 * Verifies a service-account key against one project: Google issues a token for the key (a
 * deleted or disabled key fails here with invalid_grant), then lists one bucket of the project
 * (forbidden without storage.buckets.list, notFound for an unknown project). A local peer
 * takes no token, so there only the listing is checked.
 */
export class GcsProjectVerifier extends GcpAccountVerifier {
  constructor(private readonly settings: GcpVerificationSettings) {
    super();
  }

  async verify(
    projectId: string,
    key: ServiceAccountKey,
    keyJson: string,
  ): Promise<VerifiedProject> {
    const { endpoint, budgetMs } = this.settings;
    const storage = gcsClient({
      provider: 'gcp',
      accountId: projectId,
      regions: [],
      ...(endpoint ? { endpoint } : {}),
      credentials: { kind: 'service-account-key', keyJson },
    });
    const deadline = AbortSignal.timeout(budgetMs);
    try {
      await Promise.race([
        storage.getBuckets({ maxResults: 1, autoPaginate: false }),
        new Promise<never>((_, reject) =>
          deadline.addEventListener('abort', () => reject(deadline.reason as Error)),
        ),
      ]);
    } catch (error) {
      const failure = toGcpProviderError(error);
      const grant = (error as { response?: { data?: { error?: string } } }).response?.data?.error;
      throw new VerificationFailure(
        'gcs:buckets.list',
        grant ?? failure.providerCode,
        redact(failure.message, [key.privateKey]),
      );
    }
    return { externalAccountId: projectId };
  }
}
