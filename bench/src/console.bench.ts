import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

import { BOOTSTRAP, freePort, REPO_ROOT, startPlatform } from '@codex/testing';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

import { machineDescription } from './bench-machine';
import { appendResult } from './benchmarks-doc';
import { seconds } from './durations';
import { signIn as signInApi, tenantOf } from './gateway-client';
import { loadInventory } from './inventory-estate';
import { databaseUrlOf, withDatabase } from './service-database';

/*
 * First meaningful paint of the console's inventory page with 10,000 resources, against a
 * static HTML page of the same table (the same rows, the console's own stylesheet) served by
 * a plain node http server, in the same Chromium, in the same run.
 */

const INVENTORY_ROWS = Number(process.env.BENCH_CONSOLE_ROWS ?? 10_000);
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 9);
const VIEWPORT = { width: 1280, height: 800 };

interface Row {
  urn: string;
  name: string;
  type: string;
  state: string;
  region: string;
  accountId: string;
  observedAt: string;
}

interface Paint {
  /** From navigation start to the frame in which the table's rows are first in the document. */
  rows: number;
  /** The browser's first-contentful-paint entry. */
  fcp: number;
}

/**
 * In every page, before its scripts: on each animation frame, look for the table's rows; the
 * first frame that has them all is the one that paints them (rAF runs just before paint).
 */
const WATCH_ROWS = (expected: number) => `
(() => {
  const look = () => {
    if (document.querySelectorAll('table.table tbody tr').length >= ${expected}) {
      window.__rowsPainted = performance.now();
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();`;

/** Read in the page (functions, not strings: the console's CSP forbids eval). */
const rowsPainted = () => (globalThis as unknown as { __rowsPainted?: number }).__rowsPainted;
const contentfulPaint = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const humanize = (value: string) => {
  const words = value.replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** The table the console's inventory page renders for these rows, as plain HTML. */
function staticPage(rows: Row[], stylesheet: string): string {
  const body = rows
    .map(
      (row) => `<tr><th scope="row"><button class="link-button">${escape(row.name)}</button></th>
<td>${escape(row.type)}</td><td><span class="badge badge-good">${escape(humanize(row.state))}</span></td>
<td class="wide-only">${escape(row.region)}</td><td class="wide-only">${escape(row.accountId)}</td>
<td class="wide-only">${escape(dateTime.format(Date.parse(row.observedAt)))}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Inventory</title>
<link rel="stylesheet" href="/${stylesheet}"></head><body><div class="app"><main id="main">
<h1>Inventory</h1><div class="table-scroll"><table class="table"><thead><tr><th scope="col">Name</th>
<th scope="col">Type</th><th scope="col">State</th><th scope="col" class="wide-only">Region</th>
<th scope="col" class="wide-only">Account</th><th scope="col" class="wide-only">Last seen</th></tr></thead>
<tbody>${body}</tbody></table></div></main></div></body></html>`;
}

async function serveStatic(html: string, css: { name: string; text: string }): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === `/${css.name}`) {
      response.writeHead(200, { 'content-type': 'text/css' });
      response.end(css.text);
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html);
    }
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

