import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  AZURE_SANDBOX,
  BOOTSTRAP,
  REPO_ROOT,
  type RunningPlatform,
  startPlatform,
} from '@codex/testing';
import type { Browser, Page } from 'playwright-core';

import {
  type AxeFinding,
  fillSignInForm,
  launchChromium,
  type Person,
  personContext,
  screenshotBothWidths,
  seriousAxeFindings,
  signIn,
} from '../support/console-browser';

const run = promisify(execFile);
const PASSWORD = 'console-horse-battery-staple';
const person = (name: string): Person => ({
  tenant: BOOTSTRAP.tenant,
  email: `${name}@acme.test`,
  password: PASSWORD,
});
const ADMIN: Person = { ...BOOTSTRAP };
const OPERATOR = person('olga');
const APPROVER = person('april');
const VIEWER = person('victor');
/** The sandbox's small estate (tools/sandbox/aws/estate.py): 36 instances, 2 ECS clusters, 7 services. */
const SANDBOX_RESOURCES = 45;
/** Of those, tagged env=production: 20 instances, 1 cluster and its 4 services. */
const PRODUCTION_RESOURCES = 25;
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

describe('the console in Chromium: from connecting an account to an approved stop', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  const accountId = String(randomInt(200_000_000_000, 999_999_999_999));
  /** What the flow leaves behind, for the page-by-page checks that follow it. */
  const made = { actionPath: '', stoppedUrn: '' };

  beforeAll(async () => {
    // The sandbox's estate, as `make sandbox-seed` builds it, in an account of this test's own.
    const seeded = run(
      join(REPO_ROOT, '.local/tools/venv/bin/python'),
      [join(REPO_ROOT, 'tools/sandbox/aws/seed.py'), '--account-id', accountId],
      { cwd: REPO_ROOT },
    );
    [platform, browser] = await Promise.all([
      startPlatform({ serviceEnv: { 'engine-core': { DISCOVERY_INTERVAL_MINUTES: '0' } } }),
      launchChromium(),
      seeded,
    ]);
    const admin = await tokenOf(ADMIN);
    for (const [someone, roles] of [
      [OPERATOR, ['operator']],
      [APPROVER, ['approver']],
      [VIEWER, ['viewer']],
    ] as const) {
      const created = await fetch(`${platform.gatewayUrl}/api/v1/identity/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: someone.email, password: someone.password, roles }),
      });
      if (created.status !== 201) throw new Error(`creating ${someone.email}: ${created.status}`);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  async function tokenOf(who: Person): Promise<string> {
    const response = await fetch(`${platform.gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        tenant: who.tenant,
        username: who.email,
        password: who.password,
      }).toString(),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  }

  const signedIn = async (who: Person, returnTo = '/') => {
    const session = await personContext(browser, platform.gatewayUrl);
    await signIn(session.page, who, returnTo);
    return session;
  };

  it('an admin connects the sandbox account and watches discovery reach 45 resources; an operator filters to production and requests a stop, previewing its diff; an approver approves; the stop succeeds and the instance shows stopped', async () => {
    const admin = await personContext(browser, platform.gatewayUrl);
    const { page } = admin;
    await page.goto('/accounts');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await fillSignInForm(page, ADMIN);
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/accounts');

    // Connect: a validation error from the API lands next to its field first.
    await page.getByRole('button', { name: 'Connect an account' }).click();
    const connect = page.getByRole('dialog', { name: 'Connect an account' });
    expect(await connect.getByLabel('Provider').inputValue()).toBe('aws');
    await connect.getByLabel('Name').fill('sandbox');
    await connect.getByLabel('Credentials').selectOption('assume-role');
    await connect.getByLabel('Role ARN').fill('not-an-arn');
    await connect.getByLabel('External ID').fill('codex-console-test');
    await connect.getByRole('button', { name: 'Connect account' }).click();
    await connect.getByLabel('Role ARN').and(page.locator('[aria-invalid="true"]')).waitFor();
    await connect.getByLabel('Role ARN').fill(`arn:aws:iam::${accountId}:role/codex`);
    // A person ticks a region by its label; the input itself is visually hidden.
    for (const region of REGIONS.slice(1))
      await connect.locator('label').filter({ hasText: region }).click();
    for (const region of REGIONS) expect(await connect.getByLabel(region).isChecked()).toBe(true);
    await connect.getByRole('button', { name: 'Connect account' }).click();
    await connect.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'sandbox' }).waitFor();
    await page.getByText(accountId, { exact: true }).waitFor();

    // Discover now, with progress polled until the run ends.
    await page.getByRole('button', { name: 'Discover now in sandbox' }).click();
    const progress = page.getByRole('status', { name: 'Discovery progress' });
    await progress
      .getByText(`Discovered ${SANDBOX_RESOURCES} resources`)
      .waitFor({ timeout: 90_000 });
    await page.getByRole('button', { name: 'Discover now in sandbox' }).waitFor();
    expect(await page.getByRole('button', { name: 'Discover now in sandbox' }).isEnabled()).toBe(
      true,
    );
    expect(admin.problems).toEqual([]);

    // The operator filters by tag and asks to stop a production instance.
    const operator = await signedIn(OPERATOR, '/inventory');
    const inventory = operator.page;
    await inventory.getByLabel('Tags').fill('env=production');
    await inventory.getByRole('button', { name: 'Apply filters' }).click();
    await inventory.getByText('Filtered by Tag.').waitFor();
    expect(new URL(inventory.url()).searchParams.getAll('tag')).toEqual(['env:production']);
    await inventory.getByText(`${PRODUCTION_RESOURCES} resources shown`).waitFor();
    const rows = inventory.getByRole('table', { name: /^Resources/ }).locator('tbody tr');
    expect(await rows.count()).toBe(PRODUCTION_RESOURCES);
    await inventory.getByRole('button', { name: 'Show details of payments-api-1' }).click();
    const panel = inventory.getByRole('complementary', { name: 'payments-api-1' });
    await panel.getByRole('cell', { name: 'production' }).waitFor();
    expect(await panel.getByText('Running', { exact: true }).count()).toBe(1);
    made.stoppedUrn = new URL(inventory.url()).searchParams.get('resource') ?? '';
    expect(made.stoppedUrn).toMatch(new RegExp(`^codex:aws:${accountId}:us-east-1:ec2/instance/`));

    await panel.getByRole('button', { name: 'Request action' }).click();
    const request = inventory.getByRole('dialog', { name: /^Request an action on payments-api-1/ });
    await request.getByLabel('Action').selectOption('stop');
    await request.getByLabel('Reason').fill('Idle over the weekend');
    await request.getByRole('button', { name: 'Preview changes' }).click();
    const diff = request.getByRole('region', { name: 'Planned changes' });
    const stateRow = diff.getByRole('row', { name: /^state/ });
    await stateRow.waitFor();
    expect(await stateRow.locator('del').textContent()).toBe('running');
    expect(await stateRow.locator('ins').textContent()).toBe('stopped');
    await request.getByText('This action waits for an approver before it runs.').waitFor();
    await request.getByRole('button', { name: 'Submit request' }).click();
    await inventory.waitForURL(/\/actions\/[0-9a-f-]+$/);
    made.actionPath = new URL(inventory.url()).pathname;
    await inventory.getByText('Waiting for an approver other than the requester.').waitFor();
    expect(await inventory.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(operator.problems).toEqual([]);

    // A second person, in a browser context of their own, approves.
    const approver = await signedIn(APPROVER, made.actionPath);
    const decision = approver.page.getByRole('region', { name: 'Your decision' });
    await decision.getByLabel('Comment').fill('Fine for the weekend');
    await decision.getByRole('button', { name: 'Approve' }).click();
    const status = approver.page.locator('.page-header [aria-live]');
    await status.getByText('Succeeded').waitFor({ timeout: 60_000 });
    await approver.page.getByText('Fine for the weekend').waitFor();

    // The requester's page follows by itself, and the inventory shows the instance stopped.
    await inventory.locator('.page-header [aria-live]').getByText('Succeeded').waitFor();
    await inventory.goto(`/inventory?resource=${encodeURIComponent(made.stoppedUrn)}`);
    await inventory
      .getByRole('complementary', { name: 'payments-api-1' })
      .getByText('Stopped', { exact: true })
      .waitFor();
    expect(approver.problems).toEqual([]);
    await Promise.all([admin.context.close(), operator.context.close(), approver.context.close()]);
  });

  it('an admin connects an Azure subscription, refused first for a wrong secret; its VMs sit in the inventory beside the AWS resources; an operator previews a resize with both sizes and their prices', async () => {
    const [subscription = ''] = AZURE_SANDBOX.subscriptions;
    const admin = await signedIn(ADMIN, '/accounts');
    const { page } = admin;
    await page.getByRole('button', { name: 'Connect an account' }).click();
    const connect = page.getByRole('dialog', { name: 'Connect an account' });
    await connect.getByLabel('Provider').selectOption('azure');
    await connect.getByLabel('Name').fill('payments and web');
    await connect.getByLabel('Subscription ID').fill(subscription);
    await connect.getByLabel('Directory (tenant) ID').fill(AZURE_SANDBOX.tenantId);
    await connect.getByLabel('Application (client) ID').fill(AZURE_SANDBOX.clientId);
    await connect.getByLabel('Client secret value').fill('not-the-secret');
    await connect.getByRole('button', { name: 'Connect subscription' }).click();
    // Azure's own reason reaches the person who typed the secret.
    await connect
      .getByText(/AADSTS7000215/)
      .first()
      .waitFor();
    await connect.getByLabel('Client secret value').fill(AZURE_SANDBOX.clientSecret);
    await connect.getByRole('button', { name: 'Connect subscription' }).click();
    await connect.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'payments and web' }).waitFor();
    await page.getByText(subscription, { exact: true }).waitFor();
    await page.getByText('Every location', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Discover now in payments and web' }).click();
    const progress = page
      .getByRole('listitem', { name: 'payments and web' })
      .getByRole('status', { name: 'Discovery progress' });
    await progress
      .getByText(/Discovered \d+ resources|Discovery failed/)
      .waitFor({ timeout: 90_000 });
    expect(await progress.textContent()).toMatch(/Discovered \d+ resources/);
    expect(admin.problems).toEqual([]);

    // Production across both clouds, in one list.
    const operator = await signedIn(OPERATOR, '/inventory');
    const inventory = operator.page;
    await inventory.getByLabel('Tags').fill('env=production');
    await inventory.getByRole('button', { name: 'Apply filters' }).click();
    await inventory.getByText('Filtered by Tag.').waitFor();
    const table = inventory.getByRole('table', { name: /^Resources/ });
    await table.getByText('vm-prod-batch-013').waitFor();
    await table.getByText('payments-api-1').waitFor();

    await inventory.getByRole('button', { name: 'Show details of vm-prod-batch-013' }).click();
    const panel = inventory.getByRole('complementary', { name: 'vm-prod-batch-013' });
    await panel.getByText('Standard_D4s_v5').first().waitFor();
    await panel.getByRole('button', { name: 'Request action' }).click();
    const request = inventory.getByRole('dialog', {
      name: /^Request an action on vm-prod-batch-013/,
    });
    await request.getByLabel('Action').selectOption('resize');
    await request.getByLabel('Vm size').fill('Standard_F4s_v2');
    await request.getByLabel('Reason').fill('CPU-bound');
    await request.getByRole('button', { name: 'Preview changes' }).click();
    const diff = request.getByRole('region', { name: 'Planned changes' });
    const size = diff.getByRole('row', { name: /^vmSize/ });
    await size.waitFor();
    expect(await size.locator('del').textContent()).toBe('Standard_D4s_v5');
    expect(await size.locator('ins').textContent()).toBe('Standard_F4s_v2');
    const price = diff.getByRole('row', { name: /^hourlyListPrice/ });
    expect(await price.locator('del').textContent()).toBe('$0.192 per hour');
    expect(await price.locator('ins').textContent()).toBe('$0.169 per hour');
    expect(await diff.getByRole('listitem').first().textContent()).toMatch(/deallocate/i);
    await request.getByText('This action waits for an approver before it runs.').waitFor();
    expect(operator.problems).toEqual([]);
    await Promise.all([admin.context.close(), operator.context.close()]);
  });

  it('a viewer sees no control that changes anything, and a request forced from their page is refused', async () => {
    if (!made.actionPath)
      throw new Error('the flow before this one did not get as far as an action');
    const viewer = await signedIn(
      VIEWER,
      `/inventory?resource=${encodeURIComponent(made.stoppedUrn)}`,
    );
    const { page } = viewer;
    await page
      .getByRole('complementary', { name: 'payments-api-1' })
      .getByText('Stopped')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Request action' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Identity' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('heading', { name: 'sandbox' }).waitFor();
    await page.getByText(`Discovered ${SANDBOX_RESOURCES} resources`).waitFor();
    for (const name of ['Connect an AWS account', 'Discover now in sandbox', 'Disconnect'])
      expect(await page.getByRole('button', { name }).count()).toBe(0);

    await page.goto(made.actionPath);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    for (const name of ['Approve', 'Reject'])
      expect(await page.getByRole('button', { name }).count()).toBe(0);

    // The viewer's own session and CSRF token, from their page: the API still says no.
    const forced = await page.evaluate(async (targetUrn) => {
      const session = (await (await fetch('/auth/session')).json()) as { csrfToken: string };
      const response = await fetch('/api/v1/actions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ targetUrn, type: 'start', reason: 'forced', dryRun: true }),
      });
      return response.status;
    }, made.stoppedUrn);
    expect(forced).toBe(403);
    expect(viewer.problems).toEqual([]);
    await viewer.context.close();
  });

  it('every page passes axe-core with no serious or critical finding, and is photographed at 1280 and 390 px', async () => {
    if (!made.actionPath)
      throw new Error('the flow before this one did not get as far as an action');
    const findings: AxeFinding[] = [];
    const check = async (page: Page, name: string) => {
      findings.push(...(await seriousAxeFindings(page, name)));
      await screenshotBothWidths(page, name);
    };
    const { page, context, problems } = await personContext(browser, platform.gatewayUrl);

    await page.goto('/');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await check(page, 'console-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Password').waitFor();
    await check(page, 'issuer-sign-in');
    await fillSignInForm(page, ADMIN);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await waitForLoaded(page);
    await check(page, 'overview');

    await page.goto(`/inventory?resource=${encodeURIComponent(made.stoppedUrn)}`);
    await page
      .getByRole('complementary', { name: 'payments-api-1' })
      .getByText('Stopped')
      .waitFor();
    await waitForLoaded(page);
    await check(page, 'inventory');

    await page.goto(
      '/inventory?provider=aws&tag=env%3Aproduction&resource=' +
        encodeURIComponent(made.stoppedUrn),
    );
    await page.getByText(`${PRODUCTION_RESOURCES} resources shown`).waitFor();
    await page.getByRole('button', { name: 'Request action' }).click();
    const request = page.getByRole('dialog');
    await request.getByLabel('Action').selectOption('start');
    await request.getByLabel('Reason').fill('Back for Monday');
    await request.getByRole('button', { name: 'Preview changes' }).click();
    await request.getByRole('region', { name: 'Planned changes' }).waitFor();
    await check(page, 'request-action-preview');
    await page.keyboard.press('Escape');
    await request.waitFor({ state: 'detached' });

    await page.goto('/accounts');
    await page.getByText(`Discovered ${SANDBOX_RESOURCES} resources`).waitFor();
    await check(page, 'accounts');

    await page.goto('/actions');
    await page.getByRole('heading', { name: 'Actions', level: 1 }).waitFor();
    await waitForLoaded(page);
    await check(page, 'actions');

    await page.goto(made.actionPath);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await waitForLoaded(page);
    await check(page, 'action');

    for (const [tab, label] of [
      ['users', 'Users and roles'],
      ['api-keys', 'API keys'],
      ['machine-clients', 'Machine clients'],
      ['audit', 'Audit log'],
    ] as const) {
      await page.goto(`/identity?tab=${tab}`);
      await page.getByRole('tab', { name: label, selected: true }).waitFor();
      await waitForLoaded(page);
      await check(page, `identity-${tab}`);
    }

    expect(findings).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

/** Until no list on the page is still loading. */
async function waitForLoaded(page: Page): Promise<void> {
  await page.locator('.state-loading').first().waitFor({ state: 'detached' });
}
