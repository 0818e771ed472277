import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { countryOfIp } from './ip-country';

const REPO = resolve(__dirname, '../../../..');
const ESTATE = join(REPO, 'tools/sandbox/identity/estate.mjs');

interface EstateCountry {
  code: string;
  prefixes: [cidr: string, isp: string][];
}

/** The estate's COUNTRIES (an ESM module; Jest runs CommonJS, so ask a child node). */
function estateCountries(): EstateCountry[] {
  const script = `import(${JSON.stringify(pathToFileURL(ESTATE).href)}).then((m) => process.stdout.write(JSON.stringify(m.COUNTRIES)))`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }),
  ) as EstateCountry[];
}

const toNumber = (ip: string): number => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const toIp = (n: number): string =>
  [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
function parseCidr(cidr: string): { base: number; size: number } {
  const [ip = '', bits = ''] = cidr.split('/');
  return { base: toNumber(ip), size: 2 ** (32 - Number(bits)) };
}
const within = (inner: string, outer: string): boolean => {
  const i = parseCidr(inner);
  const o = parseCidr(outer);
  return i.base >= o.base && i.base + i.size <= o.base + o.size;
};
/** `count` addresses spread over the block, never `.0` / `.255`. */
function sample(cidr: string, count: number): string[] {
  const { base, size } = parseCidr(cidr);
  const offsets = [1, 64, 128, 254];
  return Array.from({ length: count }, (_, i) => {
    const net = base + Math.floor((i * size) / count / 256) * 256;
    return toIp(net + offsets[i % offsets.length]!);
  });
}

const COUNTRIES = estateCountries();
const BLOCKS = COUNTRIES.flatMap((c) =>
  c.prefixes.map(([cidr, isp]) => ({ code: c.code, cidr, isp })),
);

describe('countryOfIp', () => {
  it('reads the 14 countries and their blocks from the estate', () => {
    expect(COUNTRIES.map((c) => c.code).sort()).toEqual(
      ['AU', 'BR', 'CA', 'DE', 'ES', 'FR', 'GB', 'IN', 'JP', 'NG', 'PL', 'RU', 'US', 'VN'].sort(),
    );
    expect(BLOCKS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(BLOCKS)('$cidr ($isp) is in $code', ({ code, cidr }) => {
    for (const ip of sample(cidr, 16)) expect([ip, countryOfIp(ip)]).toEqual([ip, code]);
  });

  it('places addresses just outside narrowed estate blocks where GeoLite2 has them', () => {
    expect(countryOfIp('49.48.0.1')).toBe('TH');
    expect(countryOfIp('174.120.0.1')).toBe('US');
    expect(countryOfIp('2.0.0.1')).toBe('SE');
  });

  it('the named examples', () => {
    expect(countryOfIp('73.12.34.56')).toBe('US'); // Comcast
    expect(countryOfIp('86.130.1.2')).toBe('GB'); // BT
    expect(countryOfIp('79.200.3.4')).toBe('DE'); // Deutsche Telekom
    expect(countryOfIp('90.20.5.6')).toBe('FR'); // Orange
    expect(countryOfIp('1.130.7.8')).toBe('AU'); // Telstra
    expect(countryOfIp('126.100.9.10')).toBe('JP'); // SoftBank
    expect(countryOfIp('197.210.11.12')).toBe('NG'); // MTN Nigeria
    expect(countryOfIp('113.170.13.14')).toBe('VN'); // VNPT
    expect(countryOfIp('95.25.15.16')).toBe('RU'); // Beeline
  });

  it('IPv6, and IPv4-mapped IPv6 as IPv4', () => {
    expect(countryOfIp('2003:e2:1f00::1')).toBe('DE'); // Deutsche Telekom 2003::/19
    expect(countryOfIp('240d:1a:500::1')).toBe('JP'); // SoftBank
    expect(countryOfIp('::ffff:73.12.34.56')).toBe('US');
    expect(countryOfIp('0:0:0:0:0:ffff:86.130.1.2')).toBe('GB');
    expect(countryOfIp('2001:DB8::1')).toBeNull(); // documentation
  });

  it('private, loopback, link-local and reserved addresses have no country', () => {
    for (const ip of [
      '10.1.2.3',
      '172.16.5.4',
      '172.31.255.254',
      '192.168.1.10',
      '127.0.0.1',
      '169.254.1.1',
      '100.64.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '224.0.0.251',
      '192.0.2.7',
      '::1',
      '::',
      'fe80::1',
      'fe80::1%eth0',
      'fd12:3456:789a::1',
      'ff02::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
    ])
      expect([ip, countryOfIp(ip)]).toEqual([ip, null]);
  });

  it('garbage has no country', () => {
    for (const ip of [
      null,
      '',
      '   ',
      'localhost',
      'not an ip',
      '73.12.34',
      '73.12.34.56.78',
      '73.12.34.256',
      '73.012.34.56',
      '-1.2.3.4',
      '1.2.3.4/24',
      '2003:e2::1::2',
      'gggg::1',
      '73.12.34.56:443',
    ])
      expect([ip, countryOfIp(ip)]).toEqual([ip, null]);
    expect(countryOfIp(' 73.12.34.56 ')).toBe('US'); // surrounding blanks are forgiven
  });

  describe("the estate's own sign-in IPs (seed 7)", () => {
    let dir: string;
    let ips: Map<string, string>;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'hof-estate-'));
      execFileSync(process.execPath, [ESTATE, '--out', dir], { stdio: 'pipe' });
      const estate = JSON.parse(readFileSync(join(dir, 'estate.json'), 'utf8')) as {
        auth0: { logs: { ip?: string }[] };
        entra: { signIns: { ipAddress?: string }[] };
      };
      ips = new Map();
      const blockOf = (ip: string): string | undefined =>
        BLOCKS.find((b) => within(`${ip}/32`, b.cidr))?.cidr;
      for (const ip of [
        ...estate.auth0.logs.map((l) => l.ip),
        ...estate.entra.signIns.map((s) => s.ipAddress),
      ])
        if (ip && !ips.has(ip)) ips.set(ip, blockOf(ip) ?? '');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("every IP is in an estate block, and in that block's country", () => {
      const codeOf = new Map(BLOCKS.map((b) => [b.cidr, b.code]));
      const misplaced: string[] = [];
      for (const [ip, cidr] of ips) {
        expect([ip, cidr]).not.toEqual([ip, '']);
        if (countryOfIp(ip) !== codeOf.get(cidr)) misplaced.push(`${ip} (${cidr})`);
      }
      expect(misplaced).toEqual([]);
    });
  });
});
