// What fills a space: the scan's estimate and confirmation, its progress and cancel, then the
// treemap (zoom and breadcrumbs), the largest files and their CSV, the breakdowns, the likely
// duplicates and the folder sizes in the grid; and the organization's treemap on the review.
import { readFileSync } from 'node:fs';
import { assert, assertAccessible, demoLogin } from './harness.mjs';

async function loaded(page) {
  await page.locator('.load-done').waitFor({ timeout: 30000 });
}

/** A screenshot of `locator` whole: the sticky top bar is let scroll away first. */
async function shot(page, locator, path) {
  await page.evaluate(() => { document.querySelector('header.top-bar').style.position = 'static'; });
  await locator.screenshot({ path });
  await page.evaluate(() => { document.querySelector('header.top-bar').style.position = ''; });
}

/** The review's spaces, through the API (the first holds the demo's big folder). */
async function spaces(page) {
  return page.evaluate(async () => {
    for (let i = 0; i < 100; i += 1) {
      const r = await (await fetch('/api/review')).json();
      if (r.spaces.length) return r.spaces;
      await new Promise((res) => setTimeout(res, 200));
    }
    return [];
  });
}

const api = (page, path) => page.evaluate(async (p) => {
  const r = await fetch(p);
  return { status: r.status, body: await r.json() };
}, path);

/** Waits for a scan of the space other than `before` (an id) to end (within 90 s). */
async function ended(page, space, before = null) {
  return until(page, space, (scan) => scan.id !== before && scan.state !== 'running');
}

/** Waits (within 90 s) for the space's latest scan to be as `ok` says. */
async function until(page, space, ok) {
  for (let i = 0; i < 900; i += 1) {
    const { body } = await api(page, `/api/scans/${space}`);
    if (body.scan && ok(body.scan)) return body;
    await page.waitForTimeout(100);
  }
  throw new Error(`the scan of ${space} did not end in 90 s`);
}

/** Logs in and opens the page of the space with the demo's big folder: its id and section. */
async function openBigSpace(page, server) {
  await demoLogin(page, server.url);
  await loaded(page);
  const [big] = await spaces(page);
  await page.goto(`${server.url}/spaces/${big.spaceId}`);
  return { space: big.spaceId, section: page.locator('.scan-section') };
}

