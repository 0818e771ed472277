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

export const newAccount = z.strictObject({
  provider: z.literal('aws', { error: 'expected aws' }),
  // Trimmed first, then counted: the stored name, not the padded input, must fit 200 characters.
  name: z.string().trim().min(1, 'expected a name').max(200, 'expected at most 200 characters'),
  regions: z
    .array(z.enum(AWS_REGIONS, { error: 'expected an AWS region code such as eu-west-1' }))
    .min(1, 'expected at least 1 region')
    .max(20, 'expected at most 20 regions')
    .refine((regions) => new Set(regions).size === regions.length, 'lists a region twice'),
  credentials: z.discriminatedUnion('kind', [accessKeys, assumeRole], {
    error: 'expected kind access-keys or assume-role',
  }),
});

export type NewAccount = z.output<typeof newAccount>;

export const accountListQuery = z.strictObject({
  status: z.enum(['connected', 'disconnected']).optional().describe('Only accounts in this state'),
  limit: limitParam.describe('Accounts per page'),
  cursor: cursorParam.describe('The nextCursor of the previous page'),
});

export type AccountListQuery = z.output<typeof accountListQuery>;

/** An account as the API shows it: how it is reached, never the secret. */
export const accountView = z.object({
  id: z.uuid(),
  provider: z.literal('aws'),
  externalAccountId: z.string().describe('The AWS account number STS reported'),
  name: z.string(),
  regions: z.array(z.string()),
  status: z.enum(['connected', 'disconnected']),
  credentials: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('access-keys'), accessKeyId: z.string().describe('Masked') }),
    z.object({ kind: z.literal('assume-role'), roleArn: z.string() }),
  ]),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  verifiedAt: z.iso.datetime(),
  disconnectedAt: z.iso.datetime().nullable(),
});

export type AccountView = z.output<typeof accountView>;

export const accountPage = z.object({
  items: z.array(accountView),
  nextCursor: z.string().nullable(),
});

export type AccountPage = Page<AccountView>;

export function toAccountView(account: CloudAccount): AccountView {
  return {
    id: account.id,
    provider: 'aws',
    externalAccountId: account.externalAccountId,
    name: account.name,
    regions: account.regions,
    status: account.status,
    credentials:
      account.credentialKind === 'access-keys'
        ? { kind: 'access-keys', accessKeyId: account.accessKeyHint ?? '' }
        : { kind: 'assume-role', roleArn: account.roleArn ?? '' },
    createdBy: account.createdBy,
    createdAt: account.createdAt.toISOString(),
    verifiedAt: account.verifiedAt.toISOString(),
    disconnectedAt: account.disconnectedAt?.toISOString() ?? null,
  };
}
