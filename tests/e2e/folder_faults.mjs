// The fault matrix of the folder grid: DingTalk misbehaving on the dentries call in each way
// it is known to, and what the admin sees. The demo's big folder is cut to 90 entries (two
// pages of 50, all rendered), so paging faults land and every entry can be counted. Each row
// ends in a recovery (every entry shown exactly once) or a clear message whose retry recovers.
import { assert, assertAccessible } from './harness.mjs';
import { explanation, runMatrix } from './matrix.mjs';

const DENTRIES = '/v1.0/storage/spaces/';
const SPACE = '28000000001';
const FOLDER = '1000000001';
const ENTRIES = 90;
const URL_PATH = `/spaces/${SPACE}?folder=${FOLDER}&sort=NAME&order=ASC&view=list`;

const rowIds = (page) => page.locator('tr.entry-row').evaluateAll((els) => els.map((e) => e.dataset.id));

/** Scrolls until the footer says all are loaded, then checks every entry is there once. */
async function allOnce(page) {
  await page.waitForFunction(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    const s = document.querySelector('.folder-count');
    return s && /全部加载|All .* loaded/.test(s.textContent);
  }, null, { timeout: 30000 });
  const ids = await rowIds(page);
  assert(ids.length === ENTRIES, `all ${ENTRIES} entries shown, got ${ids.length}`);
  assert(new Set(ids).size === ids.length, 'none shown twice');
}

async function messageThenRetry(page, expectText) {
  const panel = page.locator('.error-panel');
  await panel.waitFor({ timeout: 30000 });
  const text = await panel.innerText();
  assert(expectText.some((t) => text.includes(t)), `a clear message (${expectText.join(' | ')}): ${text}`);
  await assertAccessible(page, `error panel: ${explanation(text)}`);
  await panel.locator('button').first().click();
  await allOnce(page);
  return `${explanation(text)}; retry recovered`;
}

/** [name, fault, check(page) -> what the admin saw]. */
const rows = [
  ['latency 1.5 s', { kind: 'latency', times: 1 }, async (p) => { await allOnce(p); return 'loads, slower'; }],
  ['429 system.busy x2', { kind: 'busy429', times: 2 }, async (p) => { await allOnce(p); return 'server retried, recovered'; }],
  ['403 QpsLimitForApi x2', { kind: 'qps-limit403', times: 2 }, async (p) => { await allOnce(p); return 'server retried, recovered'; }],
  ['503 serviceBusy x2', { kind: 'service-busy503', times: 2 }, async (p) => { await allOnce(p); return 'server retried, recovered'; }],
  // Past the server's three attempts the admin decides whether to spend more calls.
  ['429 system.busy x5', { kind: 'busy429', times: 5 }, (p) => messageThenRetry(p, ['调用过于频繁'])],
  ['500 systemError', { kind: 'system-error500', times: 1 }, (p) => messageThenRetry(p, ['钉钉服务出错'])],
  ['HTML ban page', { kind: 'html-ban', times: 1 }, (p) => messageThenRetry(p, ['无法识别的响应'])],
  ['truncated JSON', { kind: 'truncated-json', times: 1 }, (p) => messageThenRetry(p, ['无法解析'])],
  // A connection closed before any answer: the server sends the GET once more (upstream.rs).
  ['connection reset', { kind: 'connection-reset', times: 1 }, async (p) => { await allOnce(p); return 'server sent again, recovered'; }],
  ['connection reset x2', { kind: 'connection-reset', times: 2 }, (p) => messageThenRetry(p, ['无法连接钉钉'])],
  ['expired app token', { kind: 'expired-token', times: 1 }, async (p) => { await allOnce(p); return 'server refreshed the token, recovered'; }],
  ['same item on two pages', { kind: 'duplicate-item', times: 2 }, async (p) => { await allOnce(p); return 'each entry once'; }],
  // The first page carries no token to repeat; the second repeats the first's.
  ['nextToken repeats', { kind: 'repeat-token', times: 2 }, async (p) => {
    // The second page is asked for as the end of the first comes into view.
    await p.waitForFunction(() => {
      window.scrollTo(0, document.documentElement.scrollHeight);
      return document.querySelector('.error-panel');
    }, null, { timeout: 30000 });
    const panel = p.locator('.error-panel');
    const text = await panel.innerText();
    assert(text.includes('重复返回了同一页'), `explained: ${text}`);
    const ids = await rowIds(p);
    assert(ids.length > 0 && new Set(ids).size === ids.length, 'what loaded is kept, once each');
    // Retry starts the folder again (following the repeated token would loop).
    await panel.locator('button').first().click();
    await allOnce(p);
    return `stopped with ${ids.length} kept, explained; retry reloaded all`;
  }],
  ['unknown enum values', { kind: 'unknown-enums' }, async (p) => {
    await allOnce(p);
    const text = await p.locator('table.entry-table').innerText();
    assert(text.includes('SHORTCUT_V2') && text.includes('ARCHIVED'), 'unknown type and status shown verbatim');
    return 'shown as unknown, verbatim';
  }],
  ['missing optional fields', { kind: 'missing-fields' }, async (p) => { await allOnce(p); return 'shown with blanks'; }],
  ['sizes near 2^63', { kind: 'huge-numbers' }, async (p) => {
    await allOnce(p);
    const sizes = await p.locator('td.col-size').allInnerTexts();
    assert(sizes.some((s) => /EB/.test(s)), `huge sizes formatted (${sizes.slice(0, 3).join(', ')})`);
    return `shown (${sizes.find((s) => /EB/.test(s))})`;
  }],
];

export const journeys = [
  ['fault matrix: the folder grid survives every DingTalk failure', ({ browser }) => runMatrix(browser, {
    title: 'folder grid',
    // Every row opens the same folder and must reach DingTalk: the server's memory of the
    // same request is off here (it is checked in its own journey and the server's tests).
    args: ['--demo-big-folder', String(ENTRIES), '--live-memory-seconds', '0'],
    path: DENTRIES,
    open: (page, server) => page.goto(`${server.url}${URL_PATH}`),
    prepare: async () => null,
    // Two pages, each tried at most three times, plus a reload.
    maxRequests: () => 12,
    rows,
  })],
];
