import { NO_REGION } from '@codex/connectors';

import type { IdpProvider } from './ports';

/** The identity resource types hall-of-faces publishes and the catalogue acts on. */
export const IDENTITY_TYPES = {
  user: 'identity/user',
  role: 'identity/role',
  group: 'identity/group',
  directory: 'identity/directory',
  person: 'identity/person',
} as const;

/** `codex:auth0:<tenant>:-:identity/user/<user_id>`, `codex:entra:<directory>:-:identity/group/<id>`. */
export function identityUrn(
  provider: IdpProvider,
  externalAccountId: string,
  type: 'user' | 'role' | 'group' | 'directory',
  id: string,
): string {
  return `codex:${provider}:${externalAccountId}:${NO_REGION}:${IDENTITY_TYPES[type]}/${id}`;
}

/** A person is Codex's own: `codex:codex:<tenant>:-:identity/person/<id>`. */
export function personUrn(tenantId: string, personId: string): string {
  return `codex:codex:${tenantId}:${NO_REGION}:${IDENTITY_TYPES.person}/${personId}`;
}

/** The parts of an identity URN, or undefined when the URN is not one. */
export function parseIdentityUrn(
  urn: string,
):
  | { provider: string; accountId: string; type: keyof typeof IDENTITY_TYPES; id: string }
  | undefined {
  const match =
    /^codex:([a-z0-9]+):([^:]+):-:identity\/(user|role|group|directory|person)\/(.+)$/.exec(urn);
  if (!match) return undefined;
  const [, provider, accountId, type, id] = match as unknown as [
    string,
    string,
    string,
    keyof typeof IDENTITY_TYPES,
    string,
  ];
  return { provider, accountId, type, id };
}
