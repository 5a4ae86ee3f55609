// The fault matrix: DingTalk misbehaving in each way it is known to, and what the admin sees.
// The review opens from the server's snapshot; each row injects a fault into the emulator,
// asks for a refresh, and checks for either a recovery (a new snapshot, every space shown
// exactly once) or a clear message with a retry that recovers, while the last complete
// snapshot stays on screen: a failed or partial listing never replaces it.
import { assert, assertAccessible } from './harness.mjs';
import { explanation, runMatrix } from './matrix.mjs';

const SPACES = '/v1.0/drive/spaces';

const snapshotId = (page) => page.locator('.snapshot-bar').getAttribute('data-snapshot-id');

/** Asks for a refresh; returns the snapshot id shown before it. */
async function refresh(page) {
  await page.locator('.load-done').waitFor({ timeout: 30000 });
  const before = await snapshotId(page);
  await page.locator('button.refresh-button').click();
  return before;
}

/** Waits for a snapshot other than `before`, then checks that every space is shown once. */
async function allOnce(page, total, before) {
  await page.waitForFunction((id) => {
    const bar = document.querySelector('.snapshot-bar');
    return bar && bar.dataset.state === 'idle' && bar.dataset.snapshotId !== id;
  }, before, { timeout: 30000 });
  await page.locator('.load-done').waitFor({ timeout: 30000 });
  const ids = await page.locator('li.space-row').evaluateAll((els) => els.map((e) => e.dataset.spaceId));
  assert(ids.length === total, `all ${total} spaces shown, got ${ids.length}`);
  assert(new Set(ids).size === ids.length, 'none shown twice');
}

/** The refresh failed: explained, the previous snapshot still whole on screen. */
async function failedKeepingSnapshot(page, total, before, expectText) {
  const panel = page.locator('.refresh-failed .error-panel');
  await panel.waitFor({ timeout: 30000 });
  const text = await panel.innerText();
  assert(expectText.some((t) => text.includes(t)), `a clear message (${expectText.join(' | ')}): ${text}`);
  assert(await snapshotId(page) === before, 'the last complete snapshot stays');
  const ids = await page.locator('li.space-row').evaluateAll((els) => els.map((e) => e.dataset.spaceId));
  assert(ids.length === total && new Set(ids).size === total, `the last snapshot's ${total} spaces stay, once each (${ids.length})`);
  return { panel, text };
}

async function messageThenRetry(page, total, before, expectText) {
  const { panel, text } = await failedKeepingSnapshot(page, total, before, expectText);
  await assertAccessible(page, `refresh failed: ${explanation(text)}`);
  await panel.locator('button').click();
  await allOnce(page, total, before);
  return `${explanation(text)}; retry recovered`;
}

const recovered = (saw) => async (p, n) => { await allOnce(p, n, await p.evaluate(() => window.dqdBefore)); return saw; };

/** [name, fault, check(page, total) -> what the admin saw]. */
const rows = [
  ['latency 1.5 s', { kind: 'latency', times: 1 }, recovered('loads, slower')],
  ['429 system.busy x2', { kind: 'busy429', times: 2 }, recovered('server retried, recovered')],
  ['403 QpsLimitForApi x2', { kind: 'qps-limit403', times: 2 }, recovered('server retried, recovered')],
  ['503 serviceBusy x2', { kind: 'service-busy503', times: 2 }, recovered('server retried, recovered')],
  // Past the server's three attempts the admin decides whether to spend more calls.
  ['429 system.busy x5', { kind: 'busy429', times: 5 }, async (p, n) => messageThenRetry(p, n, await p.evaluate(() => window.dqdBefore), ['调用过于频繁'])],
  ['500 systemError', { kind: 'system-error500', times: 1 }, async (p, n) => messageThenRetry(p, n, await p.evaluate(() => window.dqdBefore), ['钉钉服务出错'])],
  ['HTML ban page', { kind: 'html-ban', times: 1 }, async (p, n) => messageThenRetry(p, n, await p.evaluate(() => window.dqdBefore), ['无法识别的响应'])],
  ['truncated JSON', { kind: 'truncated-json', times: 1 }, async (p, n) => messageThenRetry(p, n, await p.evaluate(() => window.dqdBefore), ['无法解析'])],
  // A connection closed before any answer: the server sends the GET once more (upstream.rs).
  ['connection reset', { kind: 'connection-reset', times: 1 }, recovered('server sent again, recovered')],
  ['connection reset x2', { kind: 'connection-reset', times: 2 }, async (p, n) => messageThenRetry(p, n, await p.evaluate(() => window.dqdBefore), ['无法连接钉钉'])],
  ['expired app token', { kind: 'expired-token', times: 1 }, recovered('server refreshed the token, recovered')],
  ['same item on two pages', { kind: 'duplicate-item', times: 3 }, recovered('each space once')],
  // The first page carries no token to repeat; the second repeats the first's.
  ['nextToken repeats', { kind: 'repeat-token', times: 2 }, async (p, n) => {
    const { text } = await failedKeepingSnapshot(p, n, await p.evaluate(() => window.dqdBefore), ['重复返回了同一页']);
    return `stopped, the partial listing not kept (${n} of the last snapshot shown), ${explanation(text)}`;
  }],
  ['unknown enum values', { kind: 'unknown-enums' }, recovered('shown')],
  ['missing optional fields', { kind: 'missing-fields' }, async (p, n) => {
    await allOnce(p, n, await p.evaluate(() => window.dqdBefore));
    assert(await p.locator('li.space-row.state-unknown').count() === n, 'every space says its usage is unknown');
    return 'shown as unknown';
  }],
  ['sizes near 2^63', { kind: 'huge-numbers' }, async (p, n) => {
    await allOnce(p, n, await p.evaluate(() => window.dqdBefore));
    const used = await p.locator('.summary-used').innerText();
    assert(/EB/.test(used), `huge totals formatted (${used})`);
    return `shown (${used})`;
  }],
];

export const journeys = [
  ['fault matrix: the quota review survives every DingTalk failure', ({ browser }) => runMatrix(browser, {
    title: 'quota review',
    path: SPACES,
    // The browser asks the server only: its snapshot, the refresh, and the refresh's progress.
    countPath: '/api/review',
    open: async (page, server) => {
      await page.goto(server.url);
      const before = await refresh(page);
      await page.evaluate((id) => { window.dqdBefore = id; }, before);
    },
    prepare: (page) => page.locator('li.space-row').count(),
    // One snapshot, one refresh, a retry, and the progress asked for about twice a second
    // during at most 30 s.
    maxRequests: () => 120,
    rows,
  })],
];
