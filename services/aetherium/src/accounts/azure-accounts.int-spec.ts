import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { AccountStatus, CredentialKind, payloadProblems, Provider } from '@codex/contracts';
import { LocalKeyWrapper, openSealedSecret } from '@codex/credentials';
import { AZURE_SANDBOX, localInfra } from '@codex/testing';

import { certificateThumbprint } from './api/account.schemas';
import {
  type AccountsHarness,
  type Problem,
  startAccountsHarness,
  TEST_KEK,
  TEST_KEK_ID,
} from './testing/accounts-harness.fixture';

const PATH = '/api/v1/accounts';

// The Azure sandbox's estate (tools/sandbox/azure/README.md); aetherium reaches it through
// AZURE_ENDPOINT_URL and trusts its CA through NODE_EXTRA_CA_CERTS (serviceEnv sets both).
const { tenantId: TENANT_ID, clientId: OWNER, narrowClientId: NARROW } = AZURE_SANDBOX;
const [SUB1 = '', SUB2 = ''] = AZURE_SANDBOX.subscriptions;
const CERTIFICATE_CLIENT = AZURE_SANDBOX.certificateClientId;
const SECRET = AZURE_SANDBOX.clientSecret;

const clientSecret = (clientId: string = OWNER, secret: string = SECRET) => ({
  kind: 'client-secret',
  tenantId: TENANT_ID,
  clientId,
  clientSecret: secret,
});

interface Account {
  id: string;
  provider: string;
  externalAccountId: string;
  status: string;
  credentials: Record<string, string>;
  [field: string]: unknown;
}

