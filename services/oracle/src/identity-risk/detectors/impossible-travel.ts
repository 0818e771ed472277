import { countryDistanceKm } from './country-distance';
import { HOUR, type RiskSignal, type SignIn } from './sign-in';

export const TRAVEL = { withinMs: HOUR, minKm: 5000 };

/** The account's last successful sign-in with a known country. */
export interface TravelState {
  loginId: string;
  at: number;
  country: string;
}

/**
 * Two successful sign-ins of one account from countries more than 5,000 km apart (between
 * their centres) within one hour.
 */
export function detectImpossibleTravel(
  state: TravelState | undefined,
  signIn: SignIn,
): { state: TravelState | undefined; signal?: RiskSignal } {
  if (!signIn.succeeded || !signIn.country) return { state };
  const next = { loginId: signIn.loginId, at: signIn.at, country: signIn.country };
  if (!state || state.country === signIn.country || signIn.at - state.at > TRAVEL.withinMs)
    return { state: next };
  const km = countryDistanceKm(state.country, signIn.country);
  if (km === undefined || km <= TRAVEL.minKm) return { state: next };
  return {
    state: next,
    signal: {
      kind: 'impossible_travel',
      identityUrn: signIn.identityUrn,
      loginIds: [state.loginId, signIn.loginId],
      at: signIn.at,
      details: {
        fromCountry: state.country,
        toCountry: signIn.country,
        distanceKm: Math.round(km),
        minutes: Math.round((signIn.at - state.at) / 60_000),
        ip: signIn.ip,
      },
    },
  };
}
