import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { validate, ValidationProblem } from '@codex/platform';

import {
  certificateProblem,
  certificateThumbprint,
  newAccount,
  readServiceAccountKey,
} from './account.schemas';

const valid = {
  provider: 'aws',
  name: 'production',
  regions: ['eu-west-1'],
  credentials: {
    kind: 'access-keys',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
  },
};

interface FieldProblem {
  field: string;
  message: string;
}

function problemsOf(body: unknown): FieldProblem[] {
  try {
    validate(newAccount, body, 'body');
  } catch (error) {
    if (error instanceof ValidationProblem) {
      return (error.getResponse() as { errors: FieldProblem[] }).errors;
    }
    throw error;
  }
  return [];
}

function badFields(body: unknown): string[] {
  return problemsOf(body)
    .map((problem) => problem.field)
    .sort();
}

describe('a new account body', () => {
  it('accepts access keys and an assumed role', () => {
    expect(badFields(valid)).toEqual([]);
    expect(
      badFields({
        ...valid,
        credentials: {
          kind: 'assume-role',
          roleArn: 'arn:aws:iam::210987654321:role/codex-reader',
          externalId: 'codex-7f3a',
        },
      }),
    ).toEqual([]);
  });

  it.each([
    ['another provider', { ...valid, provider: 'oracle-cloud' }, ['body.provider']],
    ['no provider', { name: 'x' }, ['body.provider']],
    ['an unknown region', { ...valid, regions: ['eu-west-1', 'mars-1'] }, ['body.regions.1']],
    ['no region', { ...valid, regions: [] }, ['body.regions']],
    ['too many regions', { ...valid, regions: Array(21).fill('eu-west-1') }, ['body.regions']],
    ['a region twice', { ...valid, regions: ['eu-west-1', 'eu-west-1'] }, ['body.regions']],
    ['an unknown field', { ...valid, owner: 'me' }, ['body.owner']],
    [
      'a missing secret key and an extra credential field',
      {
        ...valid,
        credentials: { kind: 'access-keys', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', token: 'x' },
      },
      ['body.credentials.secretAccessKey', 'body.credentials.token'],
    ],
    [
      'a malformed role ARN',
      {
        ...valid,
        credentials: { kind: 'assume-role', roleArn: 'role/x', externalId: 'codex-7f3a' },
      },
      ['body.credentials.roleArn'],
    ],
    [
      'an unknown credential kind',
      { ...valid, credentials: { kind: 'password', password: 'x' } },
      ['body.credentials.kind'],
    ],
  ])('refuses %s, naming the field', (_case, body, fields) => {
    expect(badFields(body)).toEqual(fields);
  });

  it('counts the name after trimming it: 201 characters behind leading spaces are refused', () => {
    const padded = (length: number) => `${' '.repeat(30)}${'n'.repeat(length)}  `;

    expect(badFields({ ...valid, name: padded(201) })).toEqual(['body.name']);
    expect(badFields({ ...valid, name: ' '.repeat(250) })).toEqual(['body.name']);
    expect(validate(newAccount, { ...valid, name: padded(200) }, 'body').name).toBe(
      'n'.repeat(200),
    );
  });

  it('never repeats a rejected secret in its messages', () => {
    const secret = 'not a valid secret key at all!';
    try {
      validate(
        newAccount,
        { ...valid, credentials: { ...valid.credentials, secretAccessKey: secret } },
        'body',
      );
    } catch (error) {
      expect(JSON.stringify((error as ValidationProblem).getResponse())).not.toContain(secret);
      return;
    }
    throw new Error('the body was accepted');
  });
});

/** Throwaway PEMs made with openssl: a certificate with its RSA key, and other keys. */
interface Pems {
  /** Private key then certificate, as ClientCertificateCredential reads it. */
  rsa: string;
  certificate: string;
  otherRsaKey: string;
  ecKeyAndCertificate: string;
  encryptedKeyAndCertificate: string;
}

function makePems(): Pems {
  const dir = mkdtempSync(join(tmpdir(), 'azure-pems-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  try {
    const selfSigned = (key: string, certificate: string, ...extra: string[]) =>
      run(
        'req',
        '-x509',
        '-new',
        '-key',
        key,
        '-out',
        certificate,
        '-subj',
        '/CN=codex-test',
        ...extra,
      );
    run('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa.pem');
    selfSigned('rsa.pem', 'rsa-cert.pem', '-days', '30');
    run('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'other.pem');
    run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ec.pem');
    selfSigned('ec.pem', 'ec-cert.pem', '-days', '30');
    run('pkcs8', '-topk8', '-in', 'rsa.pem', '-out', 'encrypted.pem', '-passout', 'pass:codex');
    return {
      rsa: `${read('rsa.pem')}${read('rsa-cert.pem')}`,
      certificate: read('rsa-cert.pem'),
      otherRsaKey: read('other.pem'),
      ecKeyAndCertificate: `${read('ec.pem')}${read('ec-cert.pem')}`,
      encryptedKeyAndCertificate: `${read('encrypted.pem')}${read('rsa-cert.pem')}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a new Azure account body', () => {
  const TENANT = '72F988BF-0000-4000-8000-00000000C0DE';
  const CLIENT = '0a1b2c3d-0000-4000-8000-000000000001';
  const SUBSCRIPTION = '11111111-0000-4000-8000-000000000001';
  const azure = {
    provider: 'azure',
    name: 'payments',
    subscriptionId: SUBSCRIPTION,
    credentials: {
      kind: 'client-secret',
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 'Abc8Q~not-a-real-secret-value',
    },
  };
  let pems: Pems;
  const withCertificate = (certificatePem: string) => ({
    ...azure,
    credentials: { kind: 'client-certificate', tenantId: TENANT, clientId: CLIENT, certificatePem },
  });

  beforeAll(() => {
    pems = makePems();
  });

  it('accepts a client secret, keeping GUIDs in lower case and every location when none is named', () => {
    const parsed = validate(newAccount, azure, 'body');
    expect(parsed).toEqual({
      ...azure,
      credentials: { ...azure.credentials, tenantId: TENANT.toLowerCase() },
    });
    expect(badFields({ ...azure, locations: ['westeurope', 'eastus2'] })).toEqual([]);
    expect(badFields({ ...azure, locations: [] })).toEqual([]);
  });

  it('accepts a certificate with its RSA private key, in either order', () => {
    expect(badFields(withCertificate(pems.rsa))).toEqual([]);
    const [key, certificate] = pems.rsa.split(/(?=-----BEGIN CERTIFICATE-----)/);
    expect(badFields(withCertificate(`${certificate}\n${key}`))).toEqual([]);
  });

  it.each<[string, () => object, string, RegExp]>([
    [
      'a subscription id that is no GUID',
      () => ({ ...azure, subscriptionId: 'payments-prod' }),
      'body.subscriptionId',
      /expected a subscription id: a GUID/,
    ],
    [
      'a tenant id that is no GUID',
      () => ({
        ...azure,
        credentials: { ...azure.credentials, tenantId: 'contoso.onmicrosoft.com' },
      }),
      'body.credentials.tenantId',
      /expected a directory \(tenant\) id/,
    ],
    [
      'a client id that is no GUID',
      () => ({ ...azure, credentials: { ...azure.credentials, clientId: 'codex-app' } }),
      'body.credentials.clientId',
      /expected an application \(client\) id/,
    ],
    [
      'an empty client secret',
      () => ({ ...azure, credentials: { ...azure.credentials, clientSecret: '' } }),
      'body.credentials.clientSecret',
      /expected the value of a client secret/,
    ],
    [
      'no client secret',
      () => ({
        ...azure,
        credentials: { kind: 'client-secret', tenantId: TENANT, clientId: CLIENT },
      }),
      'body.credentials.clientSecret',
      /is required/,
    ],
    [
      'a location written as its display name',
      () => ({ ...azure, locations: ['West Europe'] }),
      'body.locations.0',
      /expected an Azure location name such as westeurope/,
    ],
    [
      'a location twice',
      () => ({ ...azure, locations: ['westeurope', 'westeurope'] }),
      'body.locations',
      /lists a location twice/,
    ],
    [
      'AWS regions on an Azure account',
      () => ({ ...azure, regions: ['eu-west-1'] }),
      'body.regions',
      /is not a known field/,
    ],
    [
      'an unknown credential kind',
      () => ({ ...azure, credentials: { kind: 'access-keys', tenantId: TENANT } }),
      'body.credentials.kind',
      /expected kind client-secret or client-certificate/,
    ],
    [
      'no subscription id',
      () => ({ provider: 'azure', name: 'x', credentials: azure.credentials }),
      'body.subscriptionId',
      /is required/,
    ],
    [
      'a certificate without its private key',
      () => withCertificate(pems.certificate),
      'body.credentials.certificatePem',
      /expected a PEM with the private key/,
    ],
    [
      'a private key of another certificate',
      () => withCertificate(`${pems.otherRsaKey}${pems.certificate}`),
      'body.credentials.certificatePem',
      /the private key is not the key of the certificate/,
    ],
    [
      'an elliptic-curve key',
      () => withCertificate(pems.ecKeyAndCertificate),
      'body.credentials.certificatePem',
      /expected an RSA private key/,
    ],
    [
      'an encrypted private key',
      () => withCertificate(pems.encryptedKeyAndCertificate),
      'body.credentials.certificatePem',
      /expected an unencrypted private key/,
    ],
    [
      'a mangled certificate',
      () => withCertificate(pems.rsa.replace(/(BEGIN CERTIFICATE-----\n)..../, '$1AAAA')),
      'body.credentials.certificatePem',
      /the certificate is not readable/,
    ],
  ])('refuses %s, naming the field and what is expected', (_case, body, field, message) => {
    const problems = problemsOf(body());
    expect(problems).toEqual([{ field, message: expect.stringMatching(message) as string }]);
  });

  it('never repeats the client secret or the private key in its messages', () => {
    const secret = 'x'.repeat(1025);
    const tooLong = problemsOf({
      ...azure,
      credentials: { ...azure.credentials, clientSecret: secret },
    });
    expect(tooLong.map((problem) => problem.field)).toEqual(['body.credentials.clientSecret']);
    expect(JSON.stringify(tooLong)).not.toContain(secret);
    const mismatched = `${pems.otherRsaKey}${pems.certificate}`;
    const text = JSON.stringify(problemsOf(withCertificate(mismatched)));
    expect(text).not.toContain(pems.otherRsaKey.split('\n')[1]);
  });

  it('names a certificate by its SHA-1 thumbprint, as Entra ID shows it', () => {
    const expected = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha1'], {
      input: pems.certificate,
    })
      .toString()
      .replace(/^.*=/, '')
      .replace(/:/g, '')
      .trim();
    expect(certificateThumbprint(pems.rsa)).toBe(expected);
    expect(certificateProblem(pems.rsa)).toBeUndefined();
  });

  it('refuses a certificate that expired', () => {
    expect(certificateProblem(pems.rsa, new Date('2100-01-01T00:00:00Z'))).toMatch(
      /^the certificate expired on \d{4}-/,
    );
  });
});

describe('a new GCP account body', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = {
    type: 'service_account',
    project_id: 'codex-prod-1',
    private_key_id: 'abc123',
    private_key: pem,
    client_email: 'codex@codex-prod-1.iam.gserviceaccount.com',
  };
  const gcp = (keyFields: object, projectId = 'codex-prod-1') => ({
    provider: 'gcp',
    name: 'analytics',
    projectId,
    credentials: { kind: 'service-account-key', keyJson: JSON.stringify(keyFields) },
  });

  it('accepts a service-account key and reads its e-mail and key id', () => {
    expect(problemsOf(gcp(key))).toEqual([]);
    expect(readServiceAccountKey(JSON.stringify(key))).toEqual({
      projectId: 'codex-prod-1',
      clientEmail: key.client_email,
      privateKeyId: 'abc123',
      privateKey: pem,
    });
  });

  it.each([
    [
      'a user credential',
      { ...key, type: 'authorized_user' },
      'expected "type": "service_account"',
    ],
    ['a key without its e-mail', { ...key, client_email: '' }, 'expected "client_email"'],
    [
      'an unreadable private key',
      { ...key, private_key: 'not a key' },
      'the private key is not readable',
    ],
  ])('refuses %s, naming the field and never quoting the key', (_case, fields, message) => {
    const problems = problemsOf(gcp(fields));
    expect(problems).toEqual([{ field: 'body.credentials.keyJson', message }]);
    expect(JSON.stringify(problems)).not.toContain(pem.split('\n')[1]);
  });

  it('refuses text that is not JSON and a project id that is not one', () => {
    expect(
      problemsOf({ ...gcp(key), credentials: { kind: 'service-account-key', keyJson: '{' } }),
    ).toEqual([
      {
        field: 'body.credentials.keyJson',
        message: 'expected the JSON of a service-account key file',
      },
    ]);
    expect(badFields(gcp(key, 'Not_A_Project'))).toEqual(['body.projectId']);
  });
});
