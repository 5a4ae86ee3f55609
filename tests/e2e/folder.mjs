// The folder grid: open a space from the quota review, enter a folder, sort on the server,
// switch grid/list, scroll the 10,000-entry archive to its end counting every entry once,
// go back by breadcrumb; keyboard, errors, phone width, dark mode.
import { assert, assertAccessible, demoLogin, startServer } from './harness.mjs';

const SPACE = '28000000001'; // the emulator's designated first space
const ARCHIVE = '1000000001'; // 历史照片归档, 10,000 photos
const RESTRICTED = '1000000002'; // permissionDenied for everyone

/** What the emulator has served, by API (`listDentries`, `getSpace`, `listSpaces`, ...). */
async function served(server) {
  return (await (await fetch(`${server.emulator}/_emulator/calls`)).json()).served;
}

const tileIds = (page) => page.locator('li.tile').evaluateAll((els) => els.map((e) => e.dataset.id));
const rowIds = (page) => page.locator('tr.entry-row').evaluateAll((els) => els.map((e) => e.dataset.id));

/**
 * Scrolls to the end until the footer says every entry is loaded (pages load as the end
 * comes into view); returns the count it gives.
 */
async function allLoaded(page, timeout = 30000) {
  await page.waitForFunction(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    const s = document.querySelector('.folder-count');
    return s && /全部加载|All .* loaded/.test(s.textContent);
  }, null, { timeout });
  const text = await page.locator('.folder-count').innerText();
  return Number((/\d[\d,]*/.exec(text) || ['0'])[0].replace(/,/g, ''));
}

/** Waits until the entry at index 0 is `id` and a full page is shown (the new sort landed). */
async function firstEntryIs(page, selector, id) {
  await page.waitForFunction(([selector, id]) => {
    const all = document.querySelectorAll(selector);
    return all.length >= 50 && all[0].dataset.index === '0' && all[0].dataset.id === id;
  }, [selector, id], { timeout: 20000 });
}

/** The first page of a folder in the given order, straight from the API (through the server). */
async function apiFirstPage(page, parentId, orderBy, order) {
  return page.evaluate(async ([space, parentId, orderBy, order]) => {
    const q = new URLSearchParams({ parentId, orderBy, order, maxResults: '50', unionId: 'me' });
    const r = await fetch(`/v1.0/storage/spaces/${space}/dentries?${q}`);
    return (await r.json()).dentries.map((d) => d.id);
  }, [SPACE, parentId, orderBy, order]);
}

/**
 * Scrolls the (windowed) list from top to bottom, one viewport at a time, loading pages as
 * the end comes into view, and records which entry sits at each index.
 */
