#!/usr/bin/env node
// A deterministic corpus for great-library's data classifier: text, CSV, JSON and log files
// (some gzipped) with planted sensitive values of every category, hard negatives that look
// like them, and labels.json counting the true values per file and category.
//
//   node tools/sandbox/storage/corpus.mjs --out <dir> [--files 1200] [--seed 7]
//
// Also importable: generateCorpus({ seed, files }) returns [{ path, bytes, labels }].
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

import { mulberry32 } from '../rng.mjs';

export const CATEGORIES = [
  'email',
  'phone',
  'payment_card',
  'iban',
  'us_ssn',
  'uk_nino',
  'nl_bsn',
  'aws_access_key',
  'private_key',
  'jwt',
];

// ------------------------------------------------------------------ randomness

function randomTools(seed) {
  const next = mulberry32(seed);
  const int = (low, high) => low + Math.floor(next() * (high - low + 1));
  const pick = (items) => items[Math.floor(next() * items.length)];
  const chance = (p) => next() < p;
  const digits = (n) => Array.from({ length: n }, () => String(int(0, 9))).join('');
  const from = (alphabet, n) => Array.from({ length: n }, () => pick(alphabet)).join('');
  return { next, int, pick, chance, digits, from };
}

const UPPER = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const BASE32 = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'];
const BASE64 = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'];
const HEX = [...'0123456789abcdef'];

// ------------------------------------------------------------------ checksums

