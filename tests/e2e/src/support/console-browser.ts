import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import { REPO_ROOT } from '@codex/testing';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium (tools/infra/up.sh installs it); Playwright's own download does not work here. */
export function chromiumPath(): string {
  return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
    encoding: 'utf8',
  }).trim();
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath() });
}

export interface Person {
  tenant: string;
  email: string;
  password: string;
}

/** Runs in every page before its own scripts (a string: this project's types have no DOM). */
const REPORT_CSP_VIOLATIONS = `
document.addEventListener('securitypolicyviolation', (event) => {
  window.reportCspViolation(
    'CSP ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') +
      ' on ' + new URL(event.documentURI).pathname + ' from ' +
      (event.sourceFile || 'the document') + ':' + event.lineNumber + ': ' + event.sample,
  );
});`;

/**
 * A browser context for one person, recording every Content-Security-Policy violation and
 * uncaught error its pages report, so a test can say the console ran clean under the CSP.
 */
export async function personContext(
  browser: Browser,
  gatewayUrl: string,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ baseURL: gatewayUrl, viewport: WIDE });
  const problems: string[] = [];
  await context.exposeBinding('reportCspViolation', (_source, text: string) => {
    problems.push(text);
  });
  await context.addInitScript({ content: REPORT_CSP_VIOLATIONS });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems };
}

/**
 * Signs in through the built-in issuer's sign-in page, as a person does: the console's
 * `/auth/login` redirects there, the form posts back, and the gateway lands on `returnTo`.
 */
export async function signIn(page: Page, person: Person, returnTo = '/'): Promise<void> {
  await page.goto(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  await fillSignInForm(page, person);
  await page.waitForURL((url) => url.pathname === returnTo.split('?')[0]);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function fillSignInForm(page: Page, person: Person): Promise<void> {
  await page.getByLabel('Tenant').fill(person.tenant);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export interface AxeFinding {
  page: string;
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical findings (WCAG 2.1 A and AA) on what the page shows now. */
export async function seriousAxeFindings(page: Page, name: string): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      page: name,
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

export const WIDE = { width: 1280, height: 800 } as const;
export const NARROW = { width: 390, height: 844 } as const;
export const SCREENSHOTS = join(REPO_ROOT, '.local/screenshots');

/** The whole page at 1280 px and at 390 px wide, as `<name>-1280.png` and `<name>-390.png`. */
export async function screenshotBothWidths(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  for (const viewport of [WIDE, NARROW]) {
    await page.setViewportSize(viewport);
    await page.screenshot({
      path: join(SCREENSHOTS, `${name}-${viewport.width}.png`),
      fullPage: true,
      animations: 'disabled',
    });
  }
  await page.setViewportSize(WIDE);
}

/** Waits until the page shows no loading state and no region is busy. */
export async function settled(page: Page): Promise<void> {
  await page.locator('.state-loading').first().waitFor({ state: 'detached' });
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
}

/** Once settled: adds the page's serious axe findings to `findings` and photographs it at both widths. */
export async function checkPage(page: Page, name: string, findings: AxeFinding[]): Promise<void> {
  await settled(page);
  findings.push(...(await seriousAxeFindings(page, name)));
  await screenshotBothWidths(page, name);
}
