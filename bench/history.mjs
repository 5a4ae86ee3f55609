// The history's costs: the review of 5,000 spaces opened with each row's sparkline, growth
// and forecast against the same review without them (the history's two requests refused in
// the browser, so the rows stay as they are), alternating on one server; and the store's
// size for a year of daily points of 1,000 spaces (the demo's model, written by the real
// server into its own SQLite store) against the same store without history.
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loggedInContext, median, record, round, startServer } from './lib.mjs';

const SPACES = 5000;
const ROWS = 'ul.space-list li.space-row';

/** Navigation to every bar, and for `withTrends` each row on screen with its sparkline. */
async function open(browser, server, withTrends) {
  const context = await loggedInContext(browser, server.url);
  try {
    if (!withTrends) {
      await context.route(`${server.url}/api/history*`, (route) => route.abort());
      await context.route(`${server.url}/api/history/**`, (route) => route.abort());
    }
    const page = await context.newPage();
    await page.goto(`${server.url}/`, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(([sel, n, trends]) => {
      if (!document.querySelector('.load-done')) return false;
      const list = document.querySelector('ul.space-list:not(.skeleton)');
      if (Number(list?.dataset.total) !== n) return false;
      const rows = document.querySelectorAll(sel);
      if (rows.length === 0 || !document.querySelector(`${sel} .quota-bar .quota-fill`)) return false;
      if (trends && ![...rows].every((r) => r.querySelector('svg.sparkline'))) return false;
      void document.documentElement.offsetHeight;
      return performance.now();
    }, [ROWS, SPACES, withTrends], { polling: 'raf', timeout: 300000 });
    const ms = await handle.jsonValue();
    const lines = await page.locator(`${ROWS} svg.sparkline`).count();
    if (withTrends !== lines > 0) throw new Error(`sparklines ${withTrends ? 'missing' : 'present'} (${lines})`);
    return ms;
  } finally {
    await context.close();
  }
}

export async function benchSparklines(browser, runs) {
  console.log(`\n--> quota review, ${SPACES} spaces, with and without the history (sparklines, growth, forecast), alternating, ${runs} runs each (+1 warm-up each)`);
  const server = await startServer(['--demo-spaces', String(SPACES), '--demo-history-days', '40']);
  try {
    await open(browser, server, true);
    await open(browser, server, false);
    const res = { with: [], without: [] };
    for (let i = 0; i < runs; i += 1) {
      const order = i % 2 === 0 ? [true, false] : [false, true];
      for (const trends of order) {
        const ms = await open(browser, server, trends);
        res[trends ? 'with' : 'without'].push(ms);
        console.log(`    ${trends ? 'with   ' : 'without'} ${ms.toFixed(0)} ms`);
      }
    }
    record({
      scenario: `history ${SPACES}`,
      metric: 'navigation to all bars, with sparklines vs without (ms, median)',
      app: round(median(res.with), 1),
      reference: round(median(res.without), 1),
      goal: 'ratio<=1.2',
      note: 'reference: the same review with /api/history refused',
    });
  } finally {
    server.stop();
  }
}

function dirBytes(dir) {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

/** The SQLite store's size after the demo's fill of `days` days of 1,000 spaces. */
async function storeBytes(days) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
  const server = await startServer(['--demo-spaces', '1000', '--demo-history-days', String(days)], { DATA_DIR: dir });
  // The history is written before the server listens. Every file of the store counts
  // (SQLite's write-ahead log too, whether or not closing folded it in).
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.stop();
  await exited;
  return dirBytes(dir);
}

export async function benchStoreSize() {
  console.log('\n--> the store: a year of daily points of 1,000 spaces (SQLite)');
  const year = await storeBytes(365);
  const none = await storeBytes(0);
  const mb = (b) => round(b / 1024 / 1024, 1);
  console.log(`    with a year ${mb(year)} MB, without ${mb(none)} MB`);
  record({
    scenario: 'history store',
    metric: 'SQLite size, 1,000 spaces: a year of history vs none (MB)',
    app: mb(year),
    reference: mb(none),
    note: `the history of 1,000 spaces costs ${mb(year - none)} MB a year (365 points each, and the organization's 365 days)`,
  });
}
