import { ProviderError, toAzureProviderError } from '@codex/connectors';

/**
 * toAzureProviderError, and also the refusal @azure/identity reports as
 * `AuthenticationRequiredError` when Entra ID refuses the service principal's secret (the
 * token request of a Resource Manager call): `denied` with Entra's AADSTS code.
 */
export function toAzureError(error: unknown): ProviderError {
  if (error instanceof Error && error.name === 'AuthenticationRequiredError') {
    const message = error.message;
    return new ProviderError('denied', entraDescription(message), {
      provider: 'azure',
      providerCode: /AADSTS\d+/.exec(message)?.[0] ?? error.name,
      cause: error,
    });
  }
  return toAzureProviderError(error);
}

/** Entra's own sentence (`AADSTS7000215: Invalid client secret provided. …`), else the message. */
function entraDescription(message: string): string {
  const description = /(AADSTS\d+:[^.]*\.)/.exec(message)?.[1];
  return description ?? message.split('\n')[0] ?? message;
}
