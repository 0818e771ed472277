import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT } from '@codex/testing';

export interface EstateFinding {
  kind: string;
  idp: 'auth0' | 'entra';
  accountId: string;
  personKey: string | null;
}

/** The parts of the identity estate (tools/sandbox/identity) the tests compare Codex with. */
export interface IdentityEstate {
  people: { key: string; email: string }[];
  auth0: {
    users: {
      user_id: string;
      email: string;
      email_verified: boolean;
      blocked: boolean;
      personKey: string | null;
    }[];
    roles: { id: string; name: string; privileged: boolean }[];
    userRoles: { user_id: string; role_id: string }[];
    logs: { log_id: string; type: string; user_id?: string }[];
  };
  entra: {
    users: {
      id: string;
      mail: string | null;
      accountEnabled: boolean;
      personKey: string | null;
      userPrincipalName: string;
    }[];
    groups: { id: string; displayName: string }[];
    memberships: unknown[];
    directoryRoles: unknown[];
    roleMembers: unknown[];
    signIns: unknown[];
  };
  groundTruth: {
    parameters: { asOf: string };
    findings: EstateFinding[];
    counts: Record<string, number>;
  };
}

/** The estate the sandboxes serve by default, as the generator writes it (same seed, same JSON). */
export function identityEstate(options: { people?: number; seed?: number } = {}): IdentityEstate {
  const dir = mkdtempSync(join(tmpdir(), 'identity-estate-'));
  try {
    execFileSync(process.execPath, [
      join(REPO_ROOT, 'tools', 'sandbox', 'identity', 'estate.mjs'),
      '--out',
      dir,
      ...(options.people === undefined ? [] : ['--people', String(options.people)]),
      ...(options.seed === undefined ? [] : ['--seed', String(options.seed)]),
    ]);
    return JSON.parse(readFileSync(join(dir, 'estate.json'), 'utf8')) as IdentityEstate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What Codex should hold after a full sync: people by verified e-mail, and the IdPs' counts. */
export function expectedDirectory(estate: IdentityEstate) {
  const emails = new Set([
    ...estate.auth0.users.filter((u) => u.email_verified).map((u) => u.email.toLowerCase()),
    ...estate.entra.users.flatMap((u) => (u.mail ? [u.mail.toLowerCase()] : [])),
  ]);
  return {
    people: emails.size,
    accounts: estate.auth0.users.length + estate.entra.users.length,
    roles: estate.auth0.roles.length + estate.entra.directoryRoles.length,
    groups: estate.entra.groups.length,
    memberships:
      estate.auth0.userRoles.length +
      estate.entra.roleMembers.length +
      estate.entra.memberships.length,
    signIns:
      estate.auth0.logs.filter((log) => ['s', 'f', 'fp', 'fu'].includes(log.type)).length +
      estate.entra.signIns.length,
  };
}
