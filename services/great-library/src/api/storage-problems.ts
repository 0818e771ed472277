import { AccountUnavailableError, PROVIDER_LABELS, ProviderError } from '@codex/connectors';
import { ProblemException } from '@codex/platform';

/**
 * Runs a call to the provider for an API request: what the provider refused or could not find
 * becomes a problem document naming the provider's own code; anything else propagates.
 */
export async function atProvider<T>(what: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw storageProblem(what, error);
  }
}

export function storageProblem(what: string, error: unknown): unknown {
  if (error instanceof AccountUnavailableError && error.reason === 'unknown') {
    return new ProblemException(404, 'not_found', `${what}: ${error.message}`);
  }
  if (error instanceof AccountUnavailableError) {
    return new ProblemException(
      409,
      'account_unavailable',
      `the bucket's account cannot be used (${error.reason}): ${error.message}`,
    );
  }
  if (!(error instanceof ProviderError)) return error;
  const provider = PROVIDER_LABELS[error.provider];
  const extensions = { provider: error.provider, providerCode: error.providerCode };
  switch (error.code) {
    case 'not_found':
      return new ProblemException(
        404,
        'not_found',
        `${what} does not exist in ${provider}`,
        extensions,
      );
    case 'throttled':
    case 'unavailable':
      return new ProblemException(
        503,
        'provider_unavailable',
        `${provider} did not answer for ${what}; try again (${error.providerCode})`,
        {
          ...extensions,
          ...(error.retryAfterMs
            ? { retryAfterSeconds: Math.ceil(error.retryAfterMs / 1000) }
            : {}),
        },
      );
    case 'denied':
      return new ProblemException(
        502,
        'provider_denied',
        `${provider} refused ${what} to Codex's credentials (${error.providerCode}): ${error.message}`,
        extensions,
      );
    case 'conflict':
      return new ProblemException(
        409,
        'provider_conflict',
        `${provider}: ${error.message}`,
        extensions,
      );
    case 'invalid':
      return new ProblemException(
        502,
        'provider_error',
        `${provider} refused ${what} (${error.providerCode}): ${error.message}`,
        extensions,
      );
  }
}