async function sweep(page) {
  return page.evaluate(async () => {
    // Two frames, or 250 ms if the browser stops painting (a headless page it deems hidden
    // fires no frames): a lost frame must not hang the sweep, whose own guard is its time.
    const frame = () => new Promise((r) => {
      const t = setTimeout(r, 250);
      requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(t); r(); }));
    });
    const settle = frame;
    const seen = new Map();
    let conflicts = 0;
    let maxRows = 0;
    const collect = () => {
      const rows = document.querySelectorAll('tr.entry-row');
      maxRows = Math.max(maxRows, rows.length);
      for (const r of rows) {
        const i = Number(r.dataset.index);
        if (seen.has(i) && seen.get(i) !== r.dataset.id) conflicts += 1;
        seen.set(i, r.dataset.id);
      }
    };
    const done = () => /全部加载|All .* loaded/.test(document.querySelector('.folder-count')?.textContent || '');
    const step = Math.max(200, window.innerHeight - 100);
    let y = 0;
    const started = Date.now();
    // The visible part of the table must show rows, never the spacer: waits for the window
    // to follow the scroll, and counts the steps where it did not.
    const covered = () => {
      const tb = document.querySelector('tbody').getBoundingClientRect();
      const bar = document.querySelector('.top-bar')?.getBoundingClientRect().bottom || 0; // sticky
      const top = Math.max(tb.top, bar) + 2;
      const bottom = Math.min(tb.bottom, window.innerHeight) - 2;
      if (bottom <= top) return true;
      return [top, bottom].every((y) => document.elementFromPoint(tb.left + 40, y)?.closest('tr.entry-row'));
    };
    let blank = 0;
    const blankSteps = [];
    const steps = [];
    for (let guard = 0; guard < 20000 && Date.now() - started < 240000; guard += 1) {
      window.scrollTo(0, y);
      await settle();
      let tries = 0;
      while (!covered() && tries < 60) { await settle(); tries += 1; }
      if (tries === 60) blank += 1;
      collect();
      const rows = document.querySelectorAll('tr.entry-row');
      steps.push([y, rows[0]?.dataset.index, rows[rows.length - 1]?.dataset.index, tries]);
      if (tries === 60) blankSteps.push(steps[steps.length - 1]);
      const bottom = document.documentElement.scrollHeight - window.innerHeight;
      if (y >= bottom) {
        if (done()) break;
        // At the current end: wait for the next page (the sentinel asked for it).
        const before = document.documentElement.scrollHeight;
        for (let w = 0; w < 200 && document.documentElement.scrollHeight === before && !done(); w += 1) {
          await new Promise((r) => setTimeout(r, 25));
        }
      } else {
        y = Math.min(y + step, bottom);
      }
    }
    await settle();
    collect();
    const endRows = document.querySelectorAll('tr.entry-row').length;
    // An index the steps passed over without it being in the DOM is looked for where it
    // must be (its row's place in the table), so a skip says which steps went past it; it
    // still has to be there when scrolled to.
    const absent = () => [...Array(10000).keys()].filter((i) => !seen.has(i));
    const skipped = absent().slice(0, 10).map((m) => {
      const k = steps.findIndex((st) => Number(st[2]) >= m);
      return { index: m, steps: steps.slice(Math.max(0, k - 2), k + 2) };
    });
    for (const { index } of skipped) {
      const tb = document.querySelector('tbody').getBoundingClientRect();
      const row = document.querySelector('tr.entry-row')?.getBoundingClientRect().height || 44;
      window.scrollTo(0, Math.max(0, window.scrollY + tb.top + index * row - window.innerHeight / 2));
      for (let tries = 0; tries < 20 && !document.querySelector(`tr.entry-row[data-index="${index}"]`); tries += 1) await settle();
      collect();
    }
    const ids = [...seen.values()];
    return {
      done: done(),
      indices: seen.size,
      unique: new Set(ids).size,
      maxIndex: Math.max(...seen.keys()),
      conflicts,
      maxRows,
      endRows,
      blank,
      blankSteps: blankSteps.slice(0, 5),
      skipped,
      missing: absent().slice(0, 10),
      ms: Date.now() - started,
    };
  });
}

