import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { type LoginObserved, LoginObservedSchema, LoginOutcome, Provider } from '@codex/contracts';

const ESTATE = join(__dirname, '../../../../tools/sandbox/identity/estate.mjs');

/** A labelled sign-in anomaly of the estate's ground truth. */
export interface LabelledAnomaly {
  kind: string;
  idp: 'auth0' | 'entra';
  userIds: string[];
  ip: string;
  eventIds: string[];
}

interface RawSignIn {
  idp: 'auth0' | 'entra';
  id: string;
  userId: string | null;
  userName: string | null;
  at: number;
  succeeded: boolean;
  failureReason: string | null;
  ip: string;
  userAgent: string | null;
  privileged: boolean;
}

/** The estate's sign-ins as hall-of-faces publishes them, and its labelled anomalies. */
export interface EstateLogins {
  logins: LoginObserved[];
  anomalies: LabelledAnomaly[];
  auth0Domain: string;
  entraTenantId: string;
}

/**
 * The estate generator is ESM (.mjs), which Jest's CommonJS runtime cannot import: a child
 * node reads the Auth0 logs and Entra sign-ins the way hall-of-faces' readers do (`s` succeeds;
 * `f`, `fp`, `fu` fail, `fu` naming no account; Entra error code 0 succeeds) and prints them.
 */
export function estateLogins(options: Record<string, number> = {}): EstateLogins {
  const script = `
    import { identityEstate, TENANT } from ${JSON.stringify(pathToFileURL(ESTATE).href)};
    const e = identityEstate(${JSON.stringify(options)});
    const privileged = new Set(e.auth0.roles.filter((r) => r.privileged).map((r) => r.id));
    const admins = new Set([
      ...e.auth0.userRoles.filter((r) => privileged.has(r.role_id)).map((r) => 'auth0 ' + r.user_id),
      ...e.entra.roleMembers.map((r) => 'entra ' + r.userId),
    ]);
    const signIns = [];
    for (const l of e.auth0.logs) {
      if (!['s', 'f', 'fp', 'fu'].includes(l.type)) continue;
      signIns.push({ idp: 'auth0', id: l.log_id, userId: l.type === 'fu' ? null : l.user_id || null,
        userName: l.user_name || null, at: Date.parse(l.date), succeeded: l.type === 's',
        failureReason: l.type === 's' ? null : l.type + ': ' + (l.description ?? l.type), ip: l.ip,
        userAgent: l.user_agent || null, privileged: admins.has('auth0 ' + l.user_id) });
    }
    for (const s of e.entra.signIns) {
      const code = s.status.errorCode;
      signIns.push({ idp: 'entra', id: s.id, userId: s.userId || null, userName: s.userPrincipalName,
        at: Date.parse(s.createdDateTime), succeeded: code === 0,
        failureReason: code === 0 ? null : code + ': ' + (s.status.failureReason ?? 'unknown'),
        ip: s.ipAddress, userAgent: s.userAgent ?? s.clientAppUsed ?? null,
        privileged: admins.has('entra ' + s.userId) });
    }
    const anomalies = e.groundTruth.anomalies.map(({ kind, idp, userIds, ip, eventIds }) =>
      ({ kind, idp, userIds, ip, eventIds }));
    process.stdout.write(JSON.stringify({ signIns, anomalies, tenant: TENANT }));
  `;
  const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const parsed = JSON.parse(printed) as {
    signIns: RawSignIn[];
    anomalies: LabelledAnomaly[];
    tenant: { auth0Domain: string; entraTenantId: string };
  };
  const directory = (idp: 'auth0' | 'entra'): string =>
    idp === 'auth0' ? parsed.tenant.auth0Domain : parsed.tenant.entraTenantId;
  return {
    logins: parsed.signIns.map((signIn) => loginOf(signIn, directory(signIn.idp))),
    anomalies: parsed.anomalies,
    auth0Domain: parsed.tenant.auth0Domain,
    entraTenantId: parsed.tenant.entraTenantId,
  };
}

/** `codex:<idp>:<directory>:-:identity/user/<id>`, as hall-of-faces names accounts. */
export function accountUrn(idp: 'auth0' | 'entra', directory: string, userId: string): string {
  return `codex:${idp}:${directory}:-:identity/user/${userId}`;
}

export function loginIdOf(idp: 'auth0' | 'entra', directory: string, eventId: string): string {
  return `${idp}:${directory}:${eventId}`;
}

function loginOf(signIn: RawSignIn, directory: string): LoginObserved {
  return create(LoginObservedSchema, {
    loginId: loginIdOf(signIn.idp, directory, signIn.id),
    tenantId: 'tenant-a',
    provider: signIn.idp === 'auth0' ? Provider.AUTH0 : Provider.ENTRA,
    identityUrn: signIn.userId ? accountUrn(signIn.idp, directory, signIn.userId) : '',
    outcome: signIn.succeeded ? LoginOutcome.SUCCEEDED : LoginOutcome.FAILED,
    failureReason: signIn.failureReason ?? '',
    ipAddress: signIn.ip,
    userAgent: signIn.userAgent ?? '',
    country: countryOf(signIn.ip),
    occurredAt: timestampFromMs(signIn.at),
    userName: signIn.userName ?? '',
    privileged: signIn.privileged,
  });
}

/** The offline database hall-of-faces looks IPs up in (geoip-country). */
function countryOf(ip: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const geoip = require('geoip-country') as { lookup(ip: string): { country?: string } | null };
  return geoip.lookup(ip)?.country ?? '';
}
