import {
  bucketFiltersFrom,
  bucketLabel,
  changeClassIntent,
  type Classification,
  classMixRows,
  examplesText,
  findingsBySeverity,
  formatBytes,
  formatUsd,
  isTextLike,
  nameInFolder,
  objectsWithFindings,
  personalDataText,
  prefixCrumbs,
  recommendationScope,
  severityCounts,
  storageSeverityTone,
} from './storage';

describe('storage filters in the address', () => {
  it('keeps only what GET /storage/buckets takes', () => {
    const search = new URLSearchParams(
      'provider=gcp&accountId=6f1c3e2a-0000-4000-8000-000000000001&finding=unencrypted&x=1',
    );
    expect(bucketFiltersFrom(search)).toEqual({
      provider: 'gcp',
      accountId: '6f1c3e2a-0000-4000-8000-000000000001',
      finding: 'unencrypted',
    });
  });

  it('drops an unknown provider, a malformed account id and an unknown finding', () => {
    const search = new URLSearchParams('provider=ibm&accountId=nope&finding=haunted');
    expect(bucketFiltersFrom(search)).toEqual({});
  });
});

describe('numbers for people', () => {
  it('formats bytes in powers of 1024', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(1024 * 1024)).toBe('1 MB');
    expect(formatBytes(12.4 * 1024 * 1024)).toBe('12 MB');
    expect(formatBytes(5 * 1024 ** 4)).toBe('5 TB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('formats dollars, with four places under a cent', () => {
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.00123)).toBe('$0.0012');
  });
});

describe('buckets', () => {
  it('names an Azure container under its storage account', () => {
    expect(bucketLabel({ name: 'logs', storageAccount: 'codexprod' })).toBe('codexprod/logs');
    expect(bucketLabel({ name: 'pub-1', storageAccount: null })).toBe('pub-1');
  });

  it('orders findings most severe first, keeping order among equals', () => {
    const findings = [
      { kind: 'a', severity: 'low' as const },
      { kind: 'b', severity: 'high' as const },
      { kind: 'c', severity: 'info' as const },
      { kind: 'd', severity: 'low' as const },
    ];
    expect(findingsBySeverity(findings).map((f) => f.kind)).toEqual(['b', 'a', 'd', 'c']);
    expect(severityCounts(findings)).toEqual([
      { severity: 'high', count: 1 },
      { severity: 'low', count: 2 },
      { severity: 'info', count: 1 },
    ]);
    expect(storageSeverityTone('critical')).toBe('bad');
    expect(storageSeverityTone('info')).toBe('neutral');
  });

  it('says what personal data was found, or that none was looked for', () => {
    expect(personalDataText(null)).toBe('Not scanned');
    expect(personalDataText({ email: 0 })).toBe('None found');
    expect(personalDataText({ phone: 2, email: 1200, iban: 2 })).toBe(
      'email 1,200, iban 2, phone 2',
    );
  });

  it('lists the class mix largest first', () => {
    expect(
      classMixRows({
        GLACIER: { objects: 1, bytes: 10 },
        STANDARD: { objects: 5, bytes: 500 },
      }).map((row) => row.storageClass),
    ).toEqual(['STANDARD', 'GLACIER']);
  });
});

describe('the object browser', () => {
  it('makes breadcrumbs of a prefix', () => {
    expect(prefixCrumbs('')).toEqual([{ label: 'Top', prefix: '' }]);
    expect(prefixCrumbs('logs/2026/')).toEqual([
      { label: 'Top', prefix: '' },
      { label: 'logs', prefix: 'logs/' },
      { label: '2026', prefix: 'logs/2026/' },
    ]);
    expect(prefixCrumbs('logs/app')).toEqual([
      { label: 'Top', prefix: '' },
      { label: 'logs', prefix: 'logs/' },
      { label: 'app', prefix: 'logs/app' },
    ]);
  });

  it('shows names inside their folder', () => {
    expect(nameInFolder('logs/a.txt', 'logs/')).toBe('a.txt');
    expect(nameInFolder('logs/2026/', 'logs/')).toBe('2026/');
    expect(nameInFolder('a.txt', '')).toBe('a.txt');
  });

  it('previews text by content type, else by extension', () => {
    expect(isTextLike('a.bin', 'text/plain')).toBe(true);
    expect(isTextLike('a', 'application/json; charset=utf-8')).toBe(true);
    expect(isTextLike('a.txt', 'image/png')).toBe(false);
    expect(isTextLike('a.csv', 'application/octet-stream')).toBe(true);
    expect(isTextLike('a.CSV')).toBe(true);
    expect(isTextLike('a.parquet')).toBe(false);
    expect(isTextLike('README')).toBe(false);
  });
});

describe('tiering', () => {
  it('asks for a change of class of the keys given', () => {
    expect(changeClassIntent({ urn: 'urn:1' }, ['a/b.txt'], 'GLACIER')).toEqual({
      targetUrn: 'urn:1',
      type: 'change_class',
      params: { keys: ['a/b.txt'], storageClass: 'GLACIER' },
    });
  });

  it('says what a recommendation covers', () => {
    expect(recommendationScope({ objects: 1, prefix: '' })).toBe('1 object at the top');
    expect(recommendationScope({ objects: 2000, prefix: 'logs/' })).toBe(
      '2,000 objects under logs/',
    );
  });
});

describe('personal-data scans', () => {
  const sampled = (key: string, counts: Record<string, number>): Classification => ({
    key,
    prefix: '',
    counts,
    examples: {},
    skipped: null,
    scannedAt: '2026-11-30T10:00:00.000Z',
  });

  it('keeps the objects where something was found, most first', () => {
    const items = [
      sampled('a.csv', { email: 1 }),
      sampled('b.csv', {}),
      sampled('c.csv', { email: 2, phone: 1 }),
      sampled('d.bin', { email: 0 }),
    ];
    expect(objectsWithFindings(items).map((item) => item.key)).toEqual(['c.csv', 'a.csv']);
  });

  it('writes masked examples by category', () => {
    expect(
      examplesText({ phone: ['******78'], email: ['j***@e***.com', 'a***@e***.com'], iban: [] }),
    ).toBe('email: j***@e***.com, a***@e***.com; phone: ******78');
  });
});
