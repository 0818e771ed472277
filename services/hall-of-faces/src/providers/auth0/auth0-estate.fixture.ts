import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Auth0AccountAccess } from '@codex/connectors';
import { AUTH0_SANDBOX } from '@codex/testing';

/** What the Auth0 side of an identity estate holds, computed from the estate generator. */
export interface Auth0EstateFacts {
  userIds: string[];
  roles: { id: string; name: string; privileged: boolean }[];
  userRoles: { user_id: string; role_id: string }[];
  /** `s`, `f`, `fp` and `fu` events. */
  signIns: number;
  failures: number;
  /** `fu` events: sign-ins of user names that do not exist. */
  unknownUsers: number;
  /** `s` events whose user's previous event is a `gd_auth_succeed`. */
  mfaSignIns: number;
}

const ESTATE = join(__dirname, '../../../../../tools/sandbox/identity/estate.mjs');

/**
 * The estate generator is ESM (.mjs), which Jest's CommonJS runtime cannot import: a child
 * node computes the facts and prints them.
 */
export function auth0EstateFacts(options: Record<string, number> = {}): Auth0EstateFacts {
  const script = `
    import { identityEstate } from ${JSON.stringify(pathToFileURL(ESTATE).href)};
    const { auth0 } = identityEstate(${JSON.stringify(options)});
    const logs = [...auth0.logs].sort((a, b) => (a.log_id < b.log_id ? -1 : 1));
    const previous = new Map();
    let signIns = 0, failures = 0, unknownUsers = 0, mfaSignIns = 0;
    for (const log of logs) {
      if (['s', 'f', 'fp', 'fu'].includes(log.type)) signIns++;
      if (['f', 'fp', 'fu'].includes(log.type)) failures++;
      if (log.type === 'fu') unknownUsers++;
      if (log.type === 's' && previous.get(log.user_id) === 'gd_auth_succeed') mfaSignIns++;
      if (log.user_id) previous.set(log.user_id, log.type);
    }
    process.stdout.write(JSON.stringify({
      userIds: auth0.users.map((u) => u.user_id),
      roles: auth0.roles.map(({ id, name, privileged }) => ({ id, name, privileged })),
      userRoles: auth0.userRoles.map(({ user_id, role_id }) => ({ user_id, role_id })),
      signIns, failures, unknownUsers, mfaSignIns,
    }));
  `;
  const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(printed) as Auth0EstateFacts;
}

/** The sandbox tenant reached with the read-write machine-to-machine application. */
export function sandboxAccess(url: string, accountId = 'acme-sandbox'): Auth0AccountAccess {
  return {
    provider: 'auth0',
    accountId,
    regions: [],
    endpoint: url,
    credentials: {
      kind: 'client-secret',
      domain: 'acme-sandbox.eu.auth0.com',
      clientId: AUTH0_SANDBOX.clientId,
      clientSecret: AUTH0_SANDBOX.clientSecret,
    },
  };
}