export const journeys = [
  ['folder grid: open a space, enter a folder, sort, switch views, scroll 10,000 entries, breadcrumb back', async ({ page, server, errors }) => {
    page.on('crash', () => errors.push('the page crashed'));
    await demoLogin(page, server.url);
    // Open the space from the quota review.
    const link = page.locator(`li.space-row[data-space-id="${SPACE}"] a`).first();
    await link.waitFor({ timeout: 30000 });
    const spaceName = (await link.innerText()).trim();
    await link.click();
    await page.waitForURL(new RegExp(`/spaces/${SPACE}`));
    await page.locator('.folder-header [role=progressbar]').waitFor({ timeout: 20000 });
    assert((await page.locator('.folder-space-name').innerText()).trim() === spaceName, 'the header names the space');

    // The root: 60 entries of every kind, in the grid with thumbnails.
    const rootCount = await allLoaded(page);
    const rootIds = await tileIds(page);
    assert(rootCount === rootIds.length && rootCount >= 60, `root entries all shown (${rootIds.length} of ${rootCount})`);
    assert(new Set(rootIds).size === rootIds.length, 'each root entry once');
    for (const badge of ['deleted', 'expired', 'read-only', 'unknown-type']) {
      assert(await page.locator(`li.tile .badge-${badge}`).count() > 0, `a ${badge} badge`);
    }
    const unknown = await page.locator('li.tile .badge-unknown-type').first().innerText();
    assert(unknown.includes('SHORTCUT'), `the unknown type is shown verbatim: ${unknown}`);
    // Scrolling to the end may count as a fling: tiles made then keep their thumbnail aside
    // until it settles, and must all have it once it has.
    await page.waitForFunction(() => document.querySelectorAll('li.tile img:not([src])').length === 0, null, { timeout: 10000 })
      .catch(() => {});
    const srcs = await page.locator('li.tile img').evaluateAll((els) => els.map((e) => e.getAttribute('src')));
    assert(srcs.length > 0 && srcs.every((s) => /^https?:\/\//.test(s)), `thumbnails are absolute http(s) URLs (${srcs.length}; not: ${srcs.filter((s) => !/^https?:\/\//.test(s)).slice(0, 3)})`);
    assert(await page.locator('li.tile img[loading="lazy"]').count() === srcs.length, 'thumbnails load lazily');
    assert(await page.locator('li.tile .file-icon').count() > 0, 'files without thumbnails get an icon');

    // Tiles hold their words fixed and are made anew on a language change: all follow it.
    const archiveKind = page.locator(`li.tile[data-id="${ARCHIVE}"] .tile-size`);
    const words = async () => [await archiveKind.innerText(), await page.locator('li.tile .badge-expired').first().innerText()];
    const [zhKind, zhBadge] = await words();
    await page.locator('.lang-switch').click();
    await page.waitForFunction((id) => /folder/i.test(document.querySelector(`li.tile[data-id="${id}"] .tile-size`)?.textContent || ''), ARCHIVE, { timeout: 15000 });
    const [enKind, enBadge] = await words();
    assert(enKind !== zhKind && enBadge !== zhBadge && /[a-z]/i.test(enBadge), `tiles switch to English: ${zhKind}/${zhBadge} -> ${enKind}/${enBadge}`);
    assert((await tileIds(page)).length === rootIds.length, 'the same tiles after the switch');
    await page.locator('.lang-switch').click();
    await page.waitForFunction((t) => document.querySelector('li.tile .badge-expired')?.textContent === t, zhBadge, { timeout: 15000 });
    assert((await archiveKind.innerText()) === zhKind, 'and back to Chinese');

    // Enter the archive by clicking its tile.
    await page.locator(`li.tile[data-id="${ARCHIVE}"] a`).click();
    await page.waitForURL(new RegExp(`folder=${ARCHIVE}`));
    await page.locator('li.tile').first().waitFor({ timeout: 20000 });
    const crumbs = await page.locator('nav.breadcrumbs li').allInnerTexts();
    assert(crumbs.length === 2 && crumbs[1].includes('历史照片归档'), `breadcrumbs name the folder: ${crumbs}`);

    // Sort by size: the server's order, largest first.
    const apiBySize = await apiFirstPage(page, ARCHIVE, 'SIZE', 'DESC');
    await page.locator('select.sort-select').selectOption('SIZE');
    await page.waitForURL(/sort=SIZE&order=DESC/);
    await firstEntryIs(page, 'li.tile', apiBySize[0]);
    const bySize = (await tileIds(page)).slice(0, 50);
    assert(JSON.stringify(bySize) === JSON.stringify(apiBySize), 'the grid shows the server\'s size order');

    // Switch to the list: the same entries, the size column marked as the sort.
    await page.locator('button.view-list').click();
    await page.waitForURL(/view=list/);
    await page.locator('tr.entry-row').first().waitFor({ timeout: 20000 });
    assert(JSON.stringify((await rowIds(page)).slice(0, 50)) === JSON.stringify(apiBySize), 'the list keeps the order');
    assert(await page.locator('th.col-size[aria-sort="descending"]').count() === 1, 'size header says descending');
    const typeTitle = await page.locator('th.col-type').getAttribute('title');
    assert(typeTitle && typeTitle.length > 0, 'the type header says it cannot be sorted');
    assert(await page.locator('th.col-creator .no-sort-hint').count() === 1, 'so does the creator header');
    // A header click flips the order on the server.
    const apiAsc = await apiFirstPage(page, ARCHIVE, 'SIZE', 'ASC');
    await page.locator('th.col-size button').click();
    await page.waitForURL(/sort=SIZE&order=ASC/);
    await page.waitForFunction(() => document.querySelector('th.col-size')?.getAttribute('aria-sort') === 'ascending');
    await firstEntryIs(page, 'tr.entry-row', apiAsc[0]);
    assert(JSON.stringify((await rowIds(page)).slice(0, 50)) === JSON.stringify(apiAsc), 'ascending from the server');

    // Scroll the 10,000 entries to the end: each index seen, each entry once, few rows in the DOM.
    const s = await sweep(page);
    assert(s.done, `the sweep reached the end: ${JSON.stringify({ ...s, missing: undefined })}`);
    const total = await allLoaded(page, 15000);
    assert(total === 10000, `the footer counts 10,000 entries, got ${total}`);
    assert(s.indices === total && s.maxIndex === total - 1, `every index seen (${s.indices}, max ${s.maxIndex}, missing ${s.missing}; ${s.blank} blank steps ${JSON.stringify(s.blankSteps)})`);
    assert(s.unique === total, `every entry exactly once (${s.unique} distinct ids)`);
    assert(s.conflicts === 0, `no index showed two entries (${s.conflicts})`);
    assert(s.blank === 0, `the rows always covered the screen (${s.blank} blank steps)`);
    // Short lists are rendered whole (up to 100 entries); past that only the rows in view.
    assert(s.maxRows <= 120 && s.endRows < 100, `windowed: ${s.endRows} rows in the DOM at the end (max ${s.maxRows})`);
    console.log(`        swept 10,000 entries in ${s.ms} ms, ${s.endRows} rows in the DOM at the end`);
    // Steps (scroll y, first and last index in the DOM) around an index a step passed over.
    for (const k of s.skipped) console.log(`        index ${k.index} was found only when scrolled to; steps around it: ${JSON.stringify(k.steps)}`);

    // Back to the root by breadcrumb; the view (list) is kept.
    await page.locator('nav.breadcrumbs a.crumb-link[data-folder="0"]').click();
    await page.waitForURL(/folder=0&/);
    await page.locator('tr.entry-row').first().waitFor({ timeout: 20000 });
    assert(await allLoaded(page) === rootCount, 'the root again');
    assert(page.url().includes('view=list'), 'the view is kept');
    const csp = errors.filter((e) => /Content Security Policy/i.test(e));
    assert(csp.length === 0, `no CSP violations: ${csp.join(' | ')}`);
  }],

  ['folder grid: keyboard, deep links, permission and missing-space errors', async ({ page, server }) => {
    await demoLogin(page, server.url);
    await page.locator('li.space-row').first().waitFor({ timeout: 30000 });
    // A deep link on a fresh load.
    await page.goto(`${server.url}/spaces/${SPACE}?folder=0&sort=NAME&order=ASC&view=grid`);
    await allLoaded(page);
    // Arrow keys move between tiles.
    await page.locator('li.tile[data-index="0"] .entry-focus').focus();
    await page.keyboard.press('ArrowRight');
    let focused = await page.evaluate(() => document.activeElement?.closest('[data-index]')?.dataset.index);
    assert(focused === '1', `ArrowRight moves to the next tile (${focused})`);
    await page.keyboard.press('ArrowDown');
    focused = await page.evaluate(() => document.activeElement?.closest('[data-index]')?.dataset.index);
    assert(Number(focused) > 1, `ArrowDown moves a row down (${focused})`);
    // Enter opens a folder; Backspace and Alt+Up go back up.
    await page.locator(`li.tile[data-id="${ARCHIVE}"] .entry-focus`).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`folder=${ARCHIVE}`));
    await page.locator('li.tile').first().waitFor({ timeout: 20000 });
    await page.keyboard.press('Backspace');
    await page.waitForURL(/folder=0&/);
    await page.goto(`${server.url}/spaces/${SPACE}?folder=${ARCHIVE}&view=grid`);
    await page.locator('li.tile').first().waitFor({ timeout: 20000 });
    const crumb = await page.locator('nav.breadcrumbs .crumb-current').innerText();
    assert(crumb.includes('历史照片归档') && !crumb.includes(ARCHIVE), `a deep link names its folder (from the entries' paths): ${crumb}`);
    await page.keyboard.press('Alt+ArrowUp');
    await page.waitForURL(/folder=0&/);

    // A folder the admin may not list: explained, with the requestid and a way back.
    await page.goto(`${server.url}/spaces/${SPACE}?folder=${RESTRICTED}`);
    const panel = page.locator('.listing-error .error-panel');
    await panel.waitFor({ timeout: 20000 });
    assert((await panel.innerText()).includes('你没有查看此文件夹的权限'), 'permissionDenied is explained');
    assert((await page.locator('.listing-error .request-id').innerText()).trim().length > 0, 'the requestid is shown');
    await page.locator('.ways-back a').last().click();
    await page.waitForURL(/folder=0&/);
    await allLoaded(page);

    // A folder that does not exist.
    await page.goto(`${server.url}/spaces/${SPACE}?folder=999999999`);
    await page.locator('.listing-error').waitFor({ timeout: 20000 });
    assert((await page.locator('.listing-error').innerText()).includes('不存在'), 'dentryNotExist is explained');

    // A space that is not in the organization: "not found" with a way back.
    await page.goto(`${server.url}/spaces/99999999999`);
    const missing = page.locator('.folder-not-found');
    await missing.waitFor({ timeout: 30000 });
    await missing.locator('a').click();
    await page.waitForURL((u) => u.pathname === '/');
  }],

  ['folder grid: expired thumbnails give way to the file-type icon; a fling defers thumbnails until it settles', async ({ page, server }) => {
    // Every other thumbnail link has expired (404).
    let asked = 0;
    await page.route('**/*.png*', (r) => ((asked++ % 2 === 0) ? r.fulfill({ status: 404, body: 'expired' }) : r.continue()));
    await demoLogin(page, server.url);
    // Logged in (the session cookie set) before the folder is opened on a fresh load.
    await page.locator('li.space-row').first().waitFor({ timeout: 30000 });
    await page.goto(`${server.url}/spaces/${SPACE}?folder=${ARCHIVE}&view=grid`);
    await page.locator('li.tile img').first().waitFor({ state: 'attached', timeout: 20000 });
    await page.waitForFunction(() => document.querySelectorAll('li.tile .file-icon[data-label]').length > 0, null, { timeout: 10000 });
    const state = () => page.evaluate(() => {
      const tiles = [...document.querySelectorAll('li.tile')];
      const icons = tiles.filter((t) => t.querySelector('.tile-media > .file-icon[data-label]'));
      return {
        icons: icons.length,
        labelled: icons.every((t) => /^[A-Z0-9?]{1,4}$/.test(t.querySelector('.file-icon').dataset.label) && getComputedStyle(t.querySelector('.file-icon img')).display === 'none'),
        shown: tiles.filter((t) => t.querySelector('.tile-thumb img')?.complete && t.querySelector('.tile-thumb img').naturalWidth > 0).length,
      };
    });
    await page.waitForTimeout(500);
    const s = await state();
    assert(s.icons > 0 && s.shown > 0 && s.labelled, `expired thumbnails became labelled icons, the others show: ${JSON.stringify(s)}`);

    // A fling: tiles passed by fetch nothing; the ones on screen when it settles fetch theirs.
    // Counted in the page (resource timing), so a late network event cannot skew it.
    await page.unroute('**/*.png*');
    const during = await page.evaluate(async () => {
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      performance.clearResourceTimings();
      performance.setResourceTimingBufferSize(10000);
      const seen = new Set();
      const t0 = performance.now();
      for (let i = 0; i < 40; i += 1) {
        window.scrollTo(0, window.scrollY + 400);
        await frame();
        for (const t of document.querySelectorAll('li.tile[data-id]')) seen.add(t.dataset.id);
      }
      const t1 = performance.now();
      window.__flingEnd = t1;
      const thumbs = performance.getEntriesByType('resource').filter((e) => /\.png/.test(e.name));
      const imgs = [...document.querySelectorAll('li.tile img')];
      return {
        fetched: thumbs.filter((e) => e.startTime >= t0 && e.startTime <= t1).length,
        waiting: imgs.filter((i) => i.dataset.src && !i.getAttribute('src')).length,
        seen: seen.size,
      };
    });
    assert(during.waiting > 0, `tiles made mid-fling keep their thumbnail aside: ${JSON.stringify(during)}`);
    // Only the first screens of the movement (before it counts as a fling) may fetch.
    assert(during.seen > 200 && during.fetched < during.seen / 3, `${during.fetched} thumbnails fetched while ${during.seen} tiles were flung past`);
    await page.waitForFunction(() => document.querySelectorAll('li.tile img[data-src]').length === 0, null, { timeout: 10000 }).catch(async () => {
      // Which tiles kept their thumbnail aside, and where the page was: for the failure report.
      const d = await page.evaluate(() => ({
        waiting: [...document.querySelectorAll('li.tile img[data-src]')].map((i) => i.closest('li')?.dataset.index),
        tiles: document.querySelectorAll('li.tile').length,
        scrollY: window.scrollY,
        msSinceFling: performance.now() - window.__flingEnd,
      }));
      throw new Error(`thumbnails still kept aside 10 s after the fling: ${JSON.stringify(d)}`);
    });
    const srcs = await page.locator('li.tile .tile-thumb img').evaluateAll((els) => els.map((e) => e.getAttribute('src')));
    assert(srcs.length > 0 && srcs.every((u) => /^https?:\/\//.test(u)), 'every tile on screen has its thumbnail once the fling settled');
    // A resource entry appears once its response has ended: wait for the first one.
    const fetchedAfter = () => performance.getEntriesByType('resource').filter((e) => /\.png/.test(e.name) && e.startTime > window.__flingEnd).length;
    const after = await page.waitForFunction(fetchedAfter, null, { timeout: 10000 }).then((h) => h.jsonValue(), () => 0);
    assert(after > 0, 'the thumbnails on screen were fetched after the fling settled');
  }],

  ['folder grid: pages still load as the end is scrolled into view when the IntersectionObserver reports nothing', async ({ context }) => {
    // The observer reports crossings only, and a busy page can lose one; the grid must not
    // depend on it. Here it never reports: every page after the first must come from scrolling.
    await context.addInitScript(() => {
      window.IntersectionObserver = class { observe() {} unobserve() {} disconnect() {} takeRecords() { return []; } };
    });
    const small = await startServer(['--demo-big-folder', '300']);
    try {
      const page = await context.newPage();
      await demoLogin(page, small.url);
      await page.locator('.load-done').waitFor({ timeout: 30000 });
      await page.goto(`${small.url}/spaces/${SPACE}?folder=${ARCHIVE}&view=grid`);
      await page.locator('li.tile').first().waitFor({ timeout: 20000 });
      const total = await allLoaded(page);
      assert(total === 300, `all 300 entries loaded by scrolling alone (${total})`);
    } finally {
      small.stop();
    }
  }],
  ['folder grid: a reload, back and forward within a minute spend no DingTalk call', async ({ page, server }) => {
    await demoLogin(page, server.url);
    await page.locator('li.space-row').first().waitFor({ timeout: 30000 });
    const root = `${server.url}/spaces/${SPACE}?folder=0&sort=NAME&order=ASC&view=list`;
    await page.goto(root);
    await page.locator('tr.entry-row').first().waitFor({ timeout: 20000 });
    await page.goto(`${server.url}/spaces/${SPACE}?folder=${ARCHIVE}&sort=NAME&order=ASC&view=list`);
    await page.locator('tr.entry-row').first().waitFor({ timeout: 20000 });
    const before = (await served(server)).listDentries;
    // The reload starts the app afresh, which asks the server again: the answers come from
    // the server's memory of the same user's same request.
    await page.goBack();
    await page.locator('tr.entry-row').first().waitFor({ timeout: 20000 });
    await page.goForward();
    await page.locator('tr.entry-row').first().waitFor({ timeout: 20000 });
    await page.reload();
    await page.locator('tr.entry-row').first().waitFor({ timeout: 20000 });
    const rows = await page.locator('tr.entry-row').count();
    assert(rows >= 20, `the folder shows its entries again (${rows})`);
    const after = (await served(server)).listDentries;
    assert(after === before, `back, forward and reload cost no DingTalk call (${before} -> ${after})`);
  }],
  ['folder grid: a non-admin\'s folder header costs one single-space call, not a listing of every space', async ({ browser }) => {
    const open = await startServer([], { ALLOW_NON_ADMINS: 'true' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      await page.goto(open.url);
      await page.locator('button.demo-login[data-code="demo-member"]').click();
      await page.locator('.load-done').waitFor({ timeout: 30000 });
      // A deep link on a fresh load: the header needs this space only.
      const start = await served(open);
      await page.goto(`${open.url}/spaces/${SPACE}?folder=0&view=list`);
      const name = page.locator('.folder-space-name');
      await page.waitForFunction((id) => {
        const h = document.querySelector('.folder-space-name');
        return h && h.textContent.trim() && h.textContent.trim() !== id && document.querySelector('.folder-header [role=progressbar]');
      }, SPACE, { timeout: 20000 });
      const shown = (await name.innerText()).trim();
      const end = await served(open);
      const spent = (api) => (end[api] || 0) - (start[api] || 0);
      assert(spent('getSpace') === 1, `one single-space call (${spent('getSpace')})`);
      assert(spent('listSpaces') === 0, `no listing of the org spaces (${spent('listSpaces')})`);
      const r = await page.evaluate(async (space) => (await fetch(`/v1.0/storage/spaces/${space}?unionId=me`)).json(), SPACE);
      assert(r.space && r.space.name === shown, `the header names the space as DingTalk does: ${shown}`);
      await assertAccessible(page, 'folder page of a non-admin');
      // A space that does not exist: "not found", from the single-space call's 404.
      await page.goto(`${open.url}/spaces/99999999999`);
      await page.locator('.folder-not-found').waitFor({ timeout: 20000 });
      await assertAccessible(page, 'missing space, non-admin');
    } finally {
      await context.close();
      open.stop();
    }
  }],
  ['folder grid: phone width, dark mode and the README screenshot', async ({ page, server }) => {
    await demoLogin(page, server.url);
    await page.locator('li.space-row').first().waitFor({ timeout: 30000 });
    await page.goto(`${server.url}/spaces/${SPACE}?folder=0&sort=NAME&order=ASC&view=grid`);
    await allLoaded(page);
    const top = async () => { await page.evaluate(() => window.scrollTo(0, 0)); await page.waitForTimeout(500); };
    await top(); // and let the thumbnails arrive
    await page.screenshot({ path: 'docs/screenshots/folder-grid-desktop.png' });
    await assertAccessible(page, 'folder grid, desktop');
    await page.setViewportSize({ width: 360, height: 780 });
    await top();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `no horizontal scroll at 360 px (overflow ${overflow}px)`);
    const columns = await page.evaluate(() => {
      const tops = [...document.querySelectorAll('li.tile')].slice(0, 6).map((t) => t.getBoundingClientRect().top);
      return tops.filter((t) => t === tops[0]).length;
    });
    assert(columns === 2, `two tile columns at 360 px, got ${columns}`);
    await page.screenshot({ path: 'docs/screenshots/folder-grid-phone.png' });
    await assertAccessible(page, 'folder grid, 360 px');
    await page.locator('button.view-list').click();
    await page.locator('tr.entry-row').first().waitFor({ timeout: 20000 });
    const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(pageOverflow <= 0, 'the table scrolls inside its box, not the page');
    await assertAccessible(page, 'folder list, 360 px');
    await page.setViewportSize({ width: 1280, height: 800 });
    await assertAccessible(page, 'folder list, desktop');
    await page.emulateMedia({ colorScheme: 'dark' });
    await assertAccessible(page, 'folder list, desktop, dark');
    await page.locator('button.view-grid').click();
    await page.locator('li.tile').first().waitFor({ timeout: 20000 });
    await top();
    await page.screenshot({ path: 'docs/screenshots/folder-grid-dark.png' });
    await assertAccessible(page, 'folder grid, desktop, dark');
  }],
];
