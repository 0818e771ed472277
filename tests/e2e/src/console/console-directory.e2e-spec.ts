import {
  AUTH0_SANDBOX,
  BOOTSTRAP,
  eventually,
  GRAPH_SANDBOX,
  identitySandboxEnv,
  type IdentitySandboxes,
  type RunningPlatform,
  startIdentitySandboxes,
  startPlatform,
} from '@codex/testing';
import type { Browser, Locator, Page } from 'playwright-core';

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
import { expectedDirectory, identityEstate } from '../support/identity-estate';
import { auth0ClientOf, graphClientOf } from '../support/identity-sandbox-clients';

interface Membership {
  kind: 'role' | 'group';
  id: string;
  name: string;
  privileged: boolean;
  urn: string;
}
interface Account {
  urn: string;
  provider: 'auth0' | 'entra';
  externalId: string;
  displayName: string;
  email: string | null;
  enabled: boolean;
  privileged: boolean;
  memberships: Membership[];
}
interface PersonSummary {
  id: string;
  urn: string;
  email: string;
  displayName: string;
  providers: string[];
  accounts: number;
  enabledAccounts: number;
  privileged: boolean;
}
interface Finding {
  kind: string;
  provider: string;
  externalId: string;
  personId: string | null;
  summary: string;
}
interface PersonDetail {
  person: PersonSummary;
  accounts: Account[];
  findings: Finding[];
  riskScore: number;
}
interface Page_<Item> {
  items: Item[];
  nextCursor: string | null;
}

const PASSWORD = 'directory-horse-battery-staple';
const person = (name: string): Person => ({
  tenant: BOOTSTRAP.tenant,
  email: `${name}@acme.test`,
  password: PASSWORD,
});
const ADMIN: Person = { ...BOOTSTRAP };
const OPERATOR = person('olga');
const APPROVER = person('april');
const VIEWER = person('victor');
const AUTH0_DOMAIN = 'acme-sandbox.eu.auth0.com';
const AUTH0_NAME = 'Acme customers';
const ENTRA_NAME = 'Acme staff';
/** The console's words for each kind (apps/console/src/lib/directory.ts). */
const FINDING_LABELS: Record<string, string> = {
  stale_account: 'Stale accounts',
  admin_without_mfa: 'Admins without MFA',
  dormant_privileged: 'Dormant privileged accounts',
  leaver_drift: 'Leaver drift',
  unlinked_account: 'Unlinked accounts',
  unused_privileged_role: 'Unused privileged roles',
  sign_in_risk: 'Risky sign-ins',
};
/** Every control on the Directory pages that changes something. */
const CHANGING_CONTROLS = [
  'Block',
  'Unblock',
  'Assign a role',
  'Add to a group',
  'Revoke',
  'Remove',
  'Offboard (leaver)',
  'Link an account',
  'Unlink',
  'Invite a person',
  'Connect identity provider',
];

/** A number as the page shows it, whatever the browser's grouping separator. */
const shownNumber = (n: number) =>
  new RegExp(`^${n.toLocaleString('en').replace(/,/g, '[,.\\u00a0\\u202f ]?')}$`);

