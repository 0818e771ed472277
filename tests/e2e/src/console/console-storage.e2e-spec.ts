import { randomBytes } from 'node:crypto';

import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  BOOTSTRAP,
  eventually,
  MotoAccount,
  type RunningPlatform,
  startPlatform,
} from '@codex/testing';
import type { Browser, Page } from 'playwright-core';

import {
  type AxeFinding,
  launchChromium,
  type Person,
  personContext,
  screenshotBothWidths,
  seriousAxeFindings,
  signIn,
} from '../support/console-browser';
import { gatewayApi } from '../support/gateway-api';
import { putS3Objects, seedS3 } from '../support/storage-estate';

interface Bucket {
  id: string;
  urn: string;
  name: string;
  findings: { kind: string; severity: string }[];
}

const ADMIN: Person = { ...BOOTSTRAP };
/** The objects of the unencrypted bucket: one at the top, two folders deep. */
const KEYS = ['top.txt', 'reports/readme.txt', 'reports/2026/q1.csv'];
const DEEP_KEY = 'reports/2026/q1.csv';
/** An object with two e-mail addresses in it, for the personal-data scan. */
const CUSTOMERS_KEY = 'people/customers.csv';
const CUSTOMERS = 'name,email\nAda,ada.lovelace@acme-mail.com\nAlan,alan.turing@acme-mail.com\n';

