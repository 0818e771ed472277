import { AccountStatus, CredentialKind } from './gen/codex/events/v1/account_pb';
import type { EventOf, Topic } from './topics';

type Rule<T extends Topic> = (payload: EventOf<T>) => string | undefined;

const required =
  <T extends Topic>(field: string, read: (payload: EventOf<T>) => unknown): Rule<T> =>
  (payload) => {
    const value = read(payload);
    return value === undefined || value === '' || value === 0 ? `${field} is required` : undefined;
  };

const urn =
  <T extends Topic>(field: string, read: (payload: EventOf<T>) => string): Rule<T> =>
  (payload) => {
    const value = read(payload);
    return value && !/^codex:[a-z0-9]+:/.test(value)
      ? `${field} ${value} is not a codex URN`
      : undefined;
  };

type Account = EventOf<'account.connected'>;

/** A connected account carries its sealed credentials (and a role for assume-role); a disconnected one none. */
const accountCredentials: Rule<'account.connected'> = (p: Account) => {
  if (p.status === AccountStatus.DISCONNECTED) {
    return p.sealedSecret ? 'a disconnected account carries no sealed_secret' : undefined;
  }
  if (!p.sealedSecret?.kekId || p.sealedSecret.ciphertext.length === 0) {
    return 'sealed_secret is required while connected';
  }
  return p.kind === CredentialKind.ASSUME_ROLE && !p.roleArn
    ? 'role_arn is required for assume-role'
    : undefined;
};

/** What a consumer may rely on in each payload beyond its protobuf shape. */
const RULES: { [T in Topic]: Rule<T>[] } = {
  'resource.discovered': [
    required('urn', (p) => p.urn),
    urn('urn', (p) => p.urn),
    required('tenant_id', (p) => p.tenantId),
    required('provider', (p) => p.provider),
    required('resource_type', (p) => p.resourceType),
    required('observed_at', (p) => p.observedAt),
  ],
  'resource.deleted': [
    required('urn', (p) => p.urn),
    urn('urn', (p) => p.urn),
    required('tenant_id', (p) => p.tenantId),
    required('observed_at', (p) => p.observedAt),
  ],
  'cost.ingested': [
    required('line_id', (p) => p.lineId),
    required('tenant_id', (p) => p.tenantId),
    required('cost', (p) => p.cost),
    required('period_start', (p) => p.periodStart),
    required('period_end', (p) => p.periodEnd),
  ],
  'metrics.sampled': [
    required('tenant_id', (p) => p.tenantId),
    required('resource_urn', (p) => p.resourceUrn),
    required('metric', (p) => p.metric),
  ],
  'login.observed': [
    required('login_id', (p) => p.loginId),
    required('tenant_id', (p) => p.tenantId),
    required('outcome', (p) => p.outcome),
    required('occurred_at', (p) => p.occurredAt),
  ],
  'action.requested': [
    required('action_id', (p) => p.actionId),
    required('tenant_id', (p) => p.tenantId),
    required('idempotency_key', (p) => p.idempotencyKey),
    required('target_urn', (p) => p.targetUrn),
    required('action_type', (p) => p.actionType),
  ],
  'action.completed': [
    required('action_id', (p) => p.actionId),
    required('tenant_id', (p) => p.tenantId),
    required('outcome', (p) => p.outcome),
  ],
  'insight.generated': [
    required('insight_id', (p) => p.insightId),
    required('tenant_id', (p) => p.tenantId),
    required('kind', (p) => p.kind),
  ],
  'account.connected': [
    required('account_id', (p) => p.accountId),
    required('tenant_id', (p) => p.tenantId),
    required('provider', (p) => p.provider),
    required('external_account_id', (p) => p.externalAccountId),
    required('status', (p) => p.status),
    required('kind', (p) => p.kind),
    required('connected_at', (p) => p.connectedAt),
    accountCredentials,
  ],
};

/** Every rule the payload breaks; empty when it is valid. */
export function payloadProblems<T extends Topic>(topic: T, payload: EventOf<T>): string[] {
  const rules = RULES[topic] as Rule<T>[];
  return rules
    .map((rule) => rule(payload))
    .filter((problem): problem is string => problem !== undefined);
}
