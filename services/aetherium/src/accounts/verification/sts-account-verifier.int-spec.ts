import {
  localInfra,
  type SilentPeer,
  startSilentPeer,
  startThrottlingProxy,
  type ThrottlingProxy,
} from '@codex/testing';

import type { AccessKeys, AssumeRole } from '../credentials/aws-credentials';
import { VerificationFailure } from './account-verifier';
import { DEFAULT_STS_SETTINGS, StsAccountVerifier } from './sts-account-verifier';

const keys: AccessKeys = {
  kind: 'access-keys',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
};
const role: AssumeRole = {
  kind: 'assume-role',
  roleArn: 'arn:aws:iam::210987654321:role/codex-reader',
  externalId: 'codex-external-7f3a',
};

const verifierAt = (endpoint: string, budgetMs = DEFAULT_STS_SETTINGS.budgetMs) =>
  new StsAccountVerifier({ ...DEFAULT_STS_SETTINGS, endpoint, budgetMs });

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

describe('verifying AWS credentials with STS', () => {
  const moto = localInfra().motoUrl;
  let proxy: ThrottlingProxy;

  beforeAll(async () => {
    // Codex's own identity for sts:AssumeRole comes from the SDK's default chain.
    process.env.AWS_ACCESS_KEY_ID ??= 'codex-platform';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'codex-platform-secret';
    proxy = await startThrottlingProxy(moto);
  });

  afterEach(() => proxy.passThrough());

  afterAll(async () => {
    await proxy.close();
  });

  it('names the account an access key pair belongs to', async () => {
    await expect(verifierAt(moto).verify('eu-west-1', keys)).resolves.toEqual({
      externalAccountId: '123456789012',
      arn: 'arn:aws:sts::123456789012:user/moto',
    });
  });

  it('assumes the role with the external id and names the account of the role', async () => {
    await expect(verifierAt(moto).verify('eu-west-1', role)).resolves.toEqual({
      externalAccountId: '210987654321',
      arn: expect.stringMatching(
        /^arn:aws:sts::210987654321:assumed-role\/codex-reader\/codex-account-verification$/,
      ) as string,
    });
  });

  it("reports the provider's code and message when AWS refuses the key pair", async () => {
    proxy.denyNext(1, { services: ['sts'] });
    const failure = await failureOf(verifierAt(proxy.url).verify('eu-west-1', keys));
    expect(failure).toMatchObject({
      operation: 'sts:GetCallerIdentity',
      code: 'AccessDenied',
      providerMessage: 'User is not authorized to perform this sts operation',
    });
  });

  it('reports a refused AssumeRole as such', async () => {
    proxy.denyNext(1, { services: ['sts'] });
    const failure = await failureOf(verifierAt(proxy.url).verify('eu-west-1', role));
    expect(failure).toMatchObject({ operation: 'sts:AssumeRole', code: 'AccessDenied' });
    expect(failure.message).not.toContain(role.externalId);
  });

  it('gives up within its budget when STS never answers', async () => {
    let peer: SilentPeer | undefined;
    try {
      peer = await startSilentPeer();
      const started = Date.now();
      const failure = await failureOf(
        verifierAt(`http://${peer.address}`, 1_000).verify('eu-west-1', keys),
      );
      expect(failure.code).toBe('TimeoutError');
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await peer?.close();
    }
  });

  it('reports a refused connection with the network error', async () => {
    const failure = await failureOf(verifierAt('http://127.0.0.1:1').verify('eu-west-1', keys));
    expect(failure.operation).toBe('sts:GetCallerIdentity');
    expect(failure.providerMessage).toContain('ECONNREFUSED');
  });
});
