// Inside DingTalk, on every client the official `dingtalk-jsapi` package supports. A DingTalk
// webview gives the page no `dd`: the page loads the package, which reads the client from the
// user agent and talks to that client's native bridge. Here each client's real user agent is
// set and only the native side is stood in for, as the client injects it before the page runs
// (lib/bridge/h5Ios.js, h5Android.js, h5Harmony.js, h5Pc.js of the package say what each
// bridge calls). Everything from the app's call down to the bridge is the package's own code.
// The server runs in demo mode, so the codes the stand-ins hand out are the emulator's.
import { assert, assertAccessible } from './harness.mjs';

const AUTH_API = 'runtime.permission.requestAuthCodeV2';
const CORP_ID = 'dingdemo0000corp';
const CLIENT_ID = 'demo-app-key';
/** The origin the PC client's container names in window.name (the package checks its suffix). */
const PC_HOST = 'https://h5.dingtalk.com';

export const CLIENTS = {
  ios: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) '
    + 'Mobile/15E148 AliApp(DingTalk/7.6.10) com.laiwang.DingTalk/36226578 Channel/201200 language/zh-Hans-CN UT4Aplus/0.0.6 WK',
  android: 'Mozilla/5.0 (Linux; U; Android 14; zh-CN; 23127PN0CC Build/UKQ1.230804.001) AppleWebKit/537.36 '
    + '(KHTML, like Gecko) Version/4.0 Chrome/100.0.4896.58 Mobile Safari/537.36 AliApp(DingTalk/7.6.10) '
    + 'com.alibaba.android.rimet/40228893 Channel/227200 language/zh-CN abi/64 UT4Aplus/0.2.25 colorScheme/light',
  harmony: 'Mozilla/5.0 (Phone; OpenHarmony 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 '
    + 'Safari/537.36 ArkWeb/4.1.6.1 Mobile AliApp(DingTalk/7.6.10) Channel/227200 language/zh-CN',
  windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 '
    + 'Safari/537.36 dingtalk-win/1.0.0 nw(0.14.7) DingTalk(7.6.10-Release.1201) Mojo/1.0.0 Native AppType(release) Channel/201200',
  macos: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) '
    + 'DingTalk(7.6.10-macOS-1201) nw Channel/201200',
};

/**
 * The native side of one client, installed before any of the page's scripts run. Answers
 * each native call with the next of `answers`: a code, or '!' for a refusal with an errorCode.
 * Every call is recorded in window.__nativeCalls as { api, params }.
 */
function nativeStandIn({ client, answers, pcHost }) {
  window.__nativeCalls = [];
  const next = (api, params) => {
    window.__nativeCalls.push({ api, params: JSON.parse(JSON.stringify(params || {})) });
    const a = answers[Math.min(window.__nativeCalls.length - 1, answers.length - 1)];
    return a === '!'
      ? { ok: false, error: { errorCode: '7', errorMessage: '无权限调用此接口 no permission for this API' } }
      : { ok: true, result: { code: a } };
  };
  const later = (f) => setTimeout(f, 20);
  if (client === 'ios') {
    // WKWebView's WebViewJavascriptBridge: callHandler(name, params, callback).
    window.WebViewJavascriptBridge = {
      init() {},
      registerHandler() {},
      callHandler(api, params, callback) {
        const r = next(api, params);
        later(() => callback(r.ok ? { errorCode: '0', errorMessage: '', result: r.result } : r.error));
      },
    };
  } else if (client === 'android') {
    // nuva's bridge function: (success, fail, service, action, params).
    window.nuva = {
      require() {
        return (success, fail, service, action, params) => {
          const r = next(`${service}.${action}`, params);
          later(() => (r.ok ? success(r.result) : fail(r.error)));
        };
      },
    };
  } else if (client === 'harmony') {
    // ArkWeb's DingTalkJSBridge: call(name, params, callback({ success, body })).
    window.DingTalkJSBridge = {
      init() {},
      call(api, params, callback) {
        const r = next(api, params);
        later(() => callback({ success: r.ok, body: r.ok ? r.result : r.error }));
      },
    };
  } else {
    // The PC client names the page's container in window.name and carries requests and
    // answers as window messages from and to its own origin.
    window.name = JSON.stringify({ hostOrigin: pcHost, containerId: 'e2e-container', hostVersion: '7.6.10', language: 'zh_CN' });
    window.dingtalk = { platform: { invokeAPI() {} } };
    const post = window.postMessage.bind(window);
    window.postMessage = (message, targetOrigin, ...rest) => {
      if (targetOrigin !== pcHost || !message || message.type !== 'request') return post(message, targetOrigin, ...rest);
      const r = next(message.methodName, message.body);
      later(() => window.dispatchEvent(new MessageEvent('message', {
        origin: pcHost,
        data: { type: 'response', msgId: message.msgId, success: r.ok, body: r.ok ? r.result : r.error },
      })));
      return undefined;
    };
  }
}

