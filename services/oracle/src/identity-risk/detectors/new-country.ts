import type { RiskSignal, SignIn } from './sign-in';

export const NEW_COUNTRY = { afterSignIns: 5, maxCountries: 50 };

/** How many successful sign-ins the account made and from which countries. */
export interface CountryState {
  successes: number;
  countries: string[];
}

/**
 * A successful sign-in from a country none of the account's earlier successful sign-ins came
 * from, after at least five earlier ones.
 */
export function detectNewCountry(
  state: CountryState | undefined,
  signIn: SignIn,
): { state: CountryState | undefined; signal?: RiskSignal } {
  if (!signIn.succeeded) return { state };
  const current = state ?? { successes: 0, countries: [] };
  const known = !signIn.country || current.countries.includes(signIn.country);
  const next = {
    successes: current.successes + 1,
    countries: known
      ? current.countries
      : [...current.countries, signIn.country].slice(-NEW_COUNTRY.maxCountries),
  };
  if (known || current.successes < NEW_COUNTRY.afterSignIns) return { state: next };
  return {
    state: next,
    signal: {
      kind: 'new_country',
      identityUrn: signIn.identityUrn,
      loginIds: [signIn.loginId],
      at: signIn.at,
      details: { country: signIn.country, knownCountries: current.countries, ip: signIn.ip },
    },
  };
}
