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
  ['organization storage: DingTalk\'s figures beside the sum of the spaces, the growing fastest, its chart and CSV', async ({ page, server }) => {
    await demoLogin(page, server.url);
    await loaded(page);
    const used = page.locator('.org-history .org-used');
    await used.waitFor({ timeout: 20000 });
    // The emulator's own rule for its organization, worked out here from the listed spaces:
    // used is their sum, capacity twice the limited spaces' quotas rounded up to a TiB.
    const { spaces, org } = await page.evaluate(async () => ({
      spaces: (await (await fetch('/api/review')).json()).spaces,
      org: await (await fetch('/api/history/org')).json(),
    }));
    const TIB = 2 ** 40;
    const sum = spaces.reduce((a, s) => a + Math.max(0, s.usedQuota || 0), 0);
    const allotted = spaces.reduce((a, s) => a + (s.quota > 0 ? s.quota : 0), 0);
    const capacity = (Math.floor((allotted * 2) / TIB) + 1) * TIB;
    const latest = org.points[org.points.length - 1];
    assert(latest[1] === sum && latest[2] === capacity && latest[3] === allotted, `today's figures as DingTalk (the emulator) reports them: ${latest} vs ${[sum, capacity, allotted]}`);
    assert(org.points.length > 100 && org.demoUntil, 'the demo history, marked as such');
    const pct = (Math.round((sum / capacity) * 1000) / 10).toString();
    const headline = await used.innerText();
    assert(headline.includes(`（${pct}%）`) && /已用 .+ \/ 容量 .+/.test(headline), `the headline: ${headline} (${pct}%)`);
    assert(/各空间合计已用/.test(await page.locator('.org-detail').innerText()), 'beside the sum of the spaces');

    // The summary: growing fastest (by 30-day growth, as the API's trends order them) and
    // the count full within the warning horizon.
    const trends = await page.evaluate(async () => (await fetch('/api/history')).json());
    const fastest = trends.spaces.filter((t) => t.change30 > 0).sort((a, b) => b.change30 - a.change30)[0];
    const firstGrowing = await page.locator('ol.growing li.growing-item a').first().getAttribute('href');
    assert(firstGrowing === `/spaces/${fastest.spaceId}`, `the fastest grower first: ${firstGrowing} vs ${fastest.spaceId}`);
    assert(await page.locator('ol.growing li.growing-item').count() === 5, 'five growing fastest');
    const soonCount = Number(await page.locator('.summary-soon').innerText());
    const filter = await page.locator('label.soon-filter').innerText();
    assert(soonCount >= 1 && filter.includes(`（${soonCount}）`), `the summary and the filter agree on the spaces full soon: ${soonCount}, ${filter}`);

    // The chart one click away: used, capacity and allotted.
    await page.locator('.org-chart > summary').click();
    const img = page.locator('.org-history svg[role=img]');
    await img.waitFor();
    const label = await img.getAttribute('aria-label');
    assert(label.includes('组织容量') && label.includes('已分配给空间'), `the chart says what it shows: ${label}`);
    assert(await page.locator('.org-history .chart-line').count() === 3, 'three lines');
    await assertAccessible(page, 'organization storage with its chart open');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.org-history button.chart-export').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    assert(lines[0] === '日期,已用（字节）,已用,组织容量（字节）,组织容量,已分配给空间（字节）,已分配给空间,演示数据', `the header: ${lines[0]}`);
    assert(lines.length === org.points.length + 1, 'a record a day');
    assert(lines[lines.length - 1].split(',')[1] === String(sum), 'the last day used, in bytes');
    await page.locator('.org-history').screenshot({ path: 'docs/screenshots/org-history-desktop.png' });
  }],
  ['space history: the chart of the space whose quota was raised, read by keyboard and pointer, its table and CSV', async ({ page, server }) => {
    await demoLogin(page, server.url);
    await loaded(page);
    // The demo's space whose quota was raised, found through the history API: its quota
    // changes once in its points.
    const found = await page.evaluate(async () => {
      const review = await (await fetch('/api/review')).json();
      for (const s of review.spaces) {
        const h = await (await fetch(`/api/history/spaces/${s.spaceId}`)).json();
        const changes = h.points.filter((p, i) => i > 0 && p[2] !== h.points[i - 1][2]).length;
        if (changes === 1 && h.points.length > 100) return { id: s.spaceId, h };
      }
      return null;
    });
    assert(found, 'the demo has a space whose quota was raised once');
    const { id, h } = found;
    await page.goto(`${server.url}/spaces/${id}`);
    const img = page.locator('.space-history svg[role=img]');
    await img.waitFor({ timeout: 20000 });
    const label = await img.getAttribute('aria-label');
    assert(label.includes(`共 ${h.points.length} 天`) && label.includes('配额变更了 1 次'), `the chart says what it shows: ${label}`);
    const quotaPath = await page.locator('.chart-line.series-1').getAttribute('d');
    assert(/V\d+/.test(quotaPath), `the quota is drawn as steps, its raise visible: ${quotaPath.slice(0, 80)}`);
    assert(await page.locator('.chart-demo').count() === 1, 'the demo part is shaded');
    assert(await page.locator('.chart-legend li').count() === 3, 'used, quota and demo in the legend');
    const yLabels = await page.locator('.chart-y-label').allInnerTexts();
    assert(yLabels.length === 5 && yLabels[0] === '0 B', `sizes on the axis: ${yLabels}`);

    // Dates as the browser's Intl writes China's day, computed here on its own.
    const dateOf = (day) => page.evaluate((d) => new Intl.DateTimeFormat('zh', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Asia/Shanghai' }).format(new Date(d * 86400000 + 4 * 3600000)), day);
    const readout = page.locator('.chart-readout');
    await page.locator('.chart-plot').focus();
    await page.keyboard.press('Home');
    const firstDay = await dateOf(h.points[0][0]);
    await page.waitForFunction((t) => document.querySelector('.chart-readout').textContent.startsWith(t), firstDay);
    await page.keyboard.press('ArrowRight');
    const secondDay = await dateOf(h.points[1][0]);
    assert((await readout.innerText()).startsWith(secondDay), `a key moves a day: ${await readout.innerText()}`);
    await page.keyboard.press('End');
    const lastDay = await dateOf(h.points[h.points.length - 1][0]);
    assert((await readout.innerText()).startsWith(lastDay), `End reads the last day: ${await readout.innerText()}`);
    assert(/已用 .+B，配额 .+B/.test(await readout.innerText()), `the day's used and quota: ${await readout.innerText()}`);
    // A pointer in the middle reads a day in the middle.
    const box = await page.locator('.chart-plot').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const mid = await dateOf(h.points[Math.round((h.points.length - 1) / 2)][0]);
    const near = await dateOf(h.points[Math.round((h.points.length - 1) / 2) + 1][0]);
    const before = await dateOf(h.points[Math.round((h.points.length - 1) / 2) - 1][0]);
    const text = await readout.innerText();
    assert([mid, near, before].some((d) => text.startsWith(d)), `the pointer reads the middle day: ${text} (${mid})`);

    // The numbers one click away: a row a day, newest first.
    await page.locator('.chart-numbers summary').click();
    await page.locator('.chart-table tbody tr').first().waitFor();
    assert(await page.locator('.chart-table tbody tr').count() === h.points.length, 'a row a day');
    assert((await page.locator('.chart-table tbody tr th').first().innerText()) === lastDay, 'newest first');
    await assertAccessible(page, 'space history with its table open');

    // The CSV: BOM, a header, a record a day with the bytes as the API gave them.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.chart-export').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert(csv.startsWith('\uFEFF'), 'BOM for Excel');
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    assert(lines[0] === '日期,已用（字节）,已用,配额（字节）,配额,演示数据', `the header: ${lines[0]}`);
    assert(lines.length === h.points.length + 1, `a record a day (${lines.length - 1} of ${h.points.length})`);
    const lastPoint = h.points[h.points.length - 1];
    const last = lines[lines.length - 1].split(',');
    assert(last[1] === String(lastPoint[1]) && last[3] === String(lastPoint[2]), `the last day's bytes: ${lines[lines.length - 1]}`);
    assert(lines[1].endsWith(',是'), `the demo's days say so: ${lines[1]}`);
    assert(/^space-\d+-history-\d{4}-\d{2}-\d{2}\.csv$/.test(download.suggestedFilename()), download.suggestedFilename());

    // Screenshots, and readable at 360 px and in dark mode.
    await page.locator('.chart-numbers summary').click();
    await page.locator('.space-history').screenshot({ path: 'docs/screenshots/space-history-desktop.png' });
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `no horizontal scroll at 360 px (overflow ${overflow}px)`);
    await page.locator('.space-history').screenshot({ path: 'docs/screenshots/space-history-phone.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await assertAccessible(page, 'space history, 360 px, dark');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('.space-history').screenshot({ path: 'docs/screenshots/space-history-dark.png' });
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