describe('the Storage pages in Chromium, against moto', () => {
  const run = randomBytes(4).toString('hex');
  const moto = new MotoAccount();
  let platform: RunningPlatform;
  let browser: Browser;
  let s3: Awaited<ReturnType<typeof seedS3>>;
  let token = '';
  let accountId = '';
  let plain: Bucket;
  const axe: AxeFinding[] = [];

  const api = gatewayApi(() => platform.gatewayUrl);

  beforeAll(async () => {
    [platform, browser] = await Promise.all([
      startPlatform({
        serviceEnv: { 'great-library': { STORAGE_DISCOVERY_INTERVAL_MINUTES: '0' } },
      }),
      launchChromium(),
    ]);
    const response = await fetch(`${platform.gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        tenant: ADMIN.tenant,
        username: ADMIN.email,
        password: ADMIN.password,
      }).toString(),
    });
    token = ((await response.json()) as { access_token: string }).access_token;
    s3 = await seedS3(moto, run);
    await putS3Objects(s3.s3, s3.names.plain, KEYS);
    await s3.s3.send(
      new PutObjectCommand({
        Bucket: s3.names.plain,
        Key: CUSTOMERS_KEY,
        Body: CUSTOMERS,
        ContentType: 'text/csv',
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  const check = async (page: Page, name: string) => {
    await page.locator('.state-loading').first().waitFor({ state: 'detached' });
    axe.push(...(await seriousAxeFindings(page, name)));
    await screenshotBothWidths(page, name);
  };

  it('connects the AWS account and discovers its buckets through the API', async () => {
    const connected = await api<{ id: string }>('POST', '/api/v1/accounts', token, {
      provider: 'aws',
      name: `storage ${run}`,
      regions: ['us-east-1'],
      credentials: { kind: 'assume-role', ...moto.role },
    });
    expect(connected.status).toBe(201);
    accountId = connected.body.id;
    await eventually(
      async () => {
        const answer = await api<{ buckets: number }>(
          'POST',
          `/api/v1/storage/accounts/${accountId}/discoveries`,
          token,
        );
        if (answer.status === 404) throw new Error('great-library does not know the account yet');
        expect(answer.status).toBe(201);
      },
      { timeoutMs: 60_000 },
    );
    const buckets = await api<{ items: Bucket[] }>(
      'GET',
      `/api/v1/storage/buckets?accountId=${accountId}`,
      token,
    );
    expect(buckets.status).toBe(200);
    const found = buckets.body.items.find((bucket) => bucket.name === s3.names.plain);
    if (!found) throw new Error(`${s3.names.plain} was not discovered`);
    plain = found;
    expect(plain.findings.map((finding) => finding.kind)).toContain('unencrypted');
  });

  it('the Storage page lists the buckets with their findings, filters by finding, and discovers again on demand', async () => {
    if (!plain) throw new Error('the discovery before this one did not find the bucket');
    const { page, context, problems } = await personContext(browser, platform.gatewayUrl);
    await signIn(page, ADMIN, '/storage');
    await page.getByRole('heading', { name: 'Storage', level: 1 }).waitFor();
    const table = page.locator('section[aria-labelledby="buckets-heading"][aria-busy="false"]');
    const row = (name: string) => table.locator('tbody tr', { has: page.getByText(name) });
    await row(s3.names.plain).waitFor();
    const text = (await row(s3.names.plain).textContent()) ?? '';
    expect(text).toContain('AWS S3');
    expect(text).toContain('us-east-1');
    expect(text).toContain('High 1');
    await row(s3.names.public).waitFor();
    await row(s3.names.kept).waitFor();
    await check(page, 'storage');

    await page
      .getByRole('search', { name: 'Filter buckets' })
      .getByLabel('Finding')
      .selectOption('unencrypted');
    await page.waitForURL((url) => url.searchParams.get('finding') === 'unencrypted');
    await row(s3.names.plain).waitFor();
    await table
      .locator('tbody tr', { has: page.getByText(s3.names.kept) })
      .waitFor({ state: 'detached' });
    await row(s3.names.plain).waitFor();
    expect(await table.locator('tbody tr', { has: page.getByText(s3.names.kept) }).count()).toBe(0);

    await page.getByRole('button', { name: `Discover now in storage ${run}` }).click();
    await page
      .getByRole('status')
      .getByText(/Found \d+ buckets/)
      .waitFor({ timeout: 60_000 });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the bucket page browses into a prefix, downloads through a signed URL, and changes an object’s tier through the action pipeline', async () => {
    if (!plain) throw new Error('the discovery before this one did not find the bucket');
    const { page, context, problems } = await personContext(browser, platform.gatewayUrl);
    await signIn(page, ADMIN, '/storage');
    await page.getByRole('link', { name: s3.names.plain, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/storage/buckets/${plain.id}`);
    await page.getByRole('heading', { name: s3.names.plain, level: 1 }).waitFor();
    const findings = page.getByRole('region', { name: 'Findings', exact: true });
    await findings.getByRole('listitem').filter({ hasText: 'Not encrypted' }).waitFor();
    expect(await findings.getByRole('listitem').count()).toBe(plain.findings.length);
    const objects = page.getByRole('region', { name: 'Objects', exact: true });
    await objects.getByRole('row', { name: /top\.txt/ }).waitFor();
    await check(page, 'storage-bucket');

    // Into reports/, then reports/2026/, with the breadcrumbs following.
    await objects.getByRole('link', { name: 'reports/', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('prefix') === 'reports/');
    await objects.getByRole('row', { name: /readme\.txt/ }).waitFor();
    await objects.getByRole('link', { name: '2026/', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('prefix') === 'reports/2026/');
    const folder = objects.getByRole('navigation', { name: 'Folder' });
    await folder.getByRole('link', { name: 'reports', exact: true }).waitFor();
    const deep = objects.getByRole('row', { name: /q1\.csv/ });
    await deep.waitFor();

    // Details: metadata, a signed URL whose fetch returns the object's bytes, a preview.
    await deep.getByRole('button', { name: 'Details' }).click();
    const details = page.getByRole('dialog', { name: DEEP_KEY });
    await details.getByText('STANDARD', { exact: true }).waitFor();
    const popup = context.waitForEvent('page', { timeout: 10_000 }).catch(() => undefined);
    await details.getByRole('button', { name: 'Download' }).click();
    const link = details.getByRole('link', { name: 'Download link for q1.csv' });
    await link.waitFor();
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/X-Amz-Signature=/);
    expect(await (await fetch(href)).text()).toBe(`body of ${DEEP_KEY}`);
    await (await popup)?.close();
    await details.getByRole('button', { name: 'Preview' }).click();
    // The signed URL is on moto's origin: shown when the browser may read it, said otherwise.
    await details
      .locator('pre', { hasText: `body of ${DEEP_KEY}` })
      .or(details.getByRole('alert').filter({ hasText: 'Download still works' }))
      .waitFor();
    await details.getByRole('button', { name: 'Close' }).click();
    await details.waitFor({ state: 'detached' });

    // The bucket must be in the inventory for the action ledger to act on it.
    await eventually(
      async () => {
        const found = await api(
          'GET',
          `/api/v1/inventory/resources/${encodeURIComponent(plain.urn)}`,
          token,
        );
        if (found.status !== 200) throw new Error(`${plain.urn} is not in the inventory yet`);
      },
      { timeoutMs: 60_000 },
    );
    await deep.getByRole('button', { name: 'Change tier' }).click();
    const dialog = page.getByRole('dialog', { name: `Change tier of ${DEEP_KEY}` });
    await dialog.getByLabel('Storage class').selectOption('STANDARD_IA');
    await dialog.getByLabel('Reason').fill('Read once a quarter');
    await dialog.getByRole('button', { name: 'Preview changes' }).click();
    await dialog.getByRole('region', { name: 'Planned changes' }).waitFor();
    await check(page, 'storage-change-tier-preview');
    await dialog.getByRole('button', { name: 'Submit request' }).click();
    await page.waitForURL(/\/actions\/[0-9a-f-]+$/);
    await page
      .locator('.page-header [aria-live]')
      .getByText('Succeeded')
      .waitFor({ timeout: 90_000 });
    const head = await s3.s3.send(new HeadObjectCommand({ Bucket: s3.names.plain, Key: DEEP_KEY }));
    expect(head.StorageClass).toBe('STANDARD_IA');

    // The preview's fetch to moto may be refused by the console's connect-src 'self'.
    expect(problems.filter((problem) => !problem.startsWith('CSP connect-src'))).toEqual([]);
    await context.close();
  });

  it('an operator scans the bucket for personal data and sees the object with masked examples', async () => {
    if (!plain) throw new Error('the discovery before this one did not find the bucket');
    const { page, context, problems } = await personContext(browser, platform.gatewayUrl);
    await signIn(page, ADMIN, `/storage/buckets/${plain.id}`);
    const section = page.getByRole('region', { name: 'Personal data', exact: true });
    await section.getByText('Not scanned', { exact: true }).waitFor();
    await section.getByRole('button', { name: 'Scan for personal data' }).click();
    await section
      .getByRole('status')
      .getByText(/^Scanned \d+ objects/)
      .waitFor({ timeout: 60_000 });
    const row = section.getByRole('row', { name: new RegExp(CUSTOMERS_KEY) });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('email 2');
    expect(text).toMatch(/email: \S+\*/);
    expect(text).not.toContain('lovelace');
    await section.locator('p', { hasText: /^email 2$/ }).waitFor();
    await check(page, 'storage-bucket-scanned');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the Storage pages pass axe-core with no serious or critical finding', () => {
    expect(axe).toEqual([]);
  });
});
