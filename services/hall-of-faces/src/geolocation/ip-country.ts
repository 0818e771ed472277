import { BlockList, isIP } from 'node:net';

/**
 * Offline IP → country, for sign-ins. The database is `geoip-country` (MaxMind GeoLite2
 * Country, IPv4 and IPv6, ~8 MB, shipped inside the npm package: no network at run time).
 * It is read on the first lookup (~30 ms, synchronous), not at import.
 *
 * This data is created by MaxMind, available from https://www.maxmind.com (GeoLite2,
 * under the GeoLite2 End User License Agreement).
 */

/** The part of geoip-country's API used here. */
interface GeoipCountry {
  lookup(ip: string): { country?: string } | null;
}

let database: GeoipCountry | undefined;

function geoip(): GeoipCountry {
  // Loaded lazily: requiring the package reads its data files into memory.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  database ??= require('geoip-country') as GeoipCountry;
  return database;
}

/** Addresses that are not on the public internet (RFC 6890 special-purpose and friends). */
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv6');

/** Codes GeoIP data may hold that are not countries (EU, Asia/Pacific, anonymous proxy, …). */
const NOT_COUNTRIES = new Set(['EU', 'AP', 'A1', 'A2', 'O1', 'XX', 'ZZ']);

const MAPPED_V4 = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The ISO 3166-1 alpha-2 country (upper case) of a public IPv4 or IPv6 address; null for
 * null, garbage, private/loopback/link-local/reserved addresses and addresses the database
 * does not place. IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) are looked up as IPv4.
 */
export function countryOfIp(ip: string | null): string | null {
  if (ip === null || typeof ip !== 'string') return null;
  let address = ip.trim();
  let version = isIP(address);
  if (version === 6) {
    if (address.includes('%')) return null; // a zone id: link-local or site-scoped
    const mapped = MAPPED_V4.exec(address);
    if (mapped?.[1] && isIP(mapped[1]) === 4) {
      address = mapped[1];
      version = 4;
    }
  }
  if (version !== 4 && version !== 6) return null;
  if (NOT_PUBLIC.check(address, version === 4 ? 'ipv4' : 'ipv6')) return null;
  const country = geoip().lookup(address)?.country?.toUpperCase();
  if (!country || !/^[A-Z]{2}$/.test(country) || NOT_COUNTRIES.has(country)) return null;
  return country;
}
