import countries from 'world-countries';

const EARTH_RADIUS_KM = 6371;

/** Each country's centre (world-countries' `latlng`), by ISO 3166-1 alpha-2 code. */
const CENTRES = new Map<string, readonly [number, number]>(
  countries.map((country) => [country.cca2, [country.latlng[0], country.latlng[1]] as const]),
);

/** Great-circle distance between two countries' centres, or undefined when one is unknown. */
export function countryDistanceKm(from: string, to: string): number | undefined {
  const a = CENTRES.get(from);
  const b = CENTRES.get(to);
  if (!a || !b) return undefined;
  return haversineKm(a[0], a[1], b[0], b[1]);
}

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const radians = Math.PI / 180;
  const dLat = (lat2 - lat1) * radians;
  const dLon = (lon2 - lon1) * radians;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(lat1 * radians) * Math.cos(lat2 * radians) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}
