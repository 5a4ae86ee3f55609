// The thin slice: log in with the demo codes, see every org space.
import { assert, assertAccessible, demoLogin } from './harness.mjs';

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
    assert(before >= 3, `at least the review's 3 pages are counted: ${before}`);
    // Reload keeps the session (HttpOnly cookie), no login page; its 3 pages are 3 more calls.
    await page.reload();
    await page.locator('.load-done').waitFor({ timeout: 20000 });
    await page.waitForFunction((n) => document.querySelector('.call-usage')?.innerText.includes(`${n} /`), (before + 3).toLocaleString('en'));
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
