import { z } from 'zod';

import {
  type ActionDefinition,
  noParams,
  type PlanTarget,
  type ResourceTypeActions,
} from './action-catalogue';

const EXECUTOR = 'hall-of-faces';

/** Whether the target is an administrator, or a role or group that makes its holders one. */
function isPrivileged(target: PlanTarget): boolean {
  return target.attributes.privileged === true;
}

const ACCOUNT_MESSAGE = "expected the account's id in its identity provider";

/** A member of a role or group, by the identity provider's own id (Auth0 `user_id`, Entra object id). */
const memberParams = z
  .object({
    accountId: z
      .string({ error: ACCOUNT_MESSAGE })
      .min(1, ACCOUNT_MESSAGE)
      .max(255, ACCOUNT_MESSAGE),
  })
  .strict();

const inviteParams = z
  .object({
    email: z
      .string({ error: 'expected an e-mail address' })
      .trim()
      .toLowerCase()
      .max(320, 'expected at most 320 characters')
      .pipe(z.email({ error: 'expected an e-mail address' })),
    displayName: z
      .string({ error: 'expected the name to show' })
      .trim()
      .min(1, 'expected the name to show')
      .max(256, 'expected at most 256 characters'),
  })
  .strict();

function enabledChange(enabled: boolean, provider: string): ActionDefinition<typeof noParams> {
  const verb = enabled ? 'Unblock' : 'Block';
  const field = provider === 'auth0' ? 'blocked' : 'accountEnabled';
  const value = provider === 'auth0' ? !enabled : enabled;
  return {
    summary: enabled
      ? 'Let the account sign in again'
      : 'Stop the account from signing in (its sessions end at their next token refresh)',
    params: noParams,
    executor: EXECUTOR,
    reversible: true,
    risk: enabled ? 'low' : 'medium',
    productionNeedsApproval: false,
    approvalRequired: isPrivileged,
    plan: (target) => ({
      changes: [{ field: 'state', from: target.state, to: enabled ? 'enabled' : 'disabled' }],
      steps: [
        `${verb.toLowerCase()} the account (${field}: ${String(value)})`,
        'read the account again',
      ],
    }),
  };
}

function membership(
  add: boolean,
  container: 'role' | 'group',
): ActionDefinition<typeof memberParams> {
  return {
    summary: add ? `Give an account this ${container}` : `Take this ${container} from an account`,
    params: memberParams,
    executor: EXECUTOR,
    reversible: true,
    risk: add ? 'medium' : 'low',
    productionNeedsApproval: false,
    approvalRequired: (target) => add && isPrivileged(target),
    plan: (target, params) => ({
      changes: [
        {
          field: 'members',
          from: add ? null : params.accountId,
          to: add ? params.accountId : null,
        },
      ],
      steps: [
        `${add ? 'add' : 'remove'} ${params.accountId} ${add ? 'to' : 'from'} ${target.urn.split('/').slice(2).join('/') || 'it'}${isPrivileged(target) ? ` (a privileged ${container})` : ''}`,
        `read the account's ${container}s again`,
      ],
    }),
  };
}

const invite: ActionDefinition<typeof inviteParams> = {
  summary: 'Create an account for a new person; they set their password on first sign-in',
  params: inviteParams,
  executor: EXECUTOR,
  reversible: true,
  risk: 'low',
  productionNeedsApproval: false,
  plan: (_target, params) => ({
    changes: [{ field: 'accounts', from: null, to: params.email }],
    steps: [`create the account ${params.email} (${params.displayName})`, 'read it again'],
  }),
};

const leaver: ActionDefinition<typeof noParams> = {
  summary: 'Offboard a person: block every account they have, in every identity provider, at once',
  params: noParams,
  executor: EXECUTOR,
  reversible: true,
  risk: 'high',
  productionNeedsApproval: false,
  approvalRequired: isPrivileged,
  plan: (target) => {
    const accounts = Array.isArray(target.attributes.accountUrns)
      ? (target.attributes.accountUrns as string[])
      : [];
    return {
      changes: [{ field: 'state', from: target.state, to: 'blocked' }],
      steps: [
        ...accounts.map((urn) => `block ${urn}`),
        'read every account again; the person is offboarded when all are blocked',
      ],
    };
  },
};

/** Identity governance: executed by hall-of-faces in Auth0 and Entra ID. */
export const IDENTITY_ACTIONS: ResourceTypeActions[] = [
  {
    provider: 'auth0',
    resourceType: 'identity/user',
    actions: { block: enabledChange(false, 'auth0'), unblock: enabledChange(true, 'auth0') },
  },
  {
    provider: 'entra',
    resourceType: 'identity/user',
    actions: { block: enabledChange(false, 'entra'), unblock: enabledChange(true, 'entra') },
  },
  {
    provider: 'auth0',
    resourceType: 'identity/role',
    actions: { assign: membership(true, 'role'), revoke: membership(false, 'role') },
  },
  {
    provider: 'entra',
    resourceType: 'identity/group',
    actions: { add_member: membership(true, 'group'), remove_member: membership(false, 'group') },
  },
  { provider: 'auth0', resourceType: 'identity/directory', actions: { invite } },
  { provider: 'entra', resourceType: 'identity/directory', actions: { invite } },
  { provider: 'codex', resourceType: 'identity/person', actions: { leaver } },
];
