import { constants, gzipSync } from 'node:zlib';

import { bareScan } from './bare-scan';
import { classifyBytes } from './classify-bytes';

const MB = 1024 * 1024;
const SECRETS = [
  'john.doe@example.com',
  '4111 1111 1111 1111',
  '123-45-6789',
  'AKIAIOSFODNN7EXAMPLE',
];
const TEXT = `Contact ${SECRETS[0]}, card ${SECRETS[1]}, SSN ${SECRETS[2]}, key ${SECRETS[3]}.\n`;
const COUNTS = { email: 1, payment_card: 1, us_ssn: 1, aws_access_key: 1 };

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('classifyBytes', () => {
  it('classifies plain text and CSV', () => {
    expect(classifyBytes(utf8(TEXT), { key: 'notes.txt', maxBytes: MB }).counts).toEqual(COUNTS);
    const csv = `id,email,card\n1,${SECRETS[0]},"${SECRETS[1]}"\n`;
    expect(classifyBytes(utf8(csv), { key: 'export.csv', maxBytes: MB }).counts).toEqual({
      email: 1,
      payment_card: 1,
    });
  });

  it('reads the strings of JSON, escapes decoded, and no value runs into the next', () => {
    const json = JSON.stringify({
      contact: 'john.doe\u0040example.com'.replace('@', '\\u0040'),
      ssn: ['123-45', '6789'],
      nested: { card: SECRETS[1], bsn: 123456782 },
    }).replace('\\\\u0040', '\\u0040');
    expect(json).toContain('\\u0040');
    expect(classifyBytes(utf8(json), { key: 'data.json', maxBytes: MB }).counts).toEqual({
      email: 1,
      payment_card: 1,
      nl_bsn: 1,
    });
  });

  it('reads JSON cut short by sampling as text', () => {
    const json = JSON.stringify({ a: SECRETS[0], b: SECRETS[2], c: 'x'.repeat(100) });
    const cut = utf8(json).subarray(0, json.length - 40);
    expect(classifyBytes(cut, { contentType: 'application/json', maxBytes: MB }).counts).toEqual({
      email: 1,
      us_ssn: 1,
    });
  });

  it('decompresses gzip found by its magic bytes or its key', () => {
    const gz = gzipSync(utf8(TEXT));
    expect(classifyBytes(gz, { maxBytes: MB }).counts).toEqual(COUNTS);
    expect(classifyBytes(gz, { key: 'logs/app.log.gz', maxBytes: MB }).counts).toEqual(COUNTS);
    const json = gzipSync(utf8(JSON.stringify({ email: SECRETS[0] })));
    expect(classifyBytes(json, { key: 'x.json.gz', maxBytes: MB }).counts).toEqual({ email: 1 });
  });

  it('reads a .gz key whose bytes are not gzip as they are', () => {
    expect(classifyBytes(utf8(TEXT), { key: 'mislabelled.txt.gz', maxBytes: MB }).counts).toEqual(
      COUNTS,
    );
  });

  it('reads what a truncated gzip sample decompresses to', () => {
    const text = `${TEXT}${'filler line of ordinary prose\n'.repeat(20_000)}${TEXT}`;
    const gz = gzipSync(utf8(text));
    const result = classifyBytes(gz.subarray(0, Math.floor(gz.length / 2)), {
      key: 'big.txt.gz',
      maxBytes: 16 * MB,
    });
    expect(result.counts).toEqual(COUNTS);
    expect(result.scannedBytes).toBeGreaterThan(1000);
    expect(result.scannedBytes).toBeLessThan(utf8(text).length);
  });

  it('stops a gzip bomb at maxBytes', () => {
    const bomb = gzipSync(Buffer.concat([utf8(TEXT), Buffer.alloc(64 * MB, 'a')]), {
      level: constants.Z_BEST_COMPRESSION,
    });
    expect(bomb.length).toBeLessThan(MB);
    const result = classifyBytes(bomb, { maxBytes: MB });
    expect(result.scannedBytes).toBeLessThanOrEqual(MB);
    expect(result.scannedBytes).toBeGreaterThan(MB / 2);
    expect(result.counts).toEqual(COUNTS);
  });

  it('samples at most maxBytes of plain content', () => {
    const text = `${TEXT}${'x'.repeat(2000)}${TEXT}`;
    const result = classifyBytes(utf8(text), { maxBytes: 1000 });
    expect(result.scannedBytes).toBe(1000);
    expect(result.counts).toEqual(COUNTS);
  });

  it('skips binary content and says so', () => {
    const binary = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]), utf8(TEXT)]);
    expect(classifyBytes(binary, { key: 'image.png', maxBytes: MB })).toEqual({
      counts: {},
      examples: {},
      scannedBytes: 0,
      skipped: 'binary',
    });
    expect(classifyBytes(gzipSync(binary), { maxBytes: MB }).skipped).toBe('binary');
  });

  it('skips gzip it cannot read', () => {
    const broken = Buffer.from([0x1f, 0x8b, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(classifyBytes(broken, { maxBytes: MB }).skipped).toBe('unreadable_gzip');
  });

  it('never returns a matched value', () => {
    const result = JSON.stringify(classifyBytes(utf8(TEXT), { maxBytes: MB }));
    for (const secret of SECRETS) expect(result).not.toContain(secret);
    for (const digits of SECRETS.map((s) => s.replace(/\D/g, '')).filter((d) => d.length > 5)) {
      expect(result).not.toContain(digits.slice(-5));
    }
  });
});

describe('bareScan', () => {
  it('counts raw pattern matches without validating them', () => {
    const text = `${TEXT} 4111 1111 1111 1112 and 000-12-3456`;
    expect(bareScan(text)).toMatchObject({ payment_card: 2, us_ssn: 2, email: 1 });
  });
});