/** One cold load (fresh context: empty cache) of `url`, until its rows are painted. */
async function measure(
  browser: Browser,
  url: string,
  expected: number,
  storageState?: Awaited<ReturnType<BrowserContext['storageState']>>,
): Promise<Paint> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    ...(storageState ? { storageState } : {}),
  });
  try {
    await context.addInitScript({ content: WATCH_ROWS(expected) });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(rowsPainted, null, { timeout: 60_000 });
    // first-contentful-paint is reported once its frame is painted.
    await page.waitForFunction(contentfulPaint);
    return {
      rows: (await page.evaluate(rowsPainted)) ?? NaN,
      fcp: (await page.evaluate(contentfulPaint)) ?? NaN,
    };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const ms = (value: number) => value.toFixed(0);

async function main(): Promise<void> {
  const platform = await startPlatform({
    env: { LOG_LEVEL: 'warn' },
    serviceEnv: {
      gateway: { RATE_LIMIT_TENANT_REQUESTS: '100000000' },
      'engine-core': { DISCOVERY_INTERVAL_MINUTES: '0' },
    },
  });
  const executablePath = execFileSync('sh', ['-c', 'command -v chromium'], {
    encoding: 'utf8',
  }).trim();
  const browser = await chromium.launch({ executablePath });
  let server: Server | undefined;
  try {
    const aetheriumDb = await databaseUrlOf(platform, 'aetherium');
    const tenantId = tenantOf((await signInApi(platform.gatewayUrl)).token);
    await withDatabase(aetheriumDb, (client) =>
      client.query('DELETE FROM inventory_resources WHERE tenant_id = $1', [tenantId]),
    );
    const loadMs = await loadInventory(aetheriumDb, tenantId, INVENTORY_ROWS);
    const api = await signInApi(platform.gatewayUrl);
    const summary = await api<{ total: number }>('GET', '/api/v1/inventory/summary');
    console.log(
      `loaded ${INVENTORY_ROWS} rows in ${seconds(loadMs)} s; summary ${summary.body.total}`,
    );
    // The console's first page: its default sort (name) and page size (50).
    const first = await api<{ items: Row[] }>('GET', '/api/v1/inventory/resources?limit=50');
    const rows = first.body.items;

    // A signed-in browser session, through the built-in issuer's sign-in page.
    const signing = await browser.newContext({ baseURL: platform.gatewayUrl, viewport: VIEWPORT });
    const page = await signing.newPage();
    await page.goto('/auth/login?returnTo=%2F');
    await page.getByLabel('Tenant').fill(BOOTSTRAP.tenant);
    await page.getByLabel('Email').fill(BOOTSTRAP.email);
    await page.getByLabel('Password').fill(BOOTSTRAP.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const session = await signing.storageState();
    await signing.close();

    const assets = join(REPO_ROOT, 'apps/console/dist/assets');
    const cssName = (await readdir(assets)).find((name) => /^index-.*\.css$/.test(name)) ?? '';
    const css = { name: cssName, text: await readFile(join(assets, cssName), 'utf8') };
    server = await serveStatic(staticPage(rows, cssName), css);
    const address = server.address();
    const staticUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    const consoleUrl = `${platform.gatewayUrl}/inventory`;

    // One warm-up of each (Chromium's own start-up, the gateway's first requests), then
    // alternating cold loads so drift on the machine hits both alike.
    await measure(browser, consoleUrl, rows.length, session);
    await measure(browser, staticUrl, rows.length);
    const consoleRuns: Paint[] = [];
    const staticRuns: Paint[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      consoleRuns.push(await measure(browser, consoleUrl, rows.length, session));
      staticRuns.push(await measure(browser, staticUrl, rows.length));
      console.log(JSON.stringify({ run, console: consoleRuns.at(-1), static: staticRuns.at(-1) }));
    }
    const consoleRows = median(consoleRuns.map((run) => run.rows));
    const staticRows = median(staticRuns.map((run) => run.rows));
    const consoleFcp = median(consoleRuns.map((run) => run.fcp));
    const staticFcp = median(staticRuns.map((run) => run.fcp));
    const ratio = consoleRows / staticRows;
    const pairedRatio = median(consoleRuns.map((run, i) => run.rows / (staticRuns[i]?.rows ?? 1)));
    console.log(JSON.stringify({ consoleRows, staticRows, ratio, pairedRatio }));

    await appendResult(
      'bench-console',
      [
        `Machine: ${machineDescription()}, Chromium ${browser.version()} (Debian, headless, playwright-core). Command: \`make bench-console\` (BENCH_CONSOLE_ROWS=${INVENTORY_ROWS}, BENCH_CONSOLE_RUNS=${RUNS}). PostgreSQL, Kafka, the six services, Chromium and the client share the machine.`,
        '',
        `**What is measured**: ${INVENTORY_ROWS} resources COPY-loaded into aetherium's inventory for the bench tenant (load and VACUUM ANALYZE ${seconds(loadMs)} s). The console's inventory page (\`/inventory\`, signed in, default sort, first page of ${rows.length} rows) against a static HTML page of the same ${rows.length} rows in the same table markup with the console's stylesheet, served by a plain node http server (the floor: no JavaScript, no API call). Each load is cold (a new browser context, empty cache), ${RUNS} loads each, alternating, after one warm-up of each. **First meaningful paint** = time from navigation start to the animation frame in which all ${rows.length} rows of the table are in the document (requestAnimationFrame runs just before that frame is painted; the same watcher on both pages). First-contentful-paint is shown too: for the console it is the "Checking your session…" line, not the table.`,
        '',
        '| page | rows painted, median ms | first-contentful-paint, median ms | runs (rows painted, ms) |',
        '|---|---|---|---|',
        `| console \`/inventory\` | ${ms(consoleRows)} | ${ms(consoleFcp)} | ${consoleRuns.map((run) => ms(run.rows)).join(', ')} |`,
        `| static HTML, same table | ${ms(staticRows)} | ${ms(staticFcp)} | ${staticRuns.map((run) => ms(run.rows)).join(', ')} |`,
        '',
        `**Ratio (console ÷ static), median: ${ratio.toFixed(2)}x** (median of the per-run ratios: ${pairedRatio.toFixed(2)}x; ${ms(consoleRows - staticRows)} ms more).`,
      ].join('\n'),
    );
  } finally {
    server?.close();
    await browser.close();
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
