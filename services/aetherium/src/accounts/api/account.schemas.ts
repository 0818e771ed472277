import { createHash, createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';

import { cursorParam, limitParam, type Page } from '@codex/platform';
import { z } from 'zod';

import type { CloudAccount } from '../cloud-account.entity';
import { AWS_REGIONS } from './aws-regions';

const accessKeys = z.strictObject({
  kind: z.literal('access-keys'),
  accessKeyId: z
    .string()
    .regex(/^AKIA[A-Z0-9]{16}$/, 'expected an IAM access key id: AKIA and 16 letters or digits'),
  secretAccessKey: z
    .string()
    .regex(/^[A-Za-z0-9/+=]{16,128}$/, 'expected a secret access key (16 to 128 characters)'),
});

const assumeRole = z.strictObject({
  kind: z.literal('assume-role'),
  roleArn: z
    .string()
    .max(2048, 'expected at most 2048 characters')
    .regex(
      /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
      'expected an IAM role ARN: arn:aws:iam::<12-digit account>:role/<name>',
    ),
  externalId: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/, 'expected 2 to 1224 letters, digits or +=,.@:/-_'),
});

// Trimmed first, then counted: the stored name, not the padded input, must fit 200 characters.
const accountName = z
  .string()
  .trim()
  .min(1, 'expected a name')
  .max(200, 'expected at most 200 characters')
  .describe('How people in the tenant call the account');

export const newAwsAccount = z
  .strictObject({
    provider: z.literal('aws'),
    name: accountName,
    regions: z
      .array(z.enum(AWS_REGIONS, { error: 'expected an AWS region code such as eu-west-1' }))
      .min(1, 'expected at least 1 region')
      .max(20, 'expected at most 20 regions')
      .refine((regions) => new Set(regions).size === regions.length, 'lists a region twice')
      .describe('Regions to discover and act in'),
    credentials: z
      .discriminatedUnion('kind', [accessKeys, assumeRole], {
        error: 'expected kind access-keys or assume-role',
      })
      .describe('An IAM user key pair, or a role Codex assumes with an external id'),
  })
  .describe('An AWS account, verified with STS before it is stored');

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A GUID as Azure writes them, kept in lower case so that one id is stored one way. */
const guid = (what: string) =>
  z
    .string()
    .regex(GUID, `expected ${what}: a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47`)
    .toLowerCase();

const servicePrincipal = {
  tenantId: guid('a directory (tenant) id').describe(
    'The Entra ID directory (tenant) of the service principal',
  ),
  clientId: guid('an application (client) id').describe(
    'The application (client) id of the service principal',
  ),
};

const clientSecret = z
  .strictObject({
    kind: z.literal('client-secret'),
    ...servicePrincipal,
    clientSecret: z
      .string()
      .min(1, 'expected the value of a client secret of the application')
      .max(1024, 'expected at most 1024 characters')
      .describe("The secret's value (not its id); sealed, never shown again"),
  })
  .describe('A client secret of the service principal');

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const PEM_PRIVATE_KEY =
  /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/;

/**
 * Why a PEM cannot sign Entra ID client assertions, or undefined when it can: it must hold an
 * unencrypted RSA private key and the certificate of that key, still valid. Never quotes the PEM.
 */
export function certificateProblem(pem: string, now = new Date()): string | undefined {
  const keyBlock = PEM_PRIVATE_KEY.exec(pem);
  const certificateBlock = PEM_CERTIFICATE.exec(pem);
  if (!keyBlock || !certificateBlock) {
    return 'expected a PEM with the private key (-----BEGIN PRIVATE KEY-----) and the certificate (-----BEGIN CERTIFICATE-----)';
  }
  if (keyBlock[1] === 'ENCRYPTED PRIVATE KEY') {
    return 'expected an unencrypted private key';
  }
  let key: KeyObject;
  let certificate: X509Certificate;
  try {
    key = createPrivateKey(keyBlock[0]);
  } catch {
    return 'the private key is not readable';
  }
  try {
    certificate = new X509Certificate(certificateBlock[0]);
  } catch {
    return 'the certificate is not readable';
  }
  if (key.asymmetricKeyType !== 'rsa') return 'expected an RSA private key, as Entra ID requires';
  if (!certificate.checkPrivateKey(key)) return 'the private key is not the key of the certificate';
  if (new Date(certificate.validTo).getTime() < now.getTime()) {
    return `the certificate expired on ${new Date(certificate.validTo).toISOString()}`;
  }
  return undefined;
}

