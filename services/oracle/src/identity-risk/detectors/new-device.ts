import Bowser from 'bowser';

import type { RiskSignal, SignIn } from './sign-in';

export const NEW_DEVICE = { afterSignIns: 5, maxFamilies: 20 };

/** The user-agent families (browser and operating system) the account signed in with. */
export interface DeviceState {
  successes: number;
  families: string[];
}

/** `Chrome on Windows`, from a user agent; empty when it names neither. */
export function userAgentFamily(userAgent: string): string {
  if (!userAgent) return '';
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name ?? '';
  const os = parsed.os.name ?? '';
  return browser || os ? `${browser || 'unknown'} on ${os || 'unknown'}` : '';
}

/** A successful sign-in with a user-agent family never seen for the account after five sign-ins. */
export function detectNewDevice(
  state: DeviceState | undefined,
  signIn: SignIn,
): { state: DeviceState | undefined; signal?: RiskSignal } {
  if (!signIn.succeeded) return { state };
  const family = userAgentFamily(signIn.userAgent);
  const current = state ?? { successes: 0, families: [] };
  const known = !family || current.families.includes(family);
  const next = {
    successes: current.successes + 1,
    families: known
      ? current.families
      : [...current.families, family].slice(-NEW_DEVICE.maxFamilies),
  };
  if (known || current.successes < NEW_DEVICE.afterSignIns) return { state: next };
  return {
    state: next,
    signal: {
      kind: 'new_device',
      identityUrn: signIn.identityUrn,
      loginIds: [signIn.loginId],
      at: signIn.at,
      details: { family, knownFamilies: current.families, ip: signIn.ip },
    },
  };
}
