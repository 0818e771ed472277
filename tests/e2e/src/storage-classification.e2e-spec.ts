import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  eventually,
  MotoAccount,
  REPO_ROOT,
  type RunningPlatform,
  startPlatform,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '@codex/testing';

import { gatewayApi } from './support/gateway-api';
import { inBatches } from './support/storage-estate';
import { databaseText, topicsText } from './support/stored-text';

type Counts = Record<string, number>;
interface Classified {
  key: string;
  counts: Counts;
  examples: Record<string, string[]>;
}
interface Bucket {
  id: string;
  name: string;
  findings: { kind: string; severity: string }[];
  personalData: Counts | null;
}

const FILES = 1000;

describe('Classification of a labelled corpus through the gateway', () => {
  let idp: TestIdentityProvider;
  let platform: RunningPlatform;
  const tenant = `classify-${Date.now().toString(36)}`;
  const moto = new MotoAccount();
  const bucketName = `corpus-${Date.now().toString(36)}`;
  const corpusDir = mkdtempSync(join(tmpdir(), 'codex-corpus-'));
  let labels: Record<string, Counts>;
  let planted: Record<string, { kind: string; value: string }[]>;
  let tokens: Record<'admin' | 'operator' | 'viewer', string>;
  let bucket: Bucket;

  const api = gatewayApi(() => platform.gatewayUrl);

  beforeAll(async () => {
    execFileSync(process.execPath, [
      join(REPO_ROOT, 'tools/sandbox/storage/corpus.mjs'),
      '--out',
      corpusDir,
      '--files',
      String(FILES),
      '--seed',
      '11',
    ]);
    labels = JSON.parse(readFileSync(join(corpusDir, 'labels.json'), 'utf8')) as typeof labels;
    planted = JSON.parse(readFileSync(join(corpusDir, 'planted.json'), 'utf8')) as typeof planted;
    idp = await startTestIdentityProvider();
    platform = await startPlatform({
      env: idp.env,
      serviceEnv: { 'great-library': { STORAGE_DISCOVERY_INTERVAL_MINUTES: '0' } },
    });
    tokens = {
      admin: await idp.token({ tenant, roles: ['admin'] }),
      operator: await idp.token({ tenant, roles: ['operator'] }),
      viewer: await idp.token({ tenant, roles: ['viewer'] }),
    };
    const s3 = new S3Client(await moto.clientConfig('us-east-1'));
    await s3.send(new CreateBucketCommand({ Bucket: bucketName }));
    await inBatches(Object.keys(labels), 32, (path) =>
      s3.send(
        new PutObjectCommand({
          Bucket: bucketName,
          Key: path,
          Body: readFileSync(join(corpusDir, path)),
        }),
      ),
    );
    const account = await api<{ id: string }>('POST', '/api/v1/accounts', tokens.admin, {
      provider: 'aws',
      name: 'corpus',
      regions: ['us-east-1'],
      credentials: { kind: 'assume-role', ...moto.role },
    });
    expect(account.status).toBe(201);
    await eventually(
      async () => {
        const discovered = await api(
          'POST',
          `/api/v1/storage/accounts/${account.body.id}/discoveries`,
          tokens.operator,
        );
        expect(discovered.status).toBe(201);
      },
      { timeoutMs: 60_000 },
    );
    const listed = await api<{ items: Bucket[] }>('GET', '/api/v1/storage/buckets', tokens.viewer);
    const found = listed.body.items.find((item) => item.name === bucketName);
    if (!found) throw new Error('the corpus bucket was not discovered');
    bucket = found;
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
    await idp?.close();
    rmSync(corpusDir, { recursive: true, force: true });
  });

  it('finds every category with precision and recall of at least 0.95 on 1,000 labelled files', async () => {
    const scan = await api<{ objectsScanned: number; counts: Counts }>(
      'POST',
      `/api/v1/storage/buckets/${bucket.id}/scans`,
      tokens.operator,
      { objectsPerPrefix: FILES, bytesPerObject: 1024 * 1024 },
    );
    expect(scan.status).toBe(200);
    expect(scan.body.objectsScanned).toBe(FILES);
    const classified = await api<{ items: Classified[] }>(
      'GET',
      `/api/v1/storage/buckets/${bucket.id}/classifications`,
      tokens.viewer,
    );
    const byKey = new Map(classified.body.items.map((item) => [item.key, item.counts]));
    expect(byKey.size).toBe(FILES);
    const tally = new Map<string, { tp: number; fp: number; fn: number }>();
    for (const [path, expected] of Object.entries(labels)) {
      const found = byKey.get(path) ?? {};
      for (const [category, truth] of Object.entries(expected)) {
        const predicted = found[category] ?? 0;
        const entry = tally.get(category) ?? { tp: 0, fp: 0, fn: 0 };
        entry.tp += Math.min(predicted, truth);
        entry.fp += Math.max(0, predicted - truth);
        entry.fn += Math.max(0, truth - predicted);
        tally.set(category, entry);
      }
    }
    const scores = Object.fromEntries(
      [...tally].map(([category, { tp, fp, fn }]) => [
        category,
        {
          precision: tp / Math.max(1, tp + fp),
          recall: tp / Math.max(1, tp + fn),
          values: tp + fn,
        },
      ]),
    );
    console.table(scores);
    expect(Object.keys(scores)).toHaveLength(10);
    for (const [category, score] of Object.entries(scores)) {
      expect({ category, ok: score.precision >= 0.95 && score.recall >= 0.95 }).toEqual({
        category,
        ok: true,
      });
      expect(score.values).toBeGreaterThan(100);
    }
  });

  it('raises the bucket findings: personal data and secrets', async () => {
    const after = await api<Bucket>('GET', `/api/v1/storage/buckets/${bucket.id}`, tokens.viewer);
    const kinds = after.body.findings.map((finding) => finding.kind);
    expect(kinds).toEqual(expect.arrayContaining(['personal_data', 'secrets']));
    expect(after.body.personalData?.email).toBeGreaterThan(100);
    // It holds personal data: its configuration findings are a step more severe.
    expect(after.body.findings.find((finding) => finding.kind === 'unencrypted')?.severity).toBe(
      'critical',
    );
  });

  it('stores no matched value anywhere: not in any database, not on any topic', async () => {
    const values = new Set<string>();
    for (const list of Object.values(planted)) {
      for (const { value } of list) {
        const line =
          value.split('\n').find((part) => part.length >= 16 && !part.startsWith('-----')) ?? value;
        values.add(line);
        const compact = line.replace(/[\s-]/g, '');
        if (compact.length >= 8) values.add(compact);
      }
    }
    expect(values.size).toBeGreaterThan(5000);
    const stored = [
      await databaseText(platform.databaseUrlOf('great-library')),
      await databaseText(platform.databaseUrlOf('aetherium')),
      await topicsText(platform.topicPrefix),
    ].join('\n');
    // The scan's results are there: the search would find a value if one had been kept.
    expect(stored).toContain('personal_data');
    expect(stored).toContain(bucketName);
    const leaked = [...values].filter((value) => stored.includes(value));
    expect(leaked).toEqual([]);
  });
});
