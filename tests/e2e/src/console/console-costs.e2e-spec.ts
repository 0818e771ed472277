import { randomBytes } from 'node:crypto';

import { BOOTSTRAP, type RunningPlatform, startPlatform } from '@codex/testing';
import type { Browser, Page } from 'playwright-core';

import {
  type AxeFinding,
  checkPage,
  launchChromium,
  type Person,
  personContext,
  signIn,
} from '../support/console-browser';
import { gatewayApi, passwordToken } from '../support/gateway-api';

interface BudgetView {
  id: string;
  name: string;
  monthlyAmount: string;
  currency: string;
  percentUsed: number;
  thresholds: number[];
}

const ADMIN: Person = { ...BOOTSTRAP };

/**
 * The Costs page on a platform of its own (scratch databases, so the bootstrap tenant is this
 * test's alone). It needs no ingested bill: the page's controls, empty states, budgets (made
 * through the API and through the form) and the source form are what it checks, with axe.
 */
describe('the Costs page in Chromium', () => {
  const run = randomBytes(4).toString('hex');
  let platform: RunningPlatform;
  let browser: Browser;
  let token = '';
  let budget: BudgetView | undefined;
  const axe: AxeFinding[] = [];

  const api = gatewayApi(() => platform.gatewayUrl);

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startPlatform(), launchChromium()]);
    token = await passwordToken(platform.gatewayUrl, ADMIN);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  const check = (page: Page, name: string) => checkPage(page, name, axe);

  it('creates a budget through the API', async () => {
    const created = await api<BudgetView>('POST', '/api/v1/costs/budgets', token, {
      name: `Platform ${run}`,
      scope: { kind: 'all' },
      monthlyAmount: '2500',
      currency: 'USD',
      metric: 'effective',
      thresholds: [50, 80, 100],
    });
    expect(created.status).toBe(201);
    budget = created.body;
    expect(budget.percentUsed).toBe(0);
    const listed = await api<{ items: BudgetView[] }>('GET', '/api/v1/costs/budgets', token);
    expect(listed.body.items.map((item) => item.id)).toContain(budget.id);
  });

  it('the Costs page shows the range, the group-by switch and the budget, and keeps choices in the address', async () => {
    if (!budget) throw new Error('the budget was not created');
    const { page, context, problems } = await personContext(browser, platform.gatewayUrl);
    await signIn(page, ADMIN, '/costs');
    await page.getByRole('heading', { name: 'Costs', level: 1 }).waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Costs' })
      .waitFor();

    // The default range: the last 30 full days, today excluded.
    const controls = page.getByRole('search', { name: 'Cost range and grouping' });
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.parse(`${today}T00:00:00Z`) - 30 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const through = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(await controls.getByLabel('From').inputValue()).toBe(from);
    expect(await controls.getByLabel('Through').inputValue()).toBe(through);
    expect(await controls.getByLabel('Group by').inputValue()).toBe('service');
    expect(await controls.getByLabel('Cost', { exact: true }).inputValue()).toBe('effective');

    // No bill was ingested: every panel says so instead of failing.
    await page.getByText('No cost in this range.', { exact: false }).waitFor();
    await page.getByText('No cost to draw in this range.').waitFor();
    await page.getByText('No cost source yet', { exact: false }).waitFor();
    const download = page.getByRole('link', { name: /Download FOCUS 1\.2 CSV/ });
    expect(await download.getAttribute('href')).toBe(
      `/api/v1/costs/export?from=${from}&to=${today}`,
    );

    // The budget, with its progress and thresholds.
    const budgets = page.getByRole('region', { name: 'Budgets' });
    const card = budgets.getByRole('listitem').filter({ hasText: `Platform ${run}` });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('$0.00 of $2,500.00 (0%)');
    expect(text).toContain('Alerts at 50%, 80%, 100%');
    expect(text).toContain('On track');
    expect(await card.locator('meter').getAttribute('aria-label')).toBe(
      `Platform ${run}: 0% of the monthly amount used`,
    );
    await check(page, 'costs');

    // The group-by switch and the metric go to the address and back.
    await controls.getByLabel('Group by').selectOption('region');
    await page.waitForURL((url) => url.searchParams.get('groupBy') === 'region');
    await page.getByRole('heading', { name: 'Daily cost by region', level: 2 }).waitFor();
    await controls.getByLabel('Group by').selectOption('tag');
    await page.waitForURL((url) => url.searchParams.get('groupBy') === 'tag');
    await controls.getByLabel('Tag key').fill('team');
    await controls.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.searchParams.get('tag') === 'team');
    await controls.getByLabel('Cost', { exact: true }).selectOption('billed');
    await page.waitForURL((url) => url.searchParams.get('metric') === 'billed');
    await controls.getByRole('button', { name: '7 days' }).click();
    await page.waitForURL((url) => url.searchParams.get('through') === through);
    expect(await controls.getByLabel('From').inputValue()).toBe(
      new Date(Date.parse(`${today}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10),
    );
    await page.reload();
    await page.getByRole('heading', { name: 'Daily cost by tag', level: 2 }).waitFor();
    expect(await controls.getByLabel('Tag key').inputValue()).toBe('team');
    expect(await controls.getByLabel('Cost', { exact: true }).inputValue()).toBe('billed');
    await check(page, 'costs-grouped-by-tag');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('an admin creates a budget with the form and deletes it, and opens the source form', async () => {
    const { page, context, problems } = await personContext(browser, platform.gatewayUrl);
    await signIn(page, ADMIN, '/costs');
    const budgets = page.getByRole('region', { name: 'Budgets' });
    await budgets.getByRole('button', { name: 'Create a budget' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a budget' });
    await dialog.getByLabel('Name').fill(`Web ${run}`);
    await dialog.getByLabel('Covers').selectOption('tag');
    await dialog.getByLabel('Tag (key=value)').fill('team=web');
    await dialog.getByLabel('Monthly amount').fill('99.95');
    await dialog.getByLabel('Alert at (% of the amount)').fill('75, 100');
    await check(page, 'costs-create-budget');
    await dialog.getByRole('button', { name: 'Create budget' }).click();
    await dialog.waitFor({ state: 'detached' });
    const card = budgets.getByRole('listitem').filter({ hasText: `Web ${run}` });
    await card.waitFor();
    expect((await card.textContent()) ?? '').toContain('Tag team=web');
    expect((await card.textContent()) ?? '').toContain('of $99.95');

    await card.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('alertdialog', { name: `Delete the budget Web ${run}?` })
      .getByRole('button', { name: 'Delete budget' })
      .click();
    await card.waitFor({ state: 'detached' });
    const left = await api<{ items: BudgetView[] }>('GET', '/api/v1/costs/budgets', token);
    expect(left.body.items.map((item) => item.name)).toEqual([`Platform ${run}`]);

    await page.getByRole('button', { name: 'Connect a cost source' }).click();
    const sourceForm = page.getByRole('dialog', { name: 'Connect a cost source' });
    await sourceForm.getByLabel('Where the bill is read').selectOption('gcp-billing-export');
    await sourceForm.getByLabel('Dataset').waitFor();
    await sourceForm.getByLabel('Table').waitFor();
    await check(page, 'costs-connect-source');
    await sourceForm.getByRole('button', { name: 'Cancel' }).click();
    await sourceForm.waitFor({ state: 'detached' });

    expect(problems).toEqual([]);
    await context.close();
  });

  it('the Costs page passes axe-core with no serious or critical finding', () => {
    expect(axe).toEqual([]);
  });
});