function luhnCheckDigit(partial) {
  let sum = 0;
  let double = true;
  for (let i = partial.length - 1; i >= 0; i -= 1) {
    let d = Number(partial[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

function mod97(text) {
  let remainder = 0;
  for (const ch of text) {
    const value = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of value) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder;
}

const ibanCheckDigits = (country, bban) =>
  String(98 - mod97(`${bban}${country}00`)).padStart(2, '0');

// ------------------------------------------------------------------ true values

const FIRST = ['john', 'mary', 'li', 'ana', 'peter', 'sofia', 'omar', 'emma', 'lucas', 'noor'];
const LAST = ['doe', 'smith', 'wang', 'garcia', 'jansen', 'muller', 'haddad', 'brown', 'silva'];
const DOMAINS = [
  'example.com',
  'acme-corp.io',
  'mail.globex.de',
  'initech.co.uk',
  'umbrella.nl',
  'contoso.org',
  'fabrikam.net',
  'wayne-enterprises.info',
];

function email(r) {
  const first = r.pick(FIRST);
  const last = r.pick(LAST);
  const local = r.pick([
    `${first}.${last}`,
    `${first}${r.int(1, 99)}`,
    `${first[0]}.${last}+billing`,
    `${first}_${last}`,
    `${last}.${first}`,
  ]);
  return `${local}@${r.pick(DOMAINS)}`;
}

const US_AREAS = ['212', '415', '312', '617', '206', '303', '404', '512', '646', '718'];

/** Exchange codes 2xx–9xx other than N11 and 555. */
function usExchange(r) {
  for (;;) {
    const code = `${r.int(2, 9)}${r.digits(2)}`;
    if (code.slice(1) !== '11' && code !== '555') return code;
  }
}

/** Formats libphonenumber (max metadata) accepts as valid, one per country or region. */
const PHONE_FORMATS = [
  (r) => `+1 ${r.pick(US_AREAS)}-${usExchange(r)}-${r.digits(4)}`,
  (r) => `(${r.pick(US_AREAS)}) ${usExchange(r)}-${r.digits(4)}`,
  (r) => `${r.pick(US_AREAS)}-${usExchange(r)}-${r.digits(4)}`,
  (r) => `${r.pick(US_AREAS)}.${usExchange(r)}.${r.digits(4)}`,
  (r) => `+1${r.pick(US_AREAS)}${usExchange(r)}${r.digits(4)}`,
  (r) => `+44 20 7${r.digits(3)} ${r.digits(4)}`,
  (r) => `+44 7${r.int(4, 5)}${r.digits(2)} ${r.digits(6)}`,
  (r) => `+49 30 ${r.int(2, 9)}${r.digits(7)}`,
  (r) => `+49 151 ${r.int(1, 9)}${r.digits(7)}`,
  (r) => `+31 6 ${r.int(1, 5)}${r.digits(7)}`,
  (r) => `+31 20 ${r.int(2, 9)}${r.digits(2)} ${r.digits(4)}`,
  (r) => `+33 6 ${r.int(0, 2)}${r.digits(1)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
  (r) => `+33 1 ${r.int(4, 5)}${r.digits(1)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
  (r) => `+61 4${r.int(0, 2)}${r.digits(1)} ${r.digits(3)} ${r.digits(3)}`,
  (r) => `+81 3-${r.int(5, 6)}${r.digits(3)}-${r.digits(4)}`,
  (r) => `+91 9${r.digits(4)} ${r.digits(5)}`,
];

const phone = (r) => r.pick(PHONE_FORMATS)(r);

/** [prefix, total length, layout]. */
const CARD_NETWORKS = [
  [() => '4', 16],
  [(r) => String(r.int(51, 55)), 16],
  [(r) => String(r.int(2221, 2720)), 16],
  [(r) => r.pick(['34', '37']), 15],
  [(r) => r.pick(['6011', '65']), 16],
  [(r) => String(r.int(3528, 3589)), 16],
];

function cardDigits(r) {
  const [prefixOf, length] = r.pick(CARD_NETWORKS);
  const prefix = prefixOf(r);
  const partial = prefix + r.digits(length - 1 - prefix.length);
  return partial + luhnCheckDigit(partial);
}

function formatCard(r, digits) {
  const style = r.pick(['space', 'dash', 'compact']);
  if (style === 'compact') return digits;
  const separator = style === 'space' ? ' ' : '-';
  if (digits.length === 15) {
    return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(separator);
  }
  return digits.match(/.{1,4}/g).join(separator);
}

const paymentCard = (r) => formatCard(r, cardDigits(r));

/** BBAN generators for a few countries (bank and branch codes, account numbers). */
const BBANS = {
  GB: (r) => `${r.from(UPPER, 4)}${r.digits(14)}`,
  DE: (r) => r.digits(18),
  FR: (r) => r.digits(23),
  NL: (r) => `${r.from(UPPER, 4)}${r.digits(10)}`,
  ES: (r) => r.digits(20),
  IT: (r) => `${r.pick(UPPER)}${r.digits(22)}`,
  BE: (r) => r.digits(12),
  CH: (r) => r.digits(17),
  AT: (r) => r.digits(16),
};

function ibanParts(r) {
  const country = r.pick(Object.keys(BBANS));
  const bban = BBANS[country](r);
  return { country, bban, check: ibanCheckDigits(country, bban) };
}

const formatIban = (r, compact) => (r.chance(0.6) ? compact.match(/.{1,4}/g).join(' ') : compact);

function iban(r) {
  const { country, bban, check } = ibanParts(r);
  return formatIban(r, `${country}${check}${bban}`);
}

function ssnArea(r) {
  for (;;) {
    const area = r.int(1, 899);
    if (area !== 666) return String(area).padStart(3, '0');
  }
}

function usSsn(r) {
  const group = String(r.int(1, 99)).padStart(2, '0');
  const serial = String(r.int(1, 9999)).padStart(4, '0');
  const separator = r.chance(0.8) ? '-' : ' ';
  return [ssnArea(r), group, serial].join(separator);
}

const NINO_FIRST = UPPER.filter((l) => !'DFIQUV'.includes(l));
const NINO_SECOND = UPPER.filter((l) => !'DFIOQUV'.includes(l));
const NINO_UNALLOCATED = ['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'];

function formatNino(r, prefix, digits, suffix) {
  return r.chance(0.5)
    ? `${prefix}${digits}${suffix}`
    : `${prefix} ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)} ${suffix}`;
}

function ukNino(r) {
  let prefix;
  do prefix = r.pick(NINO_FIRST) + r.pick(NINO_SECOND);
  while (NINO_UNALLOCATED.includes(prefix));
  return formatNino(r, prefix, r.digits(6), r.pick(['A', 'B', 'C', 'D']));
}

const elevenProofSum = (digits) =>
  [...digits.slice(0, 8)].reduce((sum, d, i) => sum + (9 - i) * Number(d), 0) - Number(digits[8]);

function nlBsn(r) {
  for (;;) {
    const head = `${r.int(1, 9)}${r.digits(7)}`;
    const weighted = [...head].reduce((sum, d, i) => sum + (9 - i) * Number(d), 0);
    const last = weighted % 11;
    if (last < 10) return `${head}${last}`;
  }
}

const awsAccessKey = (r) => `${r.pick(['AKIA', 'ASIA'])}${r.from(BASE32, 16)}`;

function privateKey(r) {
  const kind = r.pick(['RSA ', 'EC ', 'OPENSSH ', 'DSA ', 'ENCRYPTED ', '']);
  const lines = Array.from({ length: r.int(3, 8) }, () => r.from(BASE64, 64));
  lines[0] = `MII${lines[0].slice(3)}`;
  return [
    `-----BEGIN ${kind}PRIVATE KEY-----`,
    ...lines,
    `${r.from(BASE64, r.int(8, 60))}==`,
    `-----END ${kind}PRIVATE KEY-----`,
  ].join('\n');
}

const base64url = (value) => Buffer.from(value).toString('base64url');

function signedToken(header, payload, secret) {
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const algorithm = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[header.alg] ?? 'sha256';
  return `${unsigned}.${createHmac(algorithm, secret).update(unsigned).digest('base64url')}`;
}

function jwt(r) {
  const iat = 1_700_000_000 + r.int(0, 50_000_000);
  return signedToken(
    { alg: r.pick(['HS256', 'HS384', 'HS512']), typ: 'JWT' },
    {
      sub: `user-${r.digits(6)}`,
      iss: 'https://auth.example.com/',
      iat,
      exp: iat + 3600,
      scope: r.pick(['read', 'read write', 'admin']),
    },
    `secret-${r.digits(8)}`,
  );
}

const TRUE_VALUES = {
  email,
  phone,
  payment_card: paymentCard,
  iban,
  us_ssn: usSsn,
  uk_nino: ukNino,
  nl_bsn: nlBsn,
  aws_access_key: awsAccessKey,
  private_key: privateKey,
  jwt,
};

// ------------------------------------------------------------------ hard negatives

function luhnInvalidCard(r) {
  const digits = cardDigits(r);
  const wrong = String((Number(digits.at(-1)) + r.int(1, 9)) % 10);
  return formatCard(r, digits.slice(0, -1) + wrong);
}

function unknownIssuerCard(r) {
  const partial = `${r.pick(['1', '7', '8', '9'])}${r.digits(14)}`;
  return formatCard(r, partial + luhnCheckDigit(partial));
}

function badIban(r) {
  const { country, bban, check } = ibanParts(r);
  const wrong = String(((Number(check) - 2 + r.int(1, 94)) % 95) + 2).padStart(2, '0');
  return formatIban(r, `${country}${wrong}${bban}`);
}

function badSsn(r) {
  const group = () => String(r.int(1, 99)).padStart(2, '0');
  const serial = () => String(r.int(1, 9999)).padStart(4, '0');
  const parts = r.pick([
    () => ['000', group(), serial()],
    () => ['666', group(), serial()],
    () => [String(r.int(900, 999)), group(), serial()],
    () => [ssnArea(r), '00', serial()],
    () => [ssnArea(r), group(), '0000'],
  ])();
  return parts.join('-');
}

function badNino(r) {
  const prefix = r.chance(0.5) ? r.pick(NINO_UNALLOCATED) : r.pick([...'DFIQUV']) + r.pick(UPPER);
  return formatNino(r, prefix, r.digits(6), r.pick(['A', 'B', 'C', 'D']));
}

function badBsn(r) {
  for (;;) {
    const candidate = `${r.int(1, 9)}${r.digits(8)}`;
    if (elevenProofSum(candidate) % 11 !== 0) return candidate;
  }
}

const badAwsKey = (r) =>
  r.pick([
    () => `AKIA${r.from(BASE32, 15)}`,
    () => `AKIA${r.from(BASE32, 17)}`,
    () => `AKIA${r.from(BASE32, 12).toLowerCase()}abcd`,
    () => `AKIB${r.from(BASE32, 16)}`,
  ])();

const notJwt = (r) =>
  r.pick([
    () =>
      `${base64url(JSON.stringify({ foo: 'bar', n: r.int(1, 99) }))}.${base64url('{"a":1}')}.${r.from(BASE32, 20)}`,
    () =>
      `${base64url('{"alg":"HS256"}')}.${base64url(JSON.stringify([1, 2, r.int(3, 9)]))}.c2lnbmF0dXJl`,
    () => `${base64url(`plain text ${r.digits(4)}`)}.${base64url('more text')}.${base64url('sig')}`,
    () => `eyJ${r.from(BASE32, 24)}.eyJ${r.from(BASE32, 30)}.${r.from(BASE32, 16)}`,
  ])();

const badEmail = (r) =>
  r.pick([
    () => `${r.pick(FIRST)}@localhost`,
    () => `${r.pick(FIRST)}.${r.pick(LAST)}@example`,
    () => `${r.pick(FIRST)}@example.c`,
    () => `@${r.pick(LAST)}`,
  ])();

const badPhone = (r) =>
  r.pick([
    () => `+1 123-${r.digits(3)}-${r.digits(4)}`,
    () => `(000) ${usExchange(r)}-${r.digits(4)}`,
    () => `+44 20 ${r.digits(3)}`,
    () => `+49 ${r.digits(2)}`,
  ])();

/** A version 4 UUID. */
const uuid = (r) =>
  [r.from(HEX, 8), r.from(HEX, 4), `4${r.from(HEX, 3)}`, r.from(HEX, 4), r.from(HEX, 12)].join('-');

const ipAddress = (r) =>
  r.pick([
    `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    `192.168.${r.int(0, 255)}.${r.int(1, 254)}`,
  ]);

const version = (r) => `${r.pick(['v', ''])}${r.int(0, 12)}.${r.int(0, 40)}.${r.int(0, 99)}`;

function isoTime(r) {
  const ms = Date.UTC(2024, 0, 1) + r.int(0, 600) * 86_400_000 + r.int(0, 86_399_999);
  return new Date(ms).toISOString();
}

const HARD_NEGATIVES = [
  luhnInvalidCard,
  unknownIssuerCard,
  (r) => `ORD-${r.int(2019, 2025)}-${r.digits(6)}`,
  (r) => `#${r.int(1, 9)}${r.digits(7)}`,
  (r) => `INV-${r.digits(8)}`,
  badIban,
  badSsn,
  badNino,
  badBsn,
  badAwsKey,
  notJwt,
  badEmail,
  badPhone,
  (r) => isoTime(r).slice(0, 10),
  isoTime,
  (r) => String(Math.floor(Date.parse(isoTime(r)) / 1000)),
  version,
  ipAddress,
  uuid,
];

// ------------------------------------------------------------------ documents

const WORDS = (
  'the account team reviewed quarterly storage usage and noted that several buckets hold ' +
  'customer exports archived reports and backup snapshots which should be moved to a colder ' +
  'tier after ninety days while the finance group asked for a summary of invoices shipments ' +
  'refunds and support tickets opened during migration week'
).split(' ');

function sentence(r) {
  const words = Array.from({ length: r.int(6, 16) }, () => r.pick(WORDS));
  const text = words.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

const LEADS = {
  email: ['Contact', 'Send the statement to', 'Reply-to address'],
  phone: ['Call back on', 'Phone', 'Mobile number'],
  payment_card: ['Card on file', 'Charged to card', 'PAN'],
  iban: ['Refund to IBAN', 'Bank account', 'IBAN'],
  us_ssn: ['SSN', 'Social security number', 'Taxpayer id'],
  uk_nino: ['National Insurance number', 'NINO', 'NI number'],
  nl_bsn: ['BSN', 'Burgerservicenummer', 'Citizen number'],
  aws_access_key: ['aws_access_key_id =', 'Access key', 'AWS key'],
  private_key: ['Deploy key follows:', 'Key material:', 'Private key:'],
  jwt: ['Authorization: Bearer', 'Session token', 'id_token'],
  negative: ['Reference', 'See', 'Recorded value', 'Build', 'Ticket'],
};

/** An item: [category or 'negative', value]. */
function items(r) {
  const count = r.int(4, 30);
  return Array.from({ length: count }, () => {
    if (r.chance(0.5)) {
      const category = r.pick(CATEGORIES);
      return [category, TRUE_VALUES[category](r)];
    }
    return ['negative', r.pick(HARD_NEGATIVES)(r)];
  });
}

function renderText(r, list) {
  const paragraphs = [];
  for (const [kind, value] of list) {
    const lead = r.pick(LEADS[kind]);
    const filler = r.chance(0.5) ? `${sentence(r)} ` : '';
    paragraphs.push(
      kind === 'private_key'
        ? `${filler}${lead}\n${value}\n${sentence(r)}`
        : `${filler}${lead} ${value}${r.pick(['.', ',', ' for review.', '; thanks.'])} ${sentence(r)}`,
    );
  }
  return `${paragraphs.join('\n\n')}\n`;
}

const NAMES = FIRST.map((f, i) => `${f[0].toUpperCase()}${f.slice(1)} ${LAST[i % LAST.length]}`);

function csvCell(value) {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function renderCsv(r, list) {
  const rows = [['id', 'name', 'field', 'value', 'updated_at', 'client_ip', 'note']];
  for (const [kind, value] of list) {
    rows.push([
      uuid(r),
      r.pick(NAMES),
      kind === 'negative' ? 'reference' : r.pick(['contact', 'detail', 'attribute']),
      value,
      isoTime(r),
      ipAddress(r),
      sentence(r),
    ]);
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

function renderJson(r, list) {
  const records = list.map(([kind, value]) => {
    const record = {
      id: uuid(r),
      name: r.pick(NAMES),
      updated_at: isoTime(r),
      client: { ip: ipAddress(r), app_version: version(r) },
    };
    if (r.chance(0.5)) record.value = value;
    else record.details = { kind: kind === 'negative' ? 'reference' : 'profile', items: [value] };
    if (r.chance(0.3)) record.note = sentence(r);
    return record;
  });
  return r.chance(0.5) ? JSON.stringify(records, null, 2) : JSON.stringify({ records });
}

function renderLog(r, list) {
  const lines = [];
  for (const [kind, value] of list) {
    const level = r.pick(['INFO', 'WARN', 'DEBUG']);
    const service = r.pick(['billing', 'auth', 'export', 'gateway']);
    const head = `${isoTime(r)} ${level} [${service}] request_id=${uuid(r)} ip=${ipAddress(r)}`;
    if (kind === 'private_key') lines.push(`${head} msg="loaded key"\n${value}`);
    else lines.push(`${head} msg="${r.pick(LEADS[kind])} ${value}" took_ms=${r.int(1, 900)}`);
    if (r.chance(0.4))
      lines.push(`${isoTime(r)} INFO [${service}] ${sentence(r)} version=${version(r)}`);
  }
  return `${lines.join('\n')}\n`;
}

const RENDERERS = { txt: renderText, csv: renderCsv, json: renderJson, log: renderLog };

/**
 * The corpus for `seed`: `files` documents, each with the count of true values planted per
 * category. Pure: the same seed always gives the same bytes.
 */
export function generateCorpus({ seed = 7, files = 1200 } = {}) {
  const r = randomTools(seed);
  const corpus = [];
  for (let i = 0; i < files; i += 1) {
    const extension = r.pick(Object.keys(RENDERERS));
    const list = items(r);
    const labels = Object.fromEntries(CATEGORIES.map((category) => [category, 0]));
    for (const [kind] of list) if (kind !== 'negative') labels[kind] += 1;
    const text = Buffer.from(RENDERERS[extension](r, list), 'utf8');
    const gzipped = r.chance(0.2);
    const name = `${extension}/doc-${String(i).padStart(5, '0')}.${extension}`;
    corpus.push({
      path: gzipped ? `${name}.gz` : name,
      bytes: gzipped ? gzipSync(text) : text,
      labels,
      planted: list
        .filter(([kind]) => kind !== 'negative')
        .map(([kind, value]) => ({ kind, value })),
    });
  }
  return corpus;
}

/**
 * Writes the corpus and labels.json under `out`, and planted.json: every true value planted,
 * per file, for tests that check no value is stored anywhere.
 */
export function writeCorpus(out, options) {
  const corpus = generateCorpus(options);
  const labels = {};
  const planted = {};
  for (const file of corpus) {
    planted[file.path] = file.planted;
    const path = join(out, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.bytes);
    labels[file.path] = file.labels;
  }
  writeFileSync(join(out, 'labels.json'), `${JSON.stringify(labels, null, 1)}\n`);
  writeFileSync(join(out, 'planted.json'), `${JSON.stringify(planted)}\n`);
  return corpus;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      files: { type: 'string', default: '1200' },
      seed: { type: 'string', default: '7' },
    },
  });
  if (!values.out) {
    console.error('usage: corpus.mjs --out <dir> [--files 1200] [--seed 7]');
    process.exit(2);
  }
  const corpus = writeCorpus(values.out, {
    seed: Number(values.seed),
    files: Number(values.files),
  });
  const bytes = corpus.reduce((sum, file) => sum + file.bytes.length, 0);
  console.log(`wrote ${corpus.length} files (${bytes} bytes) and labels.json to ${values.out}`);
}
