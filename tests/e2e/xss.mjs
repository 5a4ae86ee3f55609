// The XSS corpus (55 payloads and a 5,000-character name, from the emulator's `hostile` fault)
// in space names, file names, paths, extensions and thumbnail URLs, in every view: the review
// and its map of the spaces, the folder grid and list, and a space's scan. A trap is set before the
// page loads; after every view renders, no payload has run, no element or handler came from a
// payload, and the names are shown as text.
import { assert, demoLogin, startServer } from './harness.mjs';

async function hostile(server) {
  const r = await fetch(`${server.emulator}/_emulator/faults`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'hostile' }),
  });
  assert(r.status === 204, 'hostile data on');
}

/** Nothing a payload could have created exists, and the trap never fired. */
async function clean(page, where) {
  const report = await page.evaluate(() => {
    const main = document.querySelector('main') || document.body;
    // The app's own: the name filter, the threshold fields, the "full within 30 days"
    // checkbox, each row's sparkline (an image in its trend line), and the history charts
    // (an image in each chart's plot).
    const bad = main.querySelectorAll('script, iframe, object, embed, svg:not(.space-trend > svg.sparkline[role=img]):not(.chart-plot > svg[role=img]), math, template, video, audio, style, link, meta, details, input:not(.name-filter):not(.threshold-warning):not(.threshold-critical):not(.soon-check)');
    const handlers = [...main.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on')));
    const urls = [...main.querySelectorAll('[href], [src]')]
      .map((el) => el.getAttribute('href') || el.getAttribute('src'))
      .filter((u) => !/^(https?:\/\/|\/)/i.test(u.trim()));
    return { fired: window.__xssFired || [], bad: [...bad].map((e) => e.tagName), handlers: handlers.length, urls };
  });
  assert(report.fired.length === 0, `${where}: no payload ran (${report.fired})`);
  assert(report.bad.length === 0 || report.bad.every((t) => t === 'DETAILS'), `${where}: no element from a payload (${report.bad})`);
  assert(report.handlers === 0, `${where}: no event-handler attribute`);
  assert(report.urls.length === 0, `${where}: only http(s) or same-site URLs (${report.urls.slice(0, 3)})`);
}

export const journeys = [
  ['xss corpus: hostile names and URLs render as text in every view', async ({ browser }) => {
    const server = await startServer();
    try {
      await hostile(server);
      const context = await browser.newContext({ locale: 'zh-CN' });
      await context.addInitScript(() => {
        window.__xssTrap = (n) => { (window.__xssFired = window.__xssFired || []).push(n); };
        Object.defineProperty(window, '__xss', { set(v) { window.__xssTrap(`__xss=${v}`); } });
      });
      const page = await context.newPage();
      await demoLogin(page, server.url);
      await page.locator('.load-done').waitFor({ timeout: 30000 });
      await clean(page, 'quota review');
      const names = await page.locator('li.space-row .space-name').allInnerTexts();
      assert(names.includes('<img src=x onerror=__xssTrap(2)>'), 'a payload is shown as its text');
      assert(names.some((n) => n.length > 4000), 'the very long name is kept whole (and truncated by CSS)');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `no horizontal scroll from long names (${overflow}px)`);
      // Export with hostile names: formula cells neutralised.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.export-csv').click()]);
      const csv = await (await import('node:fs')).promises.readFile(await download.path(), 'utf8');
      assert(!/(^|\r\n|,)[=+@]/.test(csv.replace(/"[^"]*"/g, '""')), 'no CSV cell starts a formula');
      // Inside a space: grid and list.
      await page.locator('li.space-row a.space-name').first().click();
      await page.locator('[data-id]').first().waitFor({ timeout: 20000 });
      await page.waitForTimeout(500);
      await clean(page, 'folder grid');
      const url = new URL(page.url());
      url.searchParams.set('view', 'list');
      await page.goto(url.toString());
      await page.locator('[data-id]').first().waitFor({ timeout: 20000 });
      await clean(page, 'folder list');
      // A scan of the space with the most entries, its names hostile: the treemap, its table,
      // the largest files, the breakdowns and the duplicates; and the organization's map.
      const first = await page.evaluate(async () => (await (await fetch('/api/review')).json()).spaces[0].spaceId);
      await page.goto(`${server.url}/spaces/${first}`);
      await page.locator('.scan-section button.scan-start').click();
      await page.locator('.scan-section button.scan-confirm-start').click();
      await page.locator('.scan-section ul.treemap li.map-cell').first().waitFor({ timeout: 60000 });
      await page.locator('.scan-section .map-table summary').click();
      await page.locator('.scan-section .map-table tbody tr').first().waitFor();
      const largest = await page.locator('.largest-files tbody tr th, .largest-files tbody tr td').allInnerTexts();
      assert(largest.some((t) => t.includes('<')), 'hostile file names reached the scan, shown as text');
      await clean(page, 'scan results');
      await page.goto(`${server.url}/`);
      await page.locator('.load-done').waitFor({ timeout: 30000 });
      await page.locator('details.org-map summary').click();
      await page.locator('details.org-map ul.treemap li.map-cell').first().waitFor();
      await page.locator('details.org-map .map-table summary').click();
      await clean(page, 'organization map');
      await context.close();
    } finally {
      server.stop();
    }
  }],
];
