// The thin slice: log in with the demo codes, see every org space.
import { assert, assertAccessible, demoLogin } from './harness.mjs';

/** DingTalk calls the emulator has answered, all APIs together. */
async function emulatorCalls(server) {
  const r = await (await fetch(`${server.emulator}/_emulator/calls`)).json();
  return Object.values(r.served).reduce((a, b) => a + b, 0);
}

export const journeys = [
  ['demo admin logs in and sees every org space', async ({ page, server }) => {
    await demoLogin(page, server.url, 'demo-admin');
    await page.locator('.load-done').waitFor({ timeout: 20000 });
    const rows = await page.locator('li.space-row').count();
    assert(rows >= 120, `at least 120 spaces rendered, got ${rows}`);
    const ids = await page.locator('li.space-row').evaluateAll((els) => els.map((e) => e.dataset.spaceId));
    assert(new Set(ids).size === ids.length, 'each space once');
    const done = await page.locator('.load-done').innerText();
    assert(done.includes(String(rows)), `the count "${done}" matches the ${rows} rows`);
    const bar = page.locator('li.space-row [role=progressbar]').first();
    assert((await bar.getAttribute('aria-valuemax')) === '100', 'bars are accessible progress bars');
    // The month's DingTalk calls, as the server reported them with the pages (the harness's
    // budget is 1,000,000; journeys before this one share the server and its count).
    const used = async () => {
      const text = await page.locator('.call-usage').innerText();
      const m = /本月钉钉调用\s*([0-9,]+) \/ 1,000,000/.exec(text);
      assert(m, `the top bar shows the month's calls against the budget: ${text}`);
      return Number(m[1].replaceAll(',', ''));
    };
    const before = await used();
    assert(before >= 3, `at least the first listing's 3 pages are counted: ${before}`);
    // The review came from the snapshot the server took: it says as of when, and as whom.
    const asOf = await page.locator('.snapshot-as-of').innerText();
    assert(/数据截至 .+王芳/.test(asOf), `the review says "as of" and whose listing: ${asOf}`);
    // Reload keeps the session (HttpOnly cookie), no login page, and opens from the snapshot
    // with no DingTalk call at all (the emulator's own count).
    const served = await emulatorCalls(server);
    await page.reload();
    await page.locator('.load-done').waitFor({ timeout: 20000 });
    assert(await page.locator('li.space-row').count() === rows, 'the same spaces after the reload');
    assert(await emulatorCalls(server) === served, 'the reload cost no DingTalk call');
    assert(await used() === before, 'and the month\'s count did not move');
    await assertAccessible(page, 'the review from a snapshot');

    // A refresh says its cost before it starts (3 pages of 120 spaces and the organization's
    // storage), shows its progress, and brings a new snapshot.
    const button = page.locator('button.refresh-button');
    assert(/约 4 次钉钉调用/.test(await button.innerText()), `the refresh names its cost: ${await button.innerText()}`);
    const firstId = await page.locator('.snapshot-bar').getAttribute('data-snapshot-id');
    // Slow pages keep the refresh running long enough to see its progress.
    await fetch(`${server.emulator}/_emulator/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/v1.0/drive/spaces', kind: 'latency', latencyMs: 800, times: 3 }),
    });
    await button.click();
    await page.locator('.refresh-progress').waitFor({ timeout: 10000 });
    // Read further down the list while it refreshes: the new snapshot replaces the rows in
    // one step, so the list never empties and the admin stays where they were.
    await page.evaluate(() => {
      window.scrollTo(0, 1500);
      window.dqdEmptied = false;
      new MutationObserver(() => {
        if (!document.querySelector('li.space-row')) window.dqdEmptied = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    const scrolled = await page.evaluate(() => window.scrollY);
    // Each page shows as it arrives (the server writes the progress page by page).
    await page.waitForFunction(() => /正在刷新：已读取 [12] 页（共约 3 页）/.test(document.querySelector('.refresh-progress')?.textContent || ''), null, { timeout: 10000 });
    await assertAccessible(page, 'the review while a refresh runs');
    await page.waitForFunction((id) => {
      const bar = document.querySelector('.snapshot-bar');
      return bar && bar.dataset.state === 'idle' && bar.dataset.snapshotId !== id;
    }, firstId, { timeout: 20000 });
    await page.locator('.load-done').waitFor({ timeout: 20000 });
    assert(await page.locator('li.space-row').count() === rows, 'the new snapshot shows every space');
    assert(!(await page.evaluate(() => window.dqdEmptied)), 'the list never emptied while the new snapshot came in');
    const after = await page.evaluate(() => window.scrollY);
    assert(scrolled > 1000 && Math.abs(after - scrolled) < 5, `the scroll position is kept (${scrolled} -> ${after})`);
    assert(await emulatorCalls(server) === served + 4, 'the refresh cost its 3 pages and the organization\'s storage');
  }],
  ['a non-admin is refused with an explanation', async ({ page, server }) => {
    await demoLogin(page, server.url, 'demo-member');
    const alert = page.locator('.error-panel');
    await alert.waitFor({ timeout: 10000 });
    const text = await alert.innerText();
    assert(text.includes('管理员'), `explains that only admins may enter: ${text}`);
    await assertAccessible(page, 'login page with the non-admin refusal');
    assert(await page.locator('li.space-row').count() === 0, 'no spaces shown');
  }],
  ['the API refuses calls without a session', async ({ page, server }) => {
    const resp = await page.request.get(`${server.url}/v1.0/drive/spaces?spaceType=org&maxResults=50&unionId=x`);
    assert(resp.status() === 401, `401 without a session, got ${resp.status()}`);
    const body = await resp.json();
    assert(body.code === 'session.missing', `code session.missing, got ${body.code}`);
  }],
];
