// The quota review: every space, sort/filter in the URL, back button, CSV export, phone width.
import { readFileSync } from 'node:fs';
import { assert, assertAccessible, demoLogin, startServer } from './harness.mjs';

async function loaded(page) {
  await page.locator('.load-done').waitFor({ timeout: 30000 });
}

const names = (page) => page.locator('li.space-row .space-name').allInnerTexts();
const ids = (page) => page.locator('li.space-row').evaluateAll((els) => els.map((e) => e.dataset.spaceId));

/** Counts the org spaces through the API itself, independently of the app. */
async function apiSpaceCount(page) {
  return page.evaluate(async () => {
    let n = 0; let token = null;
    for (let i = 0; i < 1000; i += 1) {
      const q = new URLSearchParams({ spaceType: 'org', maxResults: '50' });
      if (token) q.set('nextToken', token);
      const r = await fetch(`/v1.0/drive/spaces?${q}`);
      const body = await r.json();
      n += body.spaces.length;
      token = body.nextToken;
      if (!token) break;
    }
    return n;
  });
}

export const journeys = [
  ['quota review: every space, summary, sort, filter, back, export', async ({ page, server }) => {
    await demoLogin(page, server.url);
    await loaded(page);
    const total = await apiSpaceCount(page);
    const shown = await page.locator('li.space-row').count();
    assert(shown === total && total >= 120, `all ${total} spaces shown, got ${shown}`);
    assert(new Set(await ids(page)).size === shown, 'each space once');
    // Summary: counts per state add up to the number of spaces.
    const chips = await page.locator('.state-chip .chip-count').allInnerTexts();
    const sum = chips.reduce((a, b) => a + Number(b), 0);
    assert(sum === total, `state counts add up (${sum} vs ${total})`);
    assert(await page.locator('.fullest-item').count() === 5, 'five fullest spaces');
    for (const state of ['over', 'critical', 'warning', 'unlimited']) {
      assert(await page.locator(`li.space-row.state-${state}`).count() > 0, `some ${state} space`);
    }
    // Default order: fullest first (percentages descending among limited spaces).
    const defaultIds = await ids(page);

    // Sort by name, ascending: pinyin order (Intl.Collator zh) and the URL says so.
    await page.locator('select.sort-key').selectOption('name');
    await page.waitForURL(/sort=name&order=asc/);
    const byName = await names(page);
    const expected = await page.evaluate((n) => [...n].sort(new Intl.Collator('zh').compare), byName);
    assert(JSON.stringify(byName) === JSON.stringify(expected), 'names in pinyin order');
    await page.locator('button.sort-order').click();
    await page.waitForURL(/order=desc/);
    const desc = await names(page);
    assert(desc[0] === byName[byName.length - 1], 'descending reverses');

    // Back restores the previous views.
    await page.goBack();
    await page.waitForURL(/order=asc/);
    assert(JSON.stringify(await names(page)) === JSON.stringify(byName), 'back restores ascending');
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('sort='));
    assert(JSON.stringify(await ids(page)) === JSON.stringify(defaultIds), 'back restores the default order');

    // Filter as you type, in the URL; a link reproduces the view.
    await page.locator('input.name-filter').fill('部');
    await page.waitForURL(/q=%E9%83%A8/);
    const filtered = await names(page);
    assert(filtered.length > 0 && filtered.length < total, `filter narrows (${filtered.length})`);
    assert(filtered.every((n) => n.includes('部')), 'every shown name matches');
    const link = page.url();
    await page.goto(link);
    await loaded(page);
    assert(JSON.stringify(await names(page)) === JSON.stringify(filtered), 'the link reproduces the view');

    // Export the current (filtered, sorted) view.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.export-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert(csv.charCodeAt(0) === 0xfeff, 'CSV starts with a BOM');
    const lines = csv.slice(1).split('\r\n').filter((l) => l.length > 0);
    assert(lines.length === filtered.length + 1, `header + ${filtered.length} rows, got ${lines.length}`);
    const firstId = (await ids(page))[0];
    assert(lines[1].includes(`,${firstId},`), 'rows in view order');
    assert(/\.csv$/.test(download.suggestedFilename()), 'a .csv file');
  }],
  ['quota review: thresholds persist and change states', async ({ page, server }) => {
    await demoLogin(page, server.url);
    await loaded(page);
    const warnBefore = await page.locator('li.space-row.state-warning').count();
    await page.locator('details.thresholds summary').click();
    await page.locator('input.threshold-warning').fill('50');
    await page.waitForFunction((n) => document.querySelectorAll('li.space-row.state-warning').length > n, warnBefore);
    await page.locator('input.threshold-warning').fill('99');
    assert(await page.locator('.field-error').isVisible(), 'warning above critical is explained');
    await page.locator('input.threshold-warning').fill('50');
    await page.reload();
    await loaded(page);
    const warnAfter = await page.locator('li.space-row.state-warning').count();
    assert(warnAfter > warnBefore, `thresholds persisted (${warnAfter} > ${warnBefore})`);
    // Clicking a space opens its page.
    const first = page.locator('li.space-row').first();
    const id = await first.getAttribute('data-space-id');
    await first.locator('a.space-name').click();
    await page.waitForURL(new RegExp(`/spaces/${id}`));
  }],
  ['quota review: an organization without spaces says so', async ({ page }) => {
    const empty = await startServer(['--demo-spaces', '0']);
    try {
      await demoLogin(page, empty.url);
      const note = page.locator('.empty-state');
      await note.waitFor({ timeout: 15000 });
      assert((await note.innerText()).includes('还没有任何空间'), 'the empty organization is explained');
      assert(await page.locator('li.space-row').count() === 0, 'no rows');
      assert(await page.locator('.summary').count() === 0, 'no summary of nothing');
    } finally {
      empty.stop();
    }
  }],
  ['quota review: 1,000 spaces are windowed, every one reachable by scrolling, once', async ({ page }) => {
    const big = await startServer(['--demo-spaces', '1000']);
    try {
      await demoLogin(page, big.url);
      await page.locator('.load-done').waitFor({ timeout: 60000 });
      const list = page.locator('ul.space-list:not(.skeleton)');
      assert(await list.getAttribute('data-total') === '1000', 'the list holds all 1,000 spaces');
      const inDom = await page.locator('li.space-row').count();
      assert(inDom > 0 && inDom < 100, `only the rows on screen are in the DOM (${inDom})`);
      // Scroll to the end a screen at a time, collecting the rows seen, in order.
      const seen = [];
      for (let y = 0; ; y += 600) {
        await page.evaluate((y) => window.scrollTo(0, y), y);
        await page.waitForTimeout(30);
        const ids = await page.locator('li.space-row').evaluateAll((els) => els.map((e) => e.dataset.spaceId));
        assert(new Set(ids).size === ids.length, 'no row rendered twice');
        for (const id of ids) if (!seen.includes(id)) seen.push(id);
        const atEnd = await page.evaluate(() => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2);
        if (atEnd) break;
        assert(y < 400000, 'the end of the list is reached');
      }
      assert(seen.length === 1000, `every space seen by scrolling, once (${seen.length})`);
      // The order seen is the order of the view: the export's rows, in the same order.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.export-csv').click()]);
      const csv = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
      const exportedIds = csv.replace(/^\uFEFF/, '').split('\r\n').slice(1).filter((l) => l)
        .map((l) => (/^(?:"(?:[^"]|"")*"|[^,]*),"?(\d+)/.exec(l) || [])[1]);
      assert(exportedIds.length === 1000, `the export has every space (${exportedIds.length})`);
      const firstDiff = exportedIds.findIndex((id, i) => id !== seen[i]);
      assert(firstDiff === -1, `rows seen by scrolling are in the export's order (first difference at ${firstDiff})`);
      // A sort re-renders the window only; the list still holds every space.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator('select.sort-key').selectOption('name');
      await page.waitForURL(/sort=name/);
      assert(await list.getAttribute('data-total') === '1000', 'sorting keeps every space');
      const afterSort = await page.locator('li.space-row').count();
      assert(afterSort > 0 && afterSort < 100, `still windowed after sorting (${afterSort})`);
      // A filter keeps a large organisation windowed, however few spaces match.
      await page.locator('input.name-filter').fill('部');
      await page.waitForFunction(() => Number(document.querySelector('ul.space-list').dataset.total) < 1000);
      const total = Number(await list.getAttribute('data-total'));
      const rendered = await page.locator('li.space-row').count();
      assert(total > 0 && rendered > 0 && rendered < Math.min(total, 100), `filtered: ${rendered} rendered of ${total}`);
    } finally {
      big.stop();
    }
  }],
  ['quota review: each space shows its last 30 days, and the fast grower is forecast full in about 10 days', async ({ page, server }) => {
    await demoLogin(page, server.url);
    await loaded(page);
    await page.locator('.space-trend svg.sparkline').first().waitFor({ timeout: 20000 });
    // The demo's fast grower, found by the emulator's model's own rule (the first limited
    // space after the first with 75% to 90% used), and its days until full by the model: the
    // room it has over the rate that fills it in FAST_GROWER_DAYS = 10 days.
    const review = await page.evaluate(async () => (await fetch('/api/review')).json());
    const fast = review.spaces.slice(1).find((s) => s.quota > 0 && s.usedQuota > s.quota * 3 / 4 && s.usedQuota < s.quota * 9 / 10);
    assert(fast, 'the demo has a fast grower');
    const modelDays = Math.round((fast.quota - fast.usedQuota) / ((fast.quota - fast.usedQuota) / 10));
    const forecast = page.locator(`li.space-row[data-space-id="${fast.spaceId}"] .forecast`);
    await forecast.scrollIntoViewIfNeeded();
    const text = await forecast.innerText();
    const m = /预计 (\d+)–(\d+) 天后满/.exec(text);
    assert(m && Number(m[1]) <= modelDays && modelDays <= Number(m[2]), `the forecast's range holds the model's ${modelDays} days: ${text}`);
    assert(await forecast.evaluate((e) => e.classList.contains('forecast-soon')), 'marked as full within 30 days');
    const icon = await forecast.evaluate((e) => getComputedStyle(e, '::before').content);
    assert(icon.includes('◷'), `marked by an icon too, not by colour alone (${icon})`);
    // Every row has its sparkline, named by its summary.
    const rows = await page.locator('li.space-row').count();
    const lines = await page.locator('li.space-row .space-trend svg[role=img]').count();
    assert(lines === rows, `a sparkline in each of the ${rows} rows (${lines})`);
    const label = await page.locator('li.space-row .space-trend svg').first().getAttribute('aria-label');
    assert(/^近 30 天用量走势：30 天 [+−±]/.test(label), `the sparkline says what it shows: ${label}`);
    await assertAccessible(page, 'quota review with trends');

    // Sorted by days until full: the soonest first (every space with a forecast before those
    // without); filtered to those full within 30 days: exactly the ones marked, as many as
    // the filter says.
    await page.locator('select.sort-key').selectOption('full');
    await page.waitForURL(/sort=full/);
    // Already full (0 days) first, then the soonest forecast.
    const first = page.locator('li.space-row').first();
    const firstForecast = await first.locator('.forecast').innerText();
    const firstFull = await first.evaluate((e) => e.classList.contains('state-over') || e.querySelector('.space-percent').textContent.startsWith('100'));
    assert(firstFull || /预计 \d+–\d+ 天后满/.test(firstForecast), `the soonest full comes first: ${firstForecast}`);
    const firstForecastRow = await page.locator('li.space-row .forecast').evaluateAll((els) => els.map((e) => e.textContent).find((t) => t));
    assert(/预计 \d+–\d+ 天后满/.test(firstForecastRow), `then the soonest forecast: ${firstForecastRow}`);
    const filter = page.locator('label.soon-filter');
    const count = Number((/（(\d+)）/.exec(await filter.innerText()) || [])[1]);
    assert(count >= 1, `the filter counts the spaces full within 30 days (${count})`);
    await filter.locator('input').check();
    await page.waitForURL(/soon=1/);
    await page.waitForFunction((n) => document.querySelectorAll('li.space-row').length === n, count, { timeout: 10000 });
    const marked = await page.locator('li.space-row .forecast-soon').count();
    assert(marked === count, `every space shown is marked full within 30 days (${marked} of ${count})`);
    assert(await page.locator(`li.space-row[data-space-id="${fast.spaceId}"]`).count() === 1, 'the fast grower among them');
    await assertAccessible(page, 'quota review, full within 30 days');
  }],
  ['quota review: screenshots at desktop and phone width, no horizontal scroll', async ({ page, server, context }) => {
    await demoLogin(page, server.url);
    await loaded(page);
    // With each row's trend (it arrives after the rows).
    await page.locator('.space-trend svg.sparkline').first().waitFor({ timeout: 20000 });
    await page.screenshot({ path: 'docs/screenshots/quota-review-desktop.png' });
    await assertAccessible(page, 'quota review, desktop');
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `no horizontal scroll at 360 px (overflow ${overflow}px)`);
    await page.screenshot({ path: 'docs/screenshots/quota-review-phone.png' });
    await assertAccessible(page, 'quota review, 360 px');
    await page.emulateMedia({ colorScheme: 'dark' });
    await assertAccessible(page, 'quota review, 360 px, dark');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: 'docs/screenshots/quota-review-dark.png' });
    await assertAccessible(page, 'quota review, desktop, dark');
    void context;
  }],
];
