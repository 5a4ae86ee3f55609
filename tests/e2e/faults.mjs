// The fault matrix: DingTalk misbehaving in each way it is known to, and what the admin sees.
// Each row injects a fault into the emulator, opens the quota review, and checks for either a
// recovery (every space shown exactly once) or a clear message with a retry that recovers.
import { assert, assertAccessible } from './harness.mjs';
import { explanation, runMatrix } from './matrix.mjs';

const SPACES = '/v1.0/drive/spaces';

async function allOnce(page, total) {
  await page.locator('.load-done').waitFor({ timeout: 30000 });
  const ids = await page.locator('li.space-row').evaluateAll((els) => els.map((e) => e.dataset.spaceId));
  assert(ids.length === total, `all ${total} spaces shown, got ${ids.length}`);
  assert(new Set(ids).size === ids.length, 'none shown twice');
}

async function messageThenRetry(page, total, expectText) {
  const panel = page.locator('.error-panel');
  await panel.waitFor({ timeout: 30000 });
  const text = await panel.innerText();
  assert(expectText.some((t) => text.includes(t)), `a clear message (${expectText.join(' | ')}): ${text}`);
  await assertAccessible(page, `error panel: ${explanation(text)}`);
  await panel.locator('button').click();
  await allOnce(page, total);
  return `${explanation(text)}; retry recovered`;
}

/** [name, fault, check(page, total) -> what the admin saw]. */
const rows = [
  ['latency 1.5 s', { kind: 'latency', times: 1 }, async (p, n) => { await allOnce(p, n); return 'loads, slower'; }],
  ['429 system.busy x2', { kind: 'busy429', times: 2 }, async (p, n) => { await allOnce(p, n); return 'server retried, recovered'; }],
  ['403 QpsLimitForApi x2', { kind: 'qps-limit403', times: 2 }, async (p, n) => { await allOnce(p, n); return 'server retried, recovered'; }],
  ['503 serviceBusy x2', { kind: 'service-busy503', times: 2 }, async (p, n) => { await allOnce(p, n); return 'server retried, recovered'; }],
  // Past the server's three attempts the admin decides whether to spend more calls.
  ['429 system.busy x5', { kind: 'busy429', times: 5 }, (p, n) => messageThenRetry(p, n, ['调用过于频繁'])],
  ['500 systemError', { kind: 'system-error500', times: 1 }, (p, n) => messageThenRetry(p, n, ['钉钉服务出错'])],
  ['HTML ban page', { kind: 'html-ban', times: 1 }, (p, n) => messageThenRetry(p, n, ['无法识别的响应'])],
  ['truncated JSON', { kind: 'truncated-json', times: 1 }, (p, n) => messageThenRetry(p, n, ['无法解析'])],
  // A connection closed before any answer: the server sends the GET once more (upstream.rs).
  ['connection reset', { kind: 'connection-reset', times: 1 }, async (p, n) => { await allOnce(p, n); return 'server sent again, recovered'; }],
  ['connection reset x2', { kind: 'connection-reset', times: 2 }, (p, n) => messageThenRetry(p, n, ['无法连接钉钉'])],
  ['expired app token', { kind: 'expired-token', times: 1 }, async (p, n) => { await allOnce(p, n); return 'server refreshed the token, recovered'; }],
  ['same item on two pages', { kind: 'duplicate-item', times: 3 }, async (p, n) => { await allOnce(p, n); return 'each space once'; }],
  // The first page carries no token to repeat; the second repeats the first's.
  ['nextToken repeats', { kind: 'repeat-token', times: 2 }, async (p) => {
    const panel = p.locator('.error-panel');
    await panel.waitFor({ timeout: 30000 });
    const text = await panel.innerText();
    assert(text.includes('重复返回了同一页'), `explained: ${text}`);
    const ids = await p.locator('li.space-row').evaluateAll((els) => els.map((e) => e.dataset.spaceId));
    assert(ids.length > 0 && new Set(ids).size === ids.length, 'what loaded is kept, once each');
    return `stopped, ${ids.length} kept, explained`;
  }],
  ['unknown enum values', { kind: 'unknown-enums' }, async (p, n) => { await allOnce(p, n); return 'shown'; }],
  ['missing optional fields', { kind: 'missing-fields' }, async (p, n) => {
    await allOnce(p, n);
    assert(await p.locator('li.space-row.state-unknown').count() === n, 'every space says its usage is unknown');
    return 'shown as unknown';
  }],
  ['sizes near 2^63', { kind: 'huge-numbers' }, async (p, n) => {
    await allOnce(p, n);
    const used = await p.locator('.summary-used').innerText();
    assert(/EB/.test(used), `huge totals formatted (${used})`);
    return `shown (${used})`;
  }],
];

export const journeys = [
  ['fault matrix: the quota review survives every DingTalk failure', ({ browser }) => runMatrix(browser, {
    title: 'quota review',
    path: SPACES,
    open: (page, server) => page.goto(server.url),
    prepare: (page) => page.locator('li.space-row').count(),
    // Every page tried at most three times, plus a reload.
    maxRequests: (total) => 3 * Math.ceil(total / 50) + 10,
    rows,
  })],
];