describe('Azure accounts', () => {
  let aetherium: AccountsHarness;
  let admin: string;
  let otherAdmin: string;
  /** The sandbox's certificate client: its private key and certificate (tls.sh). */
  const certificatePem = () =>
    readFileSync(join(dirname(localInfra().azureSandboxCa), 'client-cert.pem'), 'utf8');
  const keys = new LocalKeyWrapper(new Map([[TEST_KEK_ID, TEST_KEK]]), TEST_KEK_ID);

  const connect = (
    subscriptionId: string,
    credentials: object,
    token = admin,
    extra: object = {},
  ) =>
    aetherium.call('POST', PATH, {
      token,
      body: { provider: 'azure', name: 'payments', subscriptionId, credentials, ...extra },
    });

  const rowCount = async () =>
    (await aetherium.sql<{ n: number }>('SELECT count(*)::int AS n FROM cloud_accounts'))[0]?.n;

  const refusal = async (response: Response, secret: string): Promise<Problem> => {
    const text = await response.text();
    expect(response.status).toBe(422);
    expect(text).not.toContain(secret);
    return JSON.parse(text) as Problem;
  };

  beforeAll(async () => {
    aetherium = await startAccountsHarness();
    admin = await aetherium.token('tenant-a', ['admin']);
    otherAdmin = await aetherium.token('tenant-b', ['admin']);
  });

  afterAll(async () => {
    await aetherium?.stop();
  });

  it('connects a subscription with a client secret, publishing the principal as settings and the secret only sealed', async () => {
    const response = await connect(SUB1, clientSecret(), admin, { locations: ['westeurope'] });
    const text = await response.text();
    expect(response.status).toBe(201);
    expect(text).not.toContain(SECRET);
    const account = JSON.parse(text) as Account;
    expect(account).toMatchObject({
      provider: 'azure',
      externalAccountId: SUB1,
      name: 'payments',
      regions: ['westeurope'],
      status: 'connected',
      credentials: { kind: 'client-secret', tenantId: TENANT_ID, clientId: OWNER },
      disconnectedAt: null,
    });
    expect(Object.keys(account.credentials).sort()).toEqual(['clientId', 'kind', 'tenantId']);

    const [row] = await aetherium.sql<{ text: string; sealed: Buffer; settings: object }>(
      'SELECT row_to_json(a)::text AS text, sealed_secret AS sealed, provider_settings AS settings FROM cloud_accounts a WHERE id = $1',
      [account.id],
    );
    expect(row?.settings).toEqual({ tenantId: TENANT_ID, clientId: OWNER });
    expect(row?.text).not.toContain(SECRET);
    expect(row?.sealed.includes(SECRET)).toBe(false);

    const fetched = await aetherium.call('GET', `${PATH}/${account.id}`, { token: admin });
    expect(await fetched.json()).toEqual(account);

    const [event] = (await aetherium.publishedEvents()).filter((e) => e.key === account.id);
    expect(payloadProblems('account.connected', event!.payload)).toEqual([]);
    expect(event!.payload).toMatchObject({
      tenantId: 'tenant-a',
      provider: Provider.AZURE,
      externalAccountId: SUB1,
      regions: ['westeurope'],
      status: AccountStatus.CONNECTED,
      kind: CredentialKind.CLIENT_SECRET,
      providerSettings: { tenantId: TENANT_ID, clientId: OWNER },
    });
    await expect(
      openSealedSecret(event!.payload.sealedSecret!, keys, `tenant-a:${account.id}`),
    ).resolves.toBe(SECRET);
  });

  it('answers 409 account_exists naming the Azure subscription, however its id is written', async () => {
    const before = await rowCount();
    const response = await connect(SUB1.toUpperCase(), clientSecret());
    expect(response.status).toBe(409);
    const problem = (await response.json()) as Problem;
    expect(problem).toMatchObject({ code: 'account_exists', externalAccountId: SUB1 });
    expect(problem.detail).toBe(`Azure subscription ${SUB1} is already connected`);
    expect(await rowCount()).toBe(before);
  });

  it("answers 422 with Entra ID's AADSTS7000215 for a wrong client secret, writing nothing", async () => {
    const before = await rowCount();
    const problem = await refusal(
      await connect(SUB2, clientSecret(OWNER, 'not-the-secret')),
      'not-the-secret',
    );
    expect(problem).toMatchObject({
      code: 'account_verification_failed',
      provider: 'azure',
      operation: 'entra:token',
      providerCode: 'AADSTS7000215',
    });
    expect(problem.providerMessage).toContain('Invalid client secret provided');
    expect(problem.detail).toMatch(/^Azure did not accept the credentials: .*AADSTS7000215/);
    expect(await rowCount()).toBe(before);
  });

  it('answers 422 SubscriptionNotFound for a subscription Azure does not know', async () => {
    const unknown = '33333333-0000-4000-8000-000000000003';
    const problem = await refusal(await connect(unknown, clientSecret()), SECRET);
    expect(problem).toMatchObject({
      code: 'account_verification_failed',
      operation: 'arm:subscriptions.get',
      providerCode: 'SubscriptionNotFound',
    });
    expect(problem.detail).toContain(unknown);
  });

  it('answers 422 AuthorizationFailed for a subscription the service principal may not read', async () => {
    const problem = await refusal(await connect(SUB2, clientSecret(NARROW)), SECRET);
    expect(problem).toMatchObject({
      code: 'account_verification_failed',
      operation: 'arm:subscriptions.get',
      providerCode: 'AuthorizationFailed',
    });
    expect(problem.providerMessage).toContain(NARROW);
  });

  it('connects a subscription with a certificate, showing its thumbprint and sealing the PEM', async () => {
    const pem = certificatePem();
    const credentials = {
      kind: 'client-certificate',
      tenantId: TENANT_ID,
      clientId: CERTIFICATE_CLIENT,
      certificatePem: pem,
    };
    const response = await connect(SUB2, credentials);
    const text = await response.text();
    expect(response.status).toBe(201);
    expect(text).not.toContain('PRIVATE KEY');
    const account = JSON.parse(text) as Account;
    expect(account).toMatchObject({
      provider: 'azure',
      externalAccountId: SUB2,
      regions: [],
      credentials: {
        kind: 'client-certificate',
        tenantId: TENANT_ID,
        clientId: CERTIFICATE_CLIENT,
        certificateThumbprint: certificateThumbprint(pem),
      },
    });

    const [event] = (await aetherium.publishedEvents()).filter((e) => e.key === account.id);
    expect(event!.payload).toMatchObject({
      provider: Provider.AZURE,
      kind: CredentialKind.CLIENT_CERTIFICATE,
      regions: [],
      providerSettings: { tenantId: TENANT_ID, clientId: CERTIFICATE_CLIENT },
    });
    await expect(
      openSealedSecret(event!.payload.sealedSecret!, keys, `tenant-a:${account.id}`),
    ).resolves.toBe(pem);
  });

  it('answers 422 AADSTS700027 for a certificate not registered for the client', async () => {
    // The certificate client's own pair, presented for a client that trusts no certificate.
    const problem = await refusal(
      await connect(SUB1, {
        kind: 'client-certificate',
        tenantId: TENANT_ID,
        clientId: OWNER,
        certificatePem: certificatePem(),
      }),
      'PRIVATE KEY',
    );
    expect(problem).toMatchObject({ operation: 'entra:token', providerCode: 'AADSTS700027' });
  });

  it('disconnects an Azure account like an AWS one, and connects it again', async () => {
    const created = await connect(SUB2, clientSecret(), otherAdmin);
    expect(created.status).toBe(201);
    const account = (await created.json()) as Account;
    const removed = await aetherium.call('DELETE', `${PATH}/${account.id}`, { token: otherAdmin });
    expect(removed.status).toBe(204);

    const view = await aetherium.call('GET', `${PATH}/${account.id}`, { token: otherAdmin });
    expect(await view.json()).toMatchObject({ provider: 'azure', status: 'disconnected' });
    const events = (await aetherium.publishedEvents()).filter((e) => e.key === account.id);
    expect(events.map((event) => event.payload.status)).toEqual([
      AccountStatus.CONNECTED,
      AccountStatus.DISCONNECTED,
    ]);
    expect(events[1]?.payload).toMatchObject({
      provider: Provider.AZURE,
      kind: CredentialKind.CLIENT_SECRET,
      providerSettings: { tenantId: TENANT_ID, clientId: OWNER },
    });
    expect(events[1]?.payload.sealedSecret).toBeUndefined();
    expect(payloadProblems('account.connected', events[1]!.payload)).toEqual([]);

    expect((await connect(SUB2, clientSecret(), otherAdmin)).status).toBe(201);
  });
});
