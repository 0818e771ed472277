import { detectDormantAdmin, type DormantState } from './dormant-admin';
import { type BurstState, detectFailureBurst } from './failure-burst';
import { detectImpossibleTravel, type TravelState } from './impossible-travel';
import { type CountryState, detectNewCountry } from './new-country';
import { detectNewDevice, type DeviceState } from './new-device';
import { detectPasswordSpray, type SprayState } from './password-spray';
import { addSignal, type IdentityRisk } from './risk-score';
import type { RiskSignal, SignIn } from './sign-in';

/** Everything the detectors remember about one account; plain JSON. */
export interface IdentityState {
  lastAt: number;
  /** Sign-ins at `lastAt` already seen: a sync may publish the one at its boundary twice. */
  idsAtLast: string[];
  travel?: TravelState;
  countries?: CountryState;
  devices?: DeviceState;
  burst?: BurstState;
  dormant?: DormantState;
  risk?: IdentityRisk;
}

/** When the oracle began seeing a directory's sign-ins, and how many it has read. */
export interface SourceState {
  firstAt: number;
  signIns: number;
}

/** Detector state, keyed by `identityKey`, `ipKey` and `sourceKey`; loaded and saved by the caller. */
export interface DetectorStates {
  identities: Map<string, IdentityState>;
  ips: Map<string, SprayState>;
  sources: Map<string, SourceState>;
}

export const identityKey = (signIn: Pick<SignIn, 'identityUrn'>): string => signIn.identityUrn;
export const ipKey = (signIn: Pick<SignIn, 'source' | 'ip'>): string =>
  `${signIn.source}|${signIn.ip}`;
export const sourceKey = (signIn: Pick<SignIn, 'source'>): string => signIn.source;

/** A signal and the account's risk right after it (null for a spray). */
export interface DetectedSignal extends RiskSignal {
  risk: number | null;
}

/**
 * Runs every detector over sign-ins in time order, moving the states forward in place.
 * An account's sign-ins must come in time order (they share a partition); different accounts'
 * may interleave in any order.
 */
export function detectSignIns(
  signIns: readonly SignIn[],
  states: DetectorStates,
): DetectedSignal[] {
  const signals: DetectedSignal[] = [];
  for (const signIn of [...signIns].sort((a, b) => a.at - b.at)) {
    const source = states.sources.get(sourceKey(signIn));
    const observedSince = Math.min(signIn.at, source?.firstAt ?? Infinity);
    states.sources.set(sourceKey(signIn), {
      firstAt: observedSince,
      signIns: (source?.signIns ?? 0) + 1,
    });

    const spray = detectPasswordSpray(states.ips.get(ipKey(signIn)), signIn);
    if (spray.state) states.ips.set(ipKey(signIn), spray.state);
    if (spray.signal) signals.push({ ...spray.signal, risk: null });

    if (!signIn.identityUrn) continue;
    const before = states.identities.get(identityKey(signIn));
    if (before && isRepeat(before, signIn)) continue;
    const state: IdentityState = {
      ...before,
      lastAt: Math.max(signIn.at, before?.lastAt ?? -Infinity),
      idsAtLast:
        before && before.lastAt === signIn.at
          ? [...before.idsAtLast, signIn.loginId]
          : [signIn.loginId],
    };
    const found: RiskSignal[] = [];
    const travel = detectImpossibleTravel(state.travel, signIn);
    state.travel = travel.state;
    const country = detectNewCountry(state.countries, signIn);
    state.countries = country.state;
    const device = detectNewDevice(state.devices, signIn);
    state.devices = device.state;
    const burst = detectFailureBurst(state.burst, signIn);
    state.burst = burst.state;
    const dormant = detectDormantAdmin(state.dormant, signIn, observedSince);
    state.dormant = dormant.state;
    for (const result of [travel, country, device, burst, dormant])
      if (result.signal) found.push(result.signal);
    for (const signal of found) {
      state.risk = addSignal(state.risk, signal.kind, signal.at);
      signals.push({ ...signal, risk: Math.round(state.risk.points) });
    }
    states.identities.set(identityKey(signIn), state);
  }
  return signals;
}

function isRepeat(state: IdentityState, signIn: SignIn): boolean {
  return (
    signIn.at < state.lastAt ||
    (signIn.at === state.lastAt && state.idsAtLast.includes(signIn.loginId))
  );
}

export function emptyStates(): DetectorStates {
  return { identities: new Map(), ips: new Map(), sources: new Map() };
}