/** The SHA-1 thumbprint Entra ID shows for a certificate: 40 upper-case hex digits. */
export function certificateThumbprint(pem: string): string {
  const block = PEM_CERTIFICATE.exec(pem);
  if (!block) throw new Error('no certificate in the PEM');
  return createHash('sha1').update(new X509Certificate(block[0]).raw).digest('hex').toUpperCase();
}

const clientCertificate = z
  .strictObject({
    kind: z.literal('client-certificate'),
    ...servicePrincipal,
    certificatePem: z
      .string()
      .max(65_536, 'expected at most 65536 characters')
      .superRefine((pem, context) => {
        const problem = certificateProblem(pem);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      })
      .describe(
        'PEM of the unencrypted RSA private key and the certificate uploaded to the application; sealed, never shown again',
      ),
  })
  .describe('A certificate of the service principal, used to sign client assertions');

const AZURE_LOCATION = /^[a-z][a-z0-9]{1,39}$/;

export const newAzureAccount = z
  .strictObject({
    provider: z.literal('azure'),
    name: accountName,
    subscriptionId: guid('a subscription id').describe(
      'The subscription, which the service principal must be allowed to read',
    ),
    locations: z
      .array(z.string().regex(AZURE_LOCATION, 'expected an Azure location name such as westeurope'))
      .max(100, 'expected at most 100 locations')
      .refine((locations) => new Set(locations).size === locations.length, 'lists a location twice')
      .optional()
      .describe('Locations to discover and act in; absent or empty means every location'),
    credentials: z
      .discriminatedUnion('kind', [clientSecret, clientCertificate], {
        error: 'expected kind client-secret or client-certificate',
      })
      .describe('How the service principal proves itself to Entra ID'),
  })
  .describe(
    'An Azure subscription reached through a service principal, verified with Entra ID and Resource Manager before it is stored',
  );

/** What Codex reads from a service-account key file; the whole file is sealed. */
export interface ServiceAccountKey {
  projectId: string;
  clientEmail: string;
  privateKeyId: string;
  privateKey: string;
}

/**
 * The key file's fields, or why it cannot be a service-account key: JSON of type
 * service_account with an e-mail, a key id and a readable RSA private key. Never quotes the key.
 */
export function readServiceAccountKey(json: string): ServiceAccountKey | string {
  let file: unknown;
  try {
    file = JSON.parse(json);
  } catch {
    return 'expected the JSON of a service-account key file';
  }
  if (typeof file !== 'object' || file === null) return 'expected a JSON object';
  const fields = file as Record<string, unknown>;
  if (fields.type !== 'service_account') return 'expected "type": "service_account"';
  for (const name of ['project_id', 'client_email', 'private_key_id', 'private_key']) {
    if (typeof fields[name] !== 'string' || fields[name] === '') return `expected "${name}"`;
  }
  const privateKey = fields.private_key as string;
  try {
    if (createPrivateKey(privateKey).asymmetricKeyType !== 'rsa') {
      return 'expected an RSA private key, as Google issues';
    }
  } catch {
    return 'the private key is not readable';
  }
  return {
    projectId: fields.project_id as string,
    clientEmail: fields.client_email as string,
    privateKeyId: fields.private_key_id as string,
    privateKey,
  };
}

const serviceAccountKey = z
  .strictObject({
    kind: z.literal('service-account-key'),
    keyJson: z
      .string()
      .max(16_384, 'expected at most 16384 characters')
      .superRefine((json, context) => {
        const key = readServiceAccountKey(json);
        if (typeof key === 'string') context.addIssue({ code: 'custom', message: key });
      })
      .describe('The JSON key file of the service account; sealed, never shown again'),
  })
  .describe('A key of a service account allowed to read the project');

export const newGcpAccount = z
  .strictObject({
    provider: z.literal('gcp'),
    name: accountName,
    projectId: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
        'expected a project id: 6 to 30 lower-case letters, digits or hyphens, starting with a letter',
      )
      .describe('The project to discover and act in; the key may belong to another project'),
    locations: z
      .array(z.string().regex(/^[a-z0-9-]{2,40}$/, 'expected a location such as europe-west1'))
      .max(100, 'expected at most 100 locations')
      .refine((locations) => new Set(locations).size === locations.length, 'lists a location twice')
      .optional()
      .describe('Locations to discover and act in; absent or empty means every location'),
    credentials: z
      .discriminatedUnion('kind', [serviceAccountKey], {
        error: 'expected kind service-account-key',
      })
      .describe('How Codex proves itself to Google'),
  })
  .describe('A GCP project reached with a service-account key, verified with the project first');

export const newAccount = z
  .discriminatedUnion('provider', [newAwsAccount, newAzureAccount, newGcpAccount], {
    error: 'expected aws, azure or gcp',
  })
  .describe('A cloud account to connect; its credentials are verified with the provider first');

