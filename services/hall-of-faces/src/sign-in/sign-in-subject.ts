import { createHash } from 'node:crypto';

/** Who a sign-in claims to be, as the throttle counts it, and where it comes from. */
export type SignInSubject =
  | { grant: 'password'; tenant: string; username: string; sourceIp: string }
  | { grant: 'client_credentials'; clientId: string; sourceIp: string }
  /** keyId is undefined for text that is not an API key at all: only its address is counted. */
  | { grant: 'api_key'; keyId: string | undefined; sourceIp: string };

/** A stable, bounded key for the claimed account (usernames run to 320 characters). */
export function accountKeyOf(subject: SignInSubject): string | undefined {
  const parts = ((): string[] | undefined => {
    switch (subject.grant) {
      case 'password':
        return ['password', subject.tenant, subject.username];
      case 'client_credentials':
        return ['client', subject.clientId];
      case 'api_key':
        return subject.keyId === undefined ? undefined : ['apikey', subject.keyId];
    }
  })();
  return parts && createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** The actor an audit entry names: what the attempt claimed to be. */
export function claimedActorOf(subject: SignInSubject): string {
  switch (subject.grant) {
    case 'password':
      return subject.username;
    case 'client_credentials':
      return subject.clientId;
    case 'api_key':
      return `apikey:${subject.keyId ?? 'malformed'}`;
  }
}