/** A fresh context with the client's user agent and its native bridge. */
export async function dingTalkPage(browser, client, answers) {
  const context = await browser.newContext({
    userAgent: CLIENTS[client],
    viewport: client === 'windows' || client === 'macos' ? { width: 1280, height: 800 } : { width: 390, height: 844 },
    locale: 'zh-CN',
  });
  await context.addInitScript(nativeStandIn, { client, answers, pcHost: PC_HOST });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

const nativeCalls = (page) => page.evaluate(() => window.__nativeCalls);

function assertAuthCall(call, client) {
  assert(call.api === AUTH_API, `${client}: the native call is ${AUTH_API}, got ${call.api}`);
  assert(call.params.corpId === CORP_ID && call.params.clientId === CLIENT_ID,
    `${client}: the org's corpId and the app's clientId from /api/config: ${JSON.stringify(call.params)}`);
}

function loginJourney(client) {
  return [`jsapi (${client}): the admin is in without a click, through the package's ${client} bridge`, async ({ browser, server }) => {
    const { context, page, errors } = await dingTalkPage(browser, client, ['demo-admin']);
    try {
      await page.goto(server.url);
      await page.locator('.load-done').waitFor({ timeout: 20000 });
      const calls = await nativeCalls(page);
      assert(calls.length === 1, `${client}: one native auth-code call, got ${JSON.stringify(calls)}`);
      assertAuthCall(calls[0], client);
      assert(await page.evaluate(() => typeof window.dd) === 'undefined', `${client}: no dd global was needed`);
      assert(await page.locator('button.demo-login').count() === 0, `${client}: no demo button inside DingTalk`);
      assert(await page.locator('.login-page').count() === 0, `${client}: no login page`);
      assert(errors.length === 0, `${client}: no page error: ${errors.join(' | ')}`);
    } finally {
      await context.close();
    }
  }];
}

function failureJourney(client) {
  return [`jsapi (${client}): a native refusal is explained, and retry logs in`, async ({ browser, server }) => {
    const { context, page } = await dingTalkPage(browser, client, ['!', 'demo-admin']);
    try {
      await page.goto(server.url);
      const panel = page.locator('.error-panel');
      await panel.waitFor({ timeout: 15000 });
      const text = await panel.innerText();
      assert(text.includes('钉钉免登失败') && text.includes('no permission') && text.includes('(7)'),
        `${client}: explained with DingTalk's message and errorCode: ${text}`);
      assert(await page.locator('button.demo-login').count() === 0, `${client}: no demo button after a failure`);
      if (client === 'ios') await assertAccessible(page, 'the DingTalk login failure panel, phone');
      await panel.locator('button').click();
      await page.locator('.load-done').waitFor({ timeout: 20000 });
      const calls = await nativeCalls(page);
      assert(calls.length === 2, `${client}: the retry asked the client again, calls: ${calls.length}`);
      calls.forEach((c) => assertAuthCall(c, client));
    } finally {
      await context.close();
    }
  }];
}

const jsapiRequests = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/jsapi/')));

export const journeys = [
  ...Object.keys(CLIENTS).map(loginJourney),
  ...Object.keys(CLIENTS).map(failureJourney),
  ['jsapi: outside DingTalk the package is not downloaded and the demo logins show', async ({ page, server }) => {
    await page.goto(server.url);
    await page.locator('button.demo-login').first().waitFor({ timeout: 15000 });
    await assertAccessible(page, 'demo login page');
    assert((await jsapiRequests(page)).length === 0, `no JSAPI download: ${await jsapiRequests(page)}`);
  }],
  ['jsapi: after a logout inside DingTalk, the way back in is DingTalk\'s login, not the demo\'s', async ({ browser, server }) => {
    const { context, page } = await dingTalkPage(browser, 'windows', ['demo-admin']);
    try {
      await page.goto(server.url);
      await page.locator('.load-done').waitFor({ timeout: 20000 });
      await page.getByRole('button', { name: '退出登录' }).click();
      const again = page.locator('button.dingtalk-login');
      await again.waitFor({ timeout: 15000 });
      assert(await page.locator('button.demo-login').count() === 0, 'no demo button after a logout inside DingTalk');
      await assertAccessible(page, 'the login page inside DingTalk after a logout');
      await again.click();
      await page.locator('.load-done').waitFor({ timeout: 20000 });
      const calls = await nativeCalls(page);
      assert(calls.length === 2, `logged in again through the client, native calls: ${calls.length}`);
      assertAuthCall(calls[1], 'windows');
    } finally {
      await context.close();
    }
  }],
  ['jsapi: a non-admin is told only admins may enter', async ({ browser, server }) => {
    const { context, page } = await dingTalkPage(browser, 'android', ['demo-member']);
    try {
      await page.goto(server.url);
      const panel = page.locator('.error-panel');
      await panel.waitFor({ timeout: 15000 });
      const text = await panel.innerText();
      assert(text.includes('管理员') && text.includes('login.notAdmin'), `explained: ${text}`);
      assert(await page.locator('li.space-row').count() === 0, 'nothing shown');
      assert((await jsapiRequests(page)).length === 1, 'the package was downloaded once');
    } finally {
      await context.close();
    }
  }],
  ['jsapi: a session that ends mid-use is renewed silently and the view kept', async ({ browser, server }) => {
    const { context, page } = await dingTalkPage(browser, 'ios', ['demo-admin']);
    try {
      await page.goto(`${server.url}/?sort=name&order=asc`);
      await page.locator('.load-done').waitFor({ timeout: 20000 });
      await context.clearCookies();
      // Opening a space needs the API: the first call finds no session.
      const first = page.locator('li.space-row').first();
      const id = await first.getAttribute('data-space-id');
      await first.locator('a.space-name').click();
      await page.waitForURL(new RegExp(`/spaces/${id}`));
      await page.locator('[data-id]').first().waitFor({ timeout: 20000 });
      const calls = await nativeCalls(page);
      assert(calls.length === 2, `logged in again through the JSAPI, native calls: ${calls.length}`);
      assertAuthCall(calls[1], 'ios');
      assert(await page.locator('.login-page').count() === 0, 'never sent to the login page');
      const cookies = await context.cookies();
      assert(cookies.some((c) => /dqd_session$/.test(c.name) && c.httpOnly), 'a new HttpOnly session');
      await page.goBack();
      await page.waitForURL(/sort=name&order=asc/);
      await page.locator('li.space-row').first().waitFor();
    } finally {
      await context.close();
    }
  }],
];
