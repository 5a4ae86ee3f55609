// Inside DingTalk: the webview provides `dd`; here a stand-in is injected before the page
// loads, the way the DingTalk client does. The server runs in demo mode, so the codes the
// stand-in returns are the emulator's.
import { assert } from './harness.mjs';

/** Injects a `dd` whose requestAuthCode answers with `codes` in turn ('!' = reject). */
async function withDd(context, codes) {
  await context.addInitScript((list) => {
    window.__ddCalls = [];
    window.dd = {
      requestAuthCode: async ({ corpId, clientId }) => {
        window.__ddCalls.push({ corpId, clientId });
        const code = list[Math.min(window.__ddCalls.length - 1, list.length - 1)];
        if (code === '!') throw { errorCode: '7', errorMessage: '无权限 no permission' };
        return { code };
      },
    };
  }, codes);
}

const calls = (page) => page.evaluate(() => window.__ddCalls);

export const journeys = [
  ['jsapi: an admin opening it in DingTalk is logged in without a click', async ({ page, context, server }) => {
    await withDd(context, ['demo-admin']);
    await page.goto(server.url);
    await page.locator('.load-done').waitFor({ timeout: 20000 });
    const c = await calls(page);
    assert(c.length === 1, `one requestAuthCode, got ${c.length}`);
    assert(c[0].corpId === 'dingdemo0000corp' && c[0].clientId === 'demo-app-key', `corpId/clientId from /api/config: ${JSON.stringify(c[0])}`);
    assert(await page.locator('button.demo-login').count() === 0, 'no demo buttons inside DingTalk');
  }],
  ['jsapi: a non-admin is told only admins may enter', async ({ page, context, server }) => {
    await withDd(context, ['demo-member']);
    await page.goto(server.url);
    const panel = page.locator('.error-panel');
    await panel.waitFor({ timeout: 15000 });
    const text = await panel.innerText();
    assert(text.includes('管理员') && text.includes('login.notAdmin'), `explained: ${text}`);
    assert(await page.locator('li.space-row').count() === 0, 'nothing shown');
  }],
  ['jsapi: a failing requestAuthCode is explained, and retry works', async ({ page, context, server }) => {
    await withDd(context, ['!', 'demo-admin']);
    await page.goto(server.url);
    const panel = page.locator('.error-panel');
    await panel.waitFor({ timeout: 15000 });
    const text = await panel.innerText();
    assert(text.includes('钉钉免登失败') && text.includes('no permission'), `explained with DingTalk's message: ${text}`);
    await panel.locator('button').click();
    await page.locator('.load-done').waitFor({ timeout: 20000 });
    assert((await calls(page)).length === 2, 'retry asked DingTalk again');
  }],
  ['jsapi: a session that ends mid-use is renewed silently and the view kept', async ({ page, context, server }) => {
    await withDd(context, ['demo-admin']);
    await page.goto(`${server.url}/?sort=name&order=asc`);
    await page.locator('.load-done').waitFor({ timeout: 20000 });
    await context.clearCookies();
    // Opening a space needs the API: the first call finds no session.
    const first = page.locator('li.space-row').first();
    const id = await first.getAttribute('data-space-id');
    await first.locator('a.space-name').click();
    await page.waitForURL(new RegExp(`/spaces/${id}`));
    await page.locator('[data-id]').first().waitFor({ timeout: 20000 });
    assert((await calls(page)).length === 2, 'logged in again through the JSAPI');
    assert(await page.locator('.login-page').count() === 0, 'never sent to the login page');
    const cookies = await context.cookies();
    assert(cookies.some((c) => c.name === 'dqd_session' && c.httpOnly), 'a new HttpOnly session');
    await page.goBack();
    await page.waitForURL(/sort=name&order=asc/);
    await page.locator('li.space-row').first().waitFor();
  }],
];