export type NewAccount = z.output<typeof newAccount>;
export type NewAwsAccount = z.output<typeof newAwsAccount>;
export type NewAzureAccount = z.output<typeof newAzureAccount>;
export type NewGcpAccount = z.output<typeof newGcpAccount>;

export const accountListQuery = z.strictObject({
  status: z.enum(['connected', 'disconnected']).optional().describe('Only accounts in this state'),
  limit: limitParam.describe('Accounts per page'),
  cursor: cursorParam.describe('The nextCursor of the previous page'),
});

export type AccountListQuery = z.output<typeof accountListQuery>;

const accountLifecycle = {
  id: z.uuid(),
  name: z.string(),
  status: z.enum(['connected', 'disconnected']),
  createdBy: z.string().describe('Subject of the admin who connected it'),
  createdAt: z.iso.datetime(),
  verifiedAt: z.iso.datetime().describe('When the provider last accepted the credentials'),
  disconnectedAt: z.iso.datetime().nullable(),
};

const awsAccountView = z
  .object({
    provider: z.literal('aws'),
    externalAccountId: z.string().describe('The AWS account number STS reported'),
    regions: z.array(z.string()),
    credentials: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('access-keys'), accessKeyId: z.string().describe('Masked') }),
      z.object({ kind: z.literal('assume-role'), roleArn: z.string() }),
    ]),
    ...accountLifecycle,
  })
  .describe('An AWS account');

const azureAccountView = z
  .object({
    provider: z.literal('azure'),
    externalAccountId: z.string().describe('The subscription id'),
    regions: z
      .array(z.string())
      .describe('The locations to discover and act in; empty means every location'),
    credentials: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('client-secret'), tenantId: z.string(), clientId: z.string() }),
      z.object({
        kind: z.literal('client-certificate'),
        tenantId: z.string(),
        clientId: z.string(),
        certificateThumbprint: z
          .string()
          .describe("The certificate's SHA-1 thumbprint, as Entra ID shows it"),
      }),
    ]),
    ...accountLifecycle,
  })
  .describe('An Azure subscription reached through a service principal');

const gcpAccountView = z
  .object({
    provider: z.literal('gcp'),
    externalAccountId: z.string().describe('The project id'),
    regions: z
      .array(z.string())
      .describe('The locations to discover and act in; empty means every location'),
    credentials: z.object({
      kind: z.literal('service-account-key'),
      clientEmail: z.string().describe("The service account's e-mail"),
      privateKeyId: z.string().describe("The key's id, as the console lists it"),
    }),
    ...accountLifecycle,
  })
  .describe('A GCP project reached with a service-account key');

/** An account as the API shows it: how it is reached, never the secret. */
export const accountView = z.discriminatedUnion('provider', [
  awsAccountView,
  azureAccountView,
  gcpAccountView,
]);

export type AccountView = z.output<typeof accountView>;

export const accountPage = z.object({
  items: z.array(accountView),
  nextCursor: z.string().nullable(),
});

export type AccountPage = Page<AccountView>;

export function toAccountView(account: CloudAccount): AccountView {
  const common = {
    id: account.id,
    externalAccountId: account.externalAccountId,
    name: account.name,
    regions: account.regions,
    status: account.status,
    createdBy: account.createdBy,
    createdAt: account.createdAt.toISOString(),
    verifiedAt: account.verifiedAt.toISOString(),
    disconnectedAt: account.disconnectedAt?.toISOString() ?? null,
  };
  const settings = account.providerSettings;
  switch (account.credentialKind) {
    case 'access-keys':
      return {
        provider: 'aws',
        ...common,
        credentials: { kind: 'access-keys', accessKeyId: account.accessKeyHint ?? '' },
      };
    case 'assume-role':
      return {
        provider: 'aws',
        ...common,
        credentials: { kind: 'assume-role', roleArn: account.roleArn ?? '' },
      };
    case 'client-secret':
      return {
        provider: 'azure',
        ...common,
        credentials: {
          kind: 'client-secret',
          tenantId: settings.tenantId ?? '',
          clientId: settings.clientId ?? '',
        },
      };
    case 'client-certificate':
      return {
        provider: 'azure',
        ...common,
        credentials: {
          kind: 'client-certificate',
          tenantId: settings.tenantId ?? '',
          clientId: settings.clientId ?? '',
          certificateThumbprint: settings.certificateThumbprint ?? '',
        },
      };
    case 'service-account-key':
      return {
        provider: 'gcp',
        ...common,
        credentials: {
          kind: 'service-account-key',
          clientEmail: settings.clientEmail ?? '',
          privateKeyId: settings.privateKeyId ?? '',
        },
      };
  }
}
