import { type SilentPeer, startSilentPeer } from '@codex/testing';

import { VerificationFailure } from './account-verifier';
import { ArmAccountVerifier, DEFAULT_AZURE_VERIFICATION_SETTINGS } from './azure-account-verifier';

const SUBSCRIPTION = '11111111-0000-4000-8000-000000000001';
const credentials = {
  kind: 'client-secret',
  tenantId: '72f988bf-0000-4000-8000-00000000c0de',
  clientId: '0a1b2c3d-0000-4000-8000-000000000001',
  clientSecret: 'sandbox-secret',
} as const;

const verifierAt = (endpoint: string, budgetMs = DEFAULT_AZURE_VERIFICATION_SETTINGS.budgetMs) =>
  new ArmAccountVerifier({ ...DEFAULT_AZURE_VERIFICATION_SETTINGS, endpoint, budgetMs });

async function failureOf(promise: Promise<unknown>): Promise<VerificationFailure> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof VerificationFailure)) {
    throw new Error(`expected a VerificationFailure, got ${String(outcome)}`);
  }
  return outcome;
}

// What the Azure sandbox answers is covered through the API (azure-accounts.int-spec.ts);
// these are the failures no sandbox answer makes.
describe('verifying an Azure service principal when Azure does not answer', () => {
  it('gives up within its budget when Entra ID never answers', async () => {
    let peer: SilentPeer | undefined;
    try {
      peer = await startSilentPeer();
      const started = Date.now();
      const failure = await failureOf(
        verifierAt(`https://${peer.address}`, 1_000).verify(SUBSCRIPTION, credentials),
      );
      expect(failure).toMatchObject({ operation: 'entra:token', code: 'TimeoutError' });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await peer?.close();
    }
  });

  it('reports a refused connection, never with the secret', async () => {
    const failure = await failureOf(
      verifierAt('https://127.0.0.1:1').verify(SUBSCRIPTION, credentials),
    );
    // MSAL retries the authority's metadata, then gives up on the principal.
    expect(failure).toMatchObject({
      operation: 'entra:token',
      code: 'CredentialUnavailableError',
      providerMessage: expect.stringContaining('endpoints_resolution_error') as string,
    });
    expect(failure.message).not.toContain(credentials.clientSecret);
  });
});