describe('the Directory pages in Chromium, against the Auth0 and Entra ID sandboxes', () => {
  const estate = identityEstate();
  const expected = expectedDirectory(estate);
  const tenantAdmin = estate.auth0.roles.find((role) => role.name === 'Tenant Admin');
  let sandboxes: IdentitySandboxes;
  let platform: RunningPlatform;
  let browser: Browser;
  let viewerToken = '';
  /** What one flow leaves for the checks after it. */
  const made = { personId: '', personName: '', personUrn: '' };

  const api = gatewayApi(() => platform.gatewayUrl);

  /** The sandboxes as the unmodified SDKs see them: the test's independent view. */
  const graph = () => graphClientOf(sandboxes);
  const auth0 = () => auth0ClientOf(sandboxes);

  beforeAll(async () => {
    sandboxes = await startIdentitySandboxes();
    [platform, browser] = await Promise.all([
      startPlatform({
        serviceEnv: {
          'hall-of-faces': identitySandboxEnv(sandboxes),
        },
      }),
      launchChromium(),
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
    viewerToken = await tokenOf(VIEWER);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await sandboxes?.stop();
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

  const read = async <T>(path: string): Promise<T> => {
    const response = await api<T>('GET', path, viewerToken);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
    return response.body;
  };

  /** Every page of people the API answers for a query. */
  const peopleOf = async (query: string) => {
    const pages: PersonSummary[][] = [];
    let cursor: string | null = null;
    do {
      const page: Page_<PersonSummary> = await read(
        `/api/v1/identity/directory/people?limit=50&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return pages;
  };

  /** The ledger acts only on what the inventory holds; the directory publishes it there. */
  const inInventory = (urn: string) =>
    eventually(
      async () => {
        const found = await api(
          'GET',
          `/api/v1/inventory/resources/${encodeURIComponent(urn)}`,
          viewerToken,
        );
        if (found.status !== 200) throw new Error(`${urn} is not in the inventory yet`);
      },
      { timeoutMs: 60_000 },
    );

  const signedIn = async (who: Person, returnTo = '/') => {
    const session = await personContext(browser, platform.gatewayUrl);
    await signIn(session.page, who, returnTo);
    return session;
  };

  /** The rows of the people table once the list is no longer fetching. */
  const peopleRows = (page: Page) =>
    page
      .getByRole('region', { name: 'People', exact: true })
      .locator('div[aria-busy="false"] table tbody tr');

  it('an admin connects Auth0 (refused first for a wrong secret) and Entra ID; both full syncs succeed and the directory holds exactly the seeded estate', async () => {
    const admin = await signedIn(ADMIN, '/directory');
    const { page } = admin;
    await page.getByRole('heading', { name: 'Directory', level: 1 }).waitFor();
    await page.getByText('No Auth0 tenant or Entra ID directory is connected yet.').waitFor();

    await page.getByRole('button', { name: 'Connect identity provider' }).click();
    let connect = page.getByRole('dialog', { name: 'Connect an identity provider' });
    expect(await connect.getByLabel('Identity provider').inputValue()).toBe('auth0');
    await connect.getByLabel('Name', { exact: true }).fill(AUTH0_NAME);
    await connect.getByLabel('Tenant domain').fill(AUTH0_DOMAIN);
    await connect.getByLabel('Client ID', { exact: true }).fill(AUTH0_SANDBOX.clientId);
    await connect.getByLabel('Client secret', { exact: true }).fill('not-the-secret');
    await connect.getByRole('button', { name: 'Connect', exact: true }).click();
    // Auth0's refusal reaches the person who typed the secret, with what to check.
    const refusal = connect.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Auth0');
    await connect.getByText('Check the client ID and secret').waitFor();
    await connect.getByLabel('Client secret', { exact: true }).fill(AUTH0_SANDBOX.clientSecret);
    await connect.getByRole('button', { name: 'Connect', exact: true }).click();
    await connect.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: AUTH0_NAME, level: 3 }).waitFor();

    await page.getByRole('button', { name: 'Connect identity provider' }).click();
    connect = page.getByRole('dialog', { name: 'Connect an identity provider' });
    await connect.getByLabel('Identity provider').selectOption('entra');
    await connect.getByLabel('Name', { exact: true }).fill(ENTRA_NAME);
    await connect.getByLabel('Directory (tenant) ID').fill(GRAPH_SANDBOX.tenantId);
    await connect.getByLabel('Application (client) ID').fill(GRAPH_SANDBOX.clientId);
    await connect.getByLabel('Client secret', { exact: true }).fill(GRAPH_SANDBOX.clientSecret);
    await connect.getByRole('button', { name: 'Connect', exact: true }).click();
    await connect.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: ENTRA_NAME, level: 3 }).waitFor();

    // Each connection's first full sync, polled by the page until it ends.
    for (const name of [AUTH0_NAME, ENTRA_NAME]) {
      const status = page.getByRole('listitem', { name }).getByRole('status');
      await status.getByText(/Full sync (done|failed)/).waitFor({ timeout: 150_000 });
      expect(await status.textContent()).toMatch(/^Succeeded Full sync done: /);
      await page.getByRole('button', { name: `Sync now in ${name}` }).waitFor();
    }

    // The counts shown are the estate's, once the page has refreshed them after the syncs.
    const held = page.getByRole('region', { name: 'In the directory' });
    for (const [label, n] of [
      ['People', expected.people],
      ['Accounts', expected.accounts],
      ['Roles', expected.roles],
      ['Groups', expected.groups],
      ['Memberships', expected.memberships],
    ] as const)
      await held
        .locator('dt', { hasText: new RegExp(`^${label}$`) })
        .locator('xpath=following-sibling::dd[1]')
        .filter({ hasText: shownNumber(n) })
        .waitFor();
    // Findings by kind, each a link to that kind.
    const findings = page.getByRole('region', { name: 'Findings', exact: true });
    await findings.getByRole('link', { name: /^Stale accounts: \d+$/ }).waitFor();

    // The people list pages by cursor.
    const pager = page.getByRole('navigation', { name: 'People pages' });
    const first = await peopleRows(page).first().locator('th a').textContent();
    expect(await peopleRows(page).count()).toBe(50);
    await pager.getByRole('button', { name: 'Next page' }).click();
    await pager.getByText('Page 2').waitFor();
    await peopleRows(page).first().waitFor();
    expect(await peopleRows(page).first().locator('th a').textContent()).not.toBe(first);
    await pager.getByRole('button', { name: 'Previous page' }).click();
    await pager.getByText('Page 1').waitFor();
    await peopleRows(page)
      .first()
      .locator('th a', { hasText: first ?? '' })
      .waitFor();

    expect(admin.problems).toEqual([]);
    await admin.context.close();
  });

  it('an operator filters people to Entra ID and privileged, and sees exactly those', async () => {
    const expectedPages = await peopleOf('provider=entra&privileged=true');
    const everyone = expectedPages.flat();
    expect(everyone.length).toBeGreaterThan(0);
    for (const someone of everyone) {
      expect(someone.providers).toContain('entra');
      expect(someone.privileged).toBe(true);
    }

    const operator = await signedIn(OPERATOR, '/directory');
    const { page } = operator;
    const filters = page.getByRole('search', { name: 'Filter people' });
    await filters.getByLabel('Identity provider').selectOption('entra');
    await filters.getByLabel('Privileged').selectOption('true');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(
      (url) =>
        url.searchParams.get('provider') === 'entra' &&
        url.searchParams.get('privileged') === 'true',
    );
    const pager = page.getByRole('navigation', { name: 'People pages' });
    for (const [index, items] of expectedPages.entries()) {
      if (index > 0) {
        await pager.getByRole('button', { name: 'Next page' }).click();
        await pager.getByText(`Page ${index + 1}`).waitFor();
      }
      const rows = peopleRows(page);
      await rows
        .first()
        .locator('th a', { hasText: items[0]?.displayName || items[0]?.email || '' })
        .waitFor();
      expect(await rows.locator('th a').allTextContents()).toEqual(
        items.map((p) => p.displayName || p.email),
      );
      for (const text of await rows.allTextContents()) {
        expect(text).toContain('Privileged');
        expect(text).toContain('Entra ID');
      }
    }
    expect(operator.problems).toEqual([]);
    await operator.context.close();
  });

  it("one person's page shows both accounts with roles, groups and findings; the operator blocks the Entra ID account, and a Tenant Admin assignment waits for an approver, who approves it", async () => {
    if (!tenantAdmin?.privileged) throw new Error('the estate has no privileged Tenant Admin role');
    // A plain person with an enabled account in each provider, holding an Auth0 role (not
    // Tenant Admin) and with something found about them.
    const candidates = (await peopleOf('provider=entra&privileged=false&enabled=true'))
      .flat()
      .filter((p) => p.providers.length === 2 && p.enabledAccounts === 2);
    let chosen: PersonDetail | undefined;
    for (const candidate of candidates) {
      const detail = await read<PersonDetail>(`/api/v1/identity/directory/people/${candidate.id}`);
      const a0 = detail.accounts.find((a) => a.provider === 'auth0');
      const entra = detail.accounts.find((a) => a.provider === 'entra');
      if (
        detail.findings.length > 0 &&
        a0 &&
        a0.memberships.length > 0 &&
        !a0.memberships.some((m) => m.id === tenantAdmin.id) &&
        entra &&
        entra.memberships.length > 0
      ) {
        chosen = detail;
        break;
      }
    }
    if (!chosen) throw new Error('no person with both accounts, roles, groups and findings');
    const { person: someone, accounts } = chosen;
    const name = someone.displayName || someone.email;
    made.personId = someone.id;
    made.personName = name;
    made.personUrn = someone.urn;
    const auth0Account = accounts.find((a) => a.provider === 'auth0') as Account;
    const entraAccount = accounts.find((a) => a.provider === 'entra') as Account;
    const cardName = (a: Account) => a.displayName || a.email || a.externalId;

    const operator = await signedIn(OPERATOR, '/directory');
    const { page } = operator;
    // Found by search, opened from the list.
    await page
      .getByRole('search', { name: 'Filter people' })
      .getByLabel('Search')
      .fill(someone.email);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await peopleRows(page).locator('th a', { hasText: name }).first().click();
    await page.waitForURL((url) => url.pathname === `/directory/people/${someone.id}`);
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page
      .locator('dt', { hasText: /^Risk score$/ })
      .locator('xpath=following-sibling::dd[1]')
      .filter({ hasText: new RegExp(`^${chosen.riskScore} `) })
      .waitFor();
    const findings = page
      .getByRole('region', { name: 'Findings', exact: true })
      .getByRole('listitem');
    expect(await findings.count()).toBe(chosen.findings.length);
    for (const finding of chosen.findings)
      await findings
        .filter({ hasText: FINDING_LABELS[finding.kind] ?? finding.kind })
        .filter({ hasText: finding.externalId })
        .first()
        .waitFor();

    const card = (provider: 'Auth0' | 'Entra ID', account: Account): Locator =>
      page
        .getByRole('region', { name: provider })
        .getByRole('listitem', { name: cardName(account), exact: true })
        .filter({ hasText: account.externalId });
    const auth0Card = card('Auth0', auth0Account);
    const entraCard = card('Entra ID', entraAccount);
    for (const [shown, account] of [
      [auth0Card, auth0Account],
      [entraCard, entraAccount],
    ] as const) {
      await shown.getByText('Enabled', { exact: true }).waitFor();
      for (const membership of account.memberships)
        await shown
          .getByText(membership.name || membership.id)
          .first()
          .waitFor();
    }
    await auth0Card.getByRole('heading', { name: 'Roles' }).waitFor();
    await entraCard.getByRole('heading', { name: 'Groups' }).waitFor();

    // Block the Entra ID account: a dry run's plan, then the request, which runs at once.
    await inInventory(entraAccount.urn);
    await entraCard.getByRole('button', { name: 'Block', exact: true }).click();
    let dialog = page.getByRole('dialog', {
      name: `Block ${cardName(entraAccount)} in Entra ID`,
    });
    await dialog.getByLabel('Reason').fill('Laptop reported stolen');
    await dialog.getByRole('button', { name: 'Preview changes' }).click();
    await dialog.getByRole('region', { name: 'Planned changes' }).waitFor();
    await dialog.getByText('This action runs as soon as you submit it.').waitFor();
    await dialog.getByRole('button', { name: 'Submit request' }).click();
    await page.waitForURL(/\/actions\/[0-9a-f-]+$/);
    await page
      .locator('.page-header [aria-live]')
      .getByText('Succeeded')
      .waitFor({ timeout: 90_000 });
    await page.goto(`/directory/people/${someone.id}`);
    await entraCard.getByText('Blocked', { exact: true }).waitFor();
    await entraCard.getByRole('button', { name: 'Unblock', exact: true }).waitFor();
    const inGraph = (await graph()
      .api(`/users/${entraAccount.externalId}`)
      .select('accountEnabled')
      .get()) as { accountEnabled: boolean };
    expect(inGraph.accountEnabled).toBe(false);

    // Tenant Admin for the Auth0 account: privileged, so it waits for an approver.
    const roleUrn = `codex:auth0:${AUTH0_DOMAIN}:-:identity/role/${tenantAdmin.id}`;
    await inInventory(roleUrn);
    await auth0Card.getByRole('button', { name: 'Assign a role' }).click();
    dialog = page.getByRole('dialog', { name: `Assign a role to ${cardName(auth0Account)}` });
    const role = dialog.getByLabel('Role', { exact: true });
    await role.locator('option', { hasText: /^Choose a role$/ }).waitFor({ state: 'attached' });
    const offered = await role.locator('option').allTextContents();
    if (offered.includes('Tenant Admin (privileged: needs approval)')) {
      await role.selectOption({ label: 'Tenant Admin (privileged: needs approval)' });
    } else {
      // The picker offers only roles held in the first 200 accounts; any other by its id.
      await role.selectOption({ label: 'Another role, by its id' });
      await dialog.getByLabel('Role id').fill(tenantAdmin.id);
    }
    await dialog.getByLabel('Reason').fill('On call for the tenant this week');
    await dialog.getByRole('button', { name: 'Preview changes' }).click();
    await dialog.getByRole('region', { name: 'Planned changes' }).waitFor();
    await dialog.getByText('This action waits for an approver before it runs.').waitFor();
    await dialog.getByRole('button', { name: 'Submit request' }).click();
    await page.waitForURL(/\/actions\/[0-9a-f-]+$/);
    const actionPath = new URL(page.url()).pathname;
    await page.getByText('Waiting for an approver other than the requester.').waitFor();
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    const rolesInAuth0 = async () => {
      const ids: string[] = [];
      for await (const held of await auth0().users.roles.list(auth0Account.externalId))
        ids.push(held.id ?? '');
      return ids;
    };
    expect(await rolesInAuth0()).not.toContain(tenantAdmin.id);

    const approver = await signedIn(APPROVER, actionPath);
    const decision = approver.page.getByRole('region', { name: 'Your decision' });
    await decision.getByLabel('Comment').fill('Fine for the on-call week');
    await decision.getByRole('button', { name: 'Approve' }).click();
    await approver.page
      .locator('.page-header [aria-live]')
      .getByText('Succeeded')
      .waitFor({ timeout: 90_000 });
    expect(await rolesInAuth0()).toContain(tenantAdmin.id);

    // The requester's page follows by itself; the role then sits on the account.
    await page.locator('.page-header [aria-live]').getByText('Succeeded').waitFor();
    await page.goto(`/directory/people/${someone.id}`);
    const granted = auth0Card.getByRole('listitem').filter({ hasText: 'Tenant Admin' });
    await granted.waitFor();
    await granted.getByText('Privileged', { exact: true }).waitFor();
    await page.getByRole('heading', { name, level: 1 }).getByText('Privileged').waitFor();

    expect(operator.problems).toEqual([]);
    expect(approver.problems).toEqual([]);
    await Promise.all([operator.context.close(), approver.context.close()]);
  });

  it('the findings page lists every finding, and filtering by a kind shows only that kind', async () => {
    const all = await read<{ items: Finding[] }>('/api/v1/identity/directory/findings');
    const kind = 'admin_without_mfa';
    const ofKind = await read<{ items: Finding[] }>(
      `/api/v1/identity/directory/findings?kind=${kind}`,
    );
    expect(ofKind.items.length).toBeGreaterThan(0);
    expect(ofKind.items.length).toBeLessThan(all.items.length);

    const operator = await signedIn(OPERATOR, '/directory/findings');
    const { page } = operator;
    await page.getByRole('heading', { name: 'Findings', level: 1 }).waitFor();
    const shown = page.locator('section[aria-labelledby="findings-heading"][aria-busy="false"]');
    await shown.getByText(`${all.items.length.toLocaleString('en')} findings as of`).waitFor();
    expect(await shown.locator('tbody tr').count()).toBe(all.items.length);

    await page
      .getByRole('search', { name: 'Filter findings' })
      .getByLabel('Kind')
      .selectOption(kind);
    await page.waitForURL((url) => url.searchParams.get('kind') === kind);
    await shown.getByText(`${ofKind.items.length.toLocaleString('en')} findings as of`).waitFor();
    const rows = shown.locator('tbody tr');
    expect(await rows.count()).toBe(ofKind.items.length);
    for (const text of await rows.locator('th').allTextContents())
      expect(text.startsWith(FINDING_LABELS[kind] ?? kind)).toBe(true);
    expect((await rows.locator('td.mono').allTextContents()).sort()).toEqual(
      ofKind.items.map((f) => f.externalId).sort(),
    );
    expect(operator.problems).toEqual([]);
    await operator.context.close();
  });

  it("a viewer sees the Directory and a person's page with no control that changes anything", async () => {
    if (!made.personId) throw new Error('the flow before this one did not get as far as a person');
    const viewer = await signedIn(VIEWER, `/directory/people/${made.personId}`);
    const { page } = viewer;
    await page.getByRole('heading', { name: made.personName, level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Auth0' }).getByRole('listitem').first().waitFor();
    await page.getByRole('region', { name: 'Entra ID' }).getByRole('listitem').first().waitFor();
    for (const name of CHANGING_CONTROLS)
      expect({
        name,
        count: await page.getByRole('button', { name, exact: true }).count(),
      }).toEqual({ name, count: 0 });

    await page.goto('/directory');
    await page.getByRole('listitem', { name: AUTH0_NAME }).getByRole('status').waitFor();
    await peopleRows(page).first().waitFor();
    for (const name of [
      ...CHANGING_CONTROLS,
      `Sync now in ${AUTH0_NAME}`,
      `Sync now in ${ENTRA_NAME}`,
    ])
      expect({
        name,
        count: await page.getByRole('button', { name, exact: true }).count(),
      }).toEqual({ name, count: 0 });
    expect(viewer.problems).toEqual([]);
    await viewer.context.close();
  });

  it('the Directory pages pass axe-core with no serious or critical finding, and are photographed at 1280 and 390 px', async () => {
    if (!made.personId) throw new Error('the flow before this one did not get as far as a person');
    const findings: AxeFinding[] = [];
    const check = async (page: Page, name: string) => {
      findings.push(...(await seriousAxeFindings(page, name)));
      await screenshotBothWidths(page, name);
    };
    const { page, context, problems } = await signedIn(ADMIN, '/directory');

    await page.getByRole('listitem', { name: ENTRA_NAME }).getByRole('status').waitFor();
    await peopleRows(page).first().waitFor();
    await page.getByRole('link', { name: /^Stale accounts: \d+$/ }).waitFor();
    await waitForLoaded(page);
    await check(page, 'directory');

    await page.goto(`/directory/people/${made.personId}`);
    await page.getByRole('heading', { name: made.personName, level: 1 }).waitFor();
    await waitForLoaded(page);
    await check(page, 'directory-person');

    await inInventory(made.personUrn);
    await page.getByRole('button', { name: 'Offboard (leaver)' }).click();
    const leaver = page.getByRole('dialog', { name: `Offboard ${made.personName}` });
    await leaver.getByLabel('Reason').fill('Last day on Friday');
    await leaver.getByRole('button', { name: 'Preview changes' }).click();
    await leaver.getByRole('region', { name: 'Planned changes' }).waitFor();
    await check(page, 'directory-leaver-preview');
    await page.keyboard.press('Escape');
    await leaver.waitFor({ state: 'detached' });

    await page.goto('/directory/findings');
    await page.locator('section[aria-labelledby="findings-heading"] tbody tr').first().waitFor();
    await waitForLoaded(page);
    await check(page, 'directory-findings');

    expect(findings).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

/** Until no list on the page is still loading. */
async function waitForLoaded(page: Page): Promise<void> {
  await page.locator('.state-loading').first().waitFor({ state: 'detached' });
}