export const journeys = [
  ['what fills a space: its cost confirmed first, progress for every admin, cancel keeps what was read, and it goes on from there', async ({ page, server, browser }) => {
    const { space, section } = await openBigSpace(page, server);
    await section.locator('.scan-estimate').waitFor({ timeout: 20000 });
    const { body: before } = await api(page, `/api/scans/${space}`);
    assert(before.scan === null, 'no scan yet');
    const estimate = await section.locator('.scan-estimate').innerText();
    assert(estimate.includes(before.estimate.calls.toLocaleString('zh-CN')) && estimate.includes('本月还剩'),
      `the cost against the month's budget: ${estimate}`);
    await assertAccessible(page, 'scan section, before a scan');

    // Asked, then stepped back with Esc: nothing called.
    await section.locator('button.scan-start').click();
    const confirm = section.locator('.scan-confirm');
    await confirm.waitFor();
    assert((await confirm.innerText()).includes(before.estimate.calls.toLocaleString('zh-CN')), 'the confirmation names the cost');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    assert((await api(page, `/api/scans/${space}`)).body.scan === null, 'Esc starts nothing');
    await section.locator('button.scan-start').click();
    await section.locator('button.scan-confirm-start').click();

    // Progress, on this page and for another admin opening the space.
    const progress = section.locator('.scan-progress');
    await progress.waitFor({ timeout: 10000 });
    await page.waitForFunction(() => /已列出 [\d,]+ 项/.test(document.querySelector('.scan-progress')?.innerText || ''));
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    try {
      const p2 = await other.newPage();
      await demoLogin(p2, server.url);
      await p2.locator('.load-done').waitFor({ timeout: 30000 });
      await p2.goto(`${server.url}/spaces/${space}`);
      await p2.locator('.scan-section .scan-progress').waitFor({ timeout: 10000 });
      // Its start button is not offered while the scan runs: one scan per space.
      assert(await p2.locator('.scan-section button.scan-start').count() === 0, 'no second scan offered');
    } finally {
      await other.close();
    }
    await page.waitForFunction(() => /约剩/.test(document.querySelector('.scan-progress')?.innerText || ''), null, { timeout: 20000 });
    await assertAccessible(page, 'scan section, running');
    await shot(page, page.locator('.scan-section'), 'docs/screenshots/scan-running.png');

    // Cancelled: it stops calling and what it read is shown as part of the space.
    await section.locator('button.scan-cancel').click();
    const cancelled = await ended(page, space);
    assert(cancelled.scan.state === 'cancelled', `cancelled: ${cancelled.scan.state}`);
    await section.locator('.scan-results').waitFor({ timeout: 20000 });
    const coverage = await section.locator('.scan-coverage').innerText();
    assert(coverage.includes('扫描已取消'), `partial results say so: ${coverage}`);
    const served = async () => (await (await fetch(`${server.emulator}/_emulator/calls`)).json()).served.listAllDentries || 0;
    const calls = await served();
    await page.waitForTimeout(1500);
    assert(await served() === calls, 'no call after the cancel');
    assert(calls === cancelled.scan.calls, `one call a page: ${calls} served, ${cancelled.scan.calls} counted`);
    await assertAccessible(page, 'scan section, cancelled results');

    // It goes on from where it stopped, after its own confirmation, to the end.
    await section.locator('button.scan-continue').click();
    assert((await section.locator('.scan-confirm').innerText()).includes('从中断处继续'), 'the confirmation says it goes on');
    await section.locator('button.scan-confirm-start').click();
    const whole = await until(page, space, (scan) => scan.state === 'complete');
    assert(whole.scan.id === cancelled.scan.id && whole.scan.repeats === 0, `the same scan, no page twice: ${JSON.stringify(whole.scan)}`);
    assert(await served() === whole.scan.calls, 'one call a page over both parts');
    await section.locator('.scan-coverage').filter({ hasText: '涵盖整个空间' }).waitFor({ timeout: 20000 });
  }],
  ['what fills a space: the treemap zooms and comes back, the largest files and their CSV, breakdowns, duplicates, folder sizes in the grid', async ({ page, server }) => {
    // The space with the demo's big folder (its scan cancelled above, if that ran): scanned
    // whole now.
    const { space, section } = await openBigSpace(page, server);
    const earlier = (await api(page, `/api/scans/${space}`)).body.scan;
    await section.locator('button.scan-start').click();
    await section.locator('button.scan-confirm-start').click();
    const done = await ended(page, space, earlier && earlier.id);
    assert(done.scan.state === 'complete', `complete: ${JSON.stringify(done.scan)}`);
    // The page follows the scan to its end and shows its results, for the whole space.
    await section.locator(`.scan-results[data-scan-id="${done.scan.id}"] .scan-coverage`).filter({ hasText: '涵盖整个空间' }).waitFor({ timeout: 20000 });

    // The treemap: one cell per cell of the API's level with a size, areas as sizes.
    const { body: level } = await api(page, `/api/scans/${space}/tree`);
    const map = section.locator('ul.treemap');
    await map.locator('li.map-cell').first().waitFor();
    const drawn = level.cells.filter((c) => c.size > 0);
    assert(await map.locator('li.map-cell').count() === drawn.length, `a cell per item (${drawn.length})`);
    const boxes = await map.locator('li.map-cell').evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return r.width * r.height;
    }));
    const total = drawn.reduce((s, c) => s + c.size, 0);
    const area = boxes.reduce((s, a) => s + a, 0);
    for (let i = 0; i < Math.min(5, drawn.length); i += 1) {
      const want = drawn[i].size / total;
      const got = boxes[i] / area;
      assert(Math.abs(got - want) < 0.01, `cell ${i}: area share ${got.toFixed(3)} for size share ${want.toFixed(3)}`);
    }
    await section.locator('.map-legend li').first().waitFor();
    assert(await section.locator('.map-legend li').count() === 6, 'a legend of the six kinds');

    // Enter on the largest folder zooms into it; the breadcrumbs come back.
    const folder = drawn.find((c) => c.folder);
    assert(folder, 'the space has a folder');
    const cell = map.locator('button.map-hit').first();
    await cell.focus();
    await page.keyboard.press('Enter');
    await section.locator('.map-crumbs [aria-current="location"]').filter({ hasText: folder.name }).waitFor({ timeout: 10000 });
    const { body: inner } = await api(page, `/api/scans/${space}/tree?folder=${folder.id}`);
    await page.waitForFunction((n) => document.querySelectorAll('ul.treemap li.map-cell').length === n,
      inner.cells.filter((c) => c.size > 0).length);
    await section.locator('.map-table summary').click();
    await section.locator('.map-table table tbody tr').first().waitFor();
    await assertAccessible(page, 'treemap zoomed into a folder, its table open');
    await section.locator('.map-table summary').click();
    await section.locator('.map-crumbs button.link-button').first().click();
    await section.locator('.map-crumbs [aria-current="location"]').filter({ hasText: '整个空间' }).waitFor();

    // The largest files: the report's, largest first; their CSV.
    const { body: report } = await api(page, `/api/scans/${space}/report`);
    const rows = section.locator('.largest-files table tbody tr');
    assert(await rows.count() === report.largest.length, `every largest file (${report.largest.length})`);
    assert((await rows.first().innerText()).includes(report.largest[0].name), 'the largest first');
    const [download] = await Promise.all([page.waitForEvent('download'), section.locator('button.scan-export').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert(csv.startsWith('\uFEFF'), 'BOM for Excel');
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    assert(lines.length === report.largest.length + 1, `a header and a record a file (${lines.length})`);
    assert(lines[1].includes(String(report.largest[0].size)), `the bytes as the API gave them: ${lines[1]}`);
    assert(download.suggestedFilename() === `largest-files-${space}.csv`, download.suggestedFilename());

    // The breakdowns and the duplicates are tables, the kinds adding up to the space.
    const kinds = section.locator('.scan-breakdowns table').first();
    assert(await kinds.locator('tbody tr').count() === report.byKind.length, 'a row a kind');
    assert(await section.locator('.scan-breakdowns table').count() === 4, 'kind, age, extension, creator');
    assert((await section.locator('.scan-duplicates').innerText()).includes('候选'), 'duplicates are called candidates');
    await assertAccessible(page, 'scan results');

    // The folder grid shows each folder's size as of the scan.
    const { body: sizes } = await api(page, `/api/scans/${space}/folders`);
    await page.locator('.scan-sizes-note').waitFor({ timeout: 10000 });
    const shown = page.locator('.scanned-size');
    await shown.first().waitFor();
    const visibleFolders = await shown.count();
    assert(visibleFolders > 0 && visibleFolders <= sizes.folders.length, `folder sizes shown (${visibleFolders})`);

    // Sorting by size (largest first) orders the folders by their scanned size.
    const u = new URL(page.url());
    u.searchParams.set('sort', 'SIZE');
    u.searchParams.set('order', 'DESC');
    u.searchParams.set('view', 'list');
    await page.goto(u.toString());
    // DingTalk sorts folders as 0 bytes: they come after the files, so the pages are loaded
    // to the end.
    await page.locator('.folder-count').waitFor({ timeout: 20000 });
    for (let i = 0; i < 50 && await page.locator('button.load-more, .pager-footer .loading').count() > 0; i += 1) {
      await page.evaluate(() => document.querySelector('button.load-more')?.click());
      await page.waitForTimeout(300);
    }
    await page.waitForFunction((n) => document.querySelectorAll('.scanned-size').length === n, sizes.folders.length, { timeout: 20000 })
      .catch(async () => {
        throw new Error(`every folder of the root with its scanned size: ${await page.locator('.scanned-size').count()} of ${sizes.folders.length}`);
      });
    const listed = (await page.locator('.scanned-size').evaluateAll((els) => els.map((e) => e.dataset.bytes))).map(Number);
    const byApi = [...sizes.folders].sort((a, b) => b.size - a.size).map((f) => f.size);
    assert(listed.every((b, i) => i === 0 || listed[i - 1] >= b), `folders by scanned size: ${listed}`);
    assert(listed[0] === byApi[0], `the largest folder first (${listed[0]}, ${byApi[0]})`);

    // Screenshots: desktop, phone, dark.
    await page.goto(`${server.url}/spaces/${space}`);
    await section.locator('ul.treemap li.map-cell').first().waitFor({ timeout: 20000 });
    await shot(page, section, 'docs/screenshots/scan-desktop.png');
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scan-table-wrap, .chart-table'))
      .slice(0, 5).map((e) => `${e.tagName}.${e.className}`).join(', '));
    assert(overflow <= 0, `no horizontal scroll at 360 px (overflow ${overflow}px: ${wide})`);
    await shot(page, section.locator('.space-map'), 'docs/screenshots/scan-phone.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await assertAccessible(page, 'scan results, 360 px, dark');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForTimeout(200);
    await shot(page, section.locator('.space-map'), 'docs/screenshots/scan-dark.png');
  }],
  ['the organization\'s treemap: spaces by use, coloured by state, each a link to its space, with no call', async ({ page, server }) => {
    await demoLogin(page, server.url);
    await loaded(page);
    const before = (await (await fetch(`${server.emulator}/_emulator/calls`)).json()).metered;
    await page.locator('details.org-map summary').click();
    const map = page.locator('details.org-map ul.treemap');
    await map.locator('li.map-cell').first().waitFor({ timeout: 10000 });
    const all = await spaces(page);
    const used = all.filter((s) => (s.usedQuota || 0) > 0);
    const cells = await map.locator('li.map-cell').count();
    assert(cells === Math.min(used.length, 120), `the largest spaces drawn (${cells} of ${used.length})`);
    const largest = [...used].sort((a, b) => b.usedQuota - a.usedQuota)[0];
    const first = map.locator('a.map-hit').first();
    assert((await first.getAttribute('href')) === `/spaces/${largest.spaceId}`, 'the largest space first, a link to it');
    assert(await page.locator('details.org-map .map-legend li').count() >= 4, 'a legend of the states');
    await page.locator('details.org-map .map-table summary').click();
    await page.locator('details.org-map .map-table table tbody tr').first().waitFor();
    await assertAccessible(page, 'organization treemap with its table');
    await shot(page, page.locator('details.org-map'), 'docs/screenshots/org-map-desktop.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await assertAccessible(page, 'organization treemap, dark');
    await page.emulateMedia({ colorScheme: 'light' });
    const after = (await (await fetch(`${server.emulator}/_emulator/calls`)).json()).metered;
    assert(after === before, 'no DingTalk call for the map');
    await first.click();
    await page.waitForURL((u) => u.pathname === `/spaces/${largest.spaceId}`);
  }],
];
