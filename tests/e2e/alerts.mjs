// Alerts: an admin subscribes on the alerts page (in English), a space of the demo fills past
// the warning threshold, the next snapshot is judged, and exactly one work notification
// reaches the admin at the emulator, in English, its button opening that space; the log and
// the demo inbox say so. axe-core on each state, at desktop width and at 360 px in dark mode.
import { assert, assertAccessible, demoLogin } from './harness.mjs';

const ADMIN_USERID = 'manager4512';

const api = (page, path, init) => page.evaluate(async ([p, i]) => {
  const r = await fetch(p, i);
  return { status: r.status, body: await r.json().catch(() => null) };
}, [path, init]);

async function received(server) {
  const r = await fetch(`${server.emulator}/_emulator/messages?userid=${ADMIN_USERID}`);
  return (await r.json()).messages;
}

async function setUsed(server, space, bytes) {
  const r = await fetch(`${server.emulator}/_emulator/spaces/${space}/used`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ usedQuota: bytes }),
  });
  assert(r.status === 204, `the emulator takes the space's new use (${r.status})`);
}

/** Polls `fn` (async) every 200 ms until it returns something truthy, within `ms`. */
async function eventually(fn, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`waited ${ms / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const journeys = [
  ['alerts: subscribe in English, a space crosses the warning threshold, exactly one message with its link arrives, the log and the demo inbox show it', async ({ page, server }) => {
    await demoLogin(page, server.url);
    await page.locator('.load-done').waitFor({ timeout: 30000 });
    // The spaces as they are have been judged (with the snapshot the review opened).
    await eventually(async () => (await api(page, '/api/alerts')).body?.judgedAt, 20000, 'the first judgement');
    const before = (await received(server)).length;

    // The page, from the top bar.
    await page.locator('a.top-link[href="/alerts"]').click();
    await page.waitForURL(/\/alerts$/);
    await page.locator('.alerts-subscriptions').waitFor();
    await assertAccessible(page, 'alerts page, nothing subscribed');
    await page.locator('.lang-switch').click();
    await page.locator('.alerts-save').filter({ hasText: /save/i }).waitFor();

    // Subscribe to the warning threshold.
    await page.locator('input[name=rule][value=warning]').check();
    await page.locator('.alerts-save').click();
    await eventually(async () => {
      const { body } = await api(page, '/api/alerts');
      return body.subscribed.length === 1 && body.subscribed[0] === 'warning' && body.lang === 'en';
    }, 10000, 'the subscription to be saved, in English');
    await page.locator('.alerts-subscriptions .save-status').filter({ hasText: /\S/ }).waitFor({ timeout: 10000 });
    await assertAccessible(page, 'alerts page, subscribed');

    // A space with room fills to 85% of its quota; a refresh takes the snapshot that shows it.
    const { body: review } = await api(page, '/api/review');
    const roomy = review.spaces.find((s) => s.quota > 1 << 20 && s.usedQuota * 2 < s.quota);
    assert(roomy, 'a space under half full');
    const original = roomy.usedQuota;
    await setUsed(server, roomy.spaceId, Math.floor(roomy.quota * 0.85));
    const refreshed = await api(page, '/api/review/refresh', { method: 'POST' });
    assert(refreshed.status < 300, `the refresh starts (${refreshed.status})`);

    // Exactly one message reaches the admin, in English, opening the space.
    const got = await eventually(async () => {
      const all = await received(server);
      return all.length > before && all;
    }, 30000, 'the message at the emulator');
    await new Promise((r) => setTimeout(r, 6000));
    const after = await received(server);
    assert(after.length === before + 1, `exactly one message (${after.length - before})`);
    const message = got[got.length - 1];
    assert(message.delivered, 'delivered');
    const card = message.msg.action_card;
    assert(card, `an action card: ${JSON.stringify(message.msg)}`);
    assert(card.single_url === `${server.url}/spaces/${roomy.spaceId}`, `it opens the space: ${card.single_url}`);
    assert(card.single_title === 'Open the space', `its button speaks English: ${card.single_title}`);
    assert(/over the warning threshold of 80%/.test(card.markdown), `it says what crossed: ${card.markdown}`);

    // The log: one row naming the admin, the space as a link, DingTalk's result.
    await page.reload();
    const row = page.locator('table.alerts-log tbody tr').first();
    await row.waitFor({ timeout: 15000 });
    assert(await page.locator('table.alerts-log tbody tr').count() === 1, 'one message in the log');
    assert((await row.innerText()).includes('王芳'), 'to the admin');
    const link = row.locator(`a[href="/spaces/${roomy.spaceId}"]`);
    assert(await link.count() === 1, 'the space is a link to its page');
    // Its result is looked up a few seconds after the send.
    await eventually(async () => {
      const { body } = await api(page, '/api/alerts');
      return body.log[0]?.delivery === 'unread' && body.log[0].calls === 2;
    }, 20000, 'the result of the send');
    await page.reload();
    await page.locator('table.alerts-log tbody tr').first().waitFor({ timeout: 15000 });
    assert(/not read/i.test(await page.locator('table.alerts-log tbody tr').first().innerText()), 'the result in words');

    // The demo inbox: what the admin received.
    const inbox = page.locator('.alerts-demo .demo-message');
    await inbox.first().waitFor({ timeout: 15000 });
    assert((await inbox.first().innerText()).includes(roomy.spaceName.slice(0, 10)), 'the inbox names the space');
    await assertAccessible(page, 'alerts page with its log and demo inbox');
    // The whole page, the sticky top bar let scroll away.
    await page.evaluate(() => { document.querySelector('header.top-bar').style.position = 'static'; });
    await page.locator('.alerts-page').screenshot({ path: 'docs/screenshots/alerts-desktop.png' });
    await page.evaluate(() => { document.querySelector('header.top-bar').style.position = ''; });

    await page.setViewportSize({ width: 360, height: 780 });
    await page.emulateMedia({ colorScheme: 'dark' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `no horizontal scroll at 360 px (${overflow} px)`);
    await assertAccessible(page, 'alerts page at 360 px, dark');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'docs/screenshots/alerts-phone.png' });

    // Leave the demo as it was for anything after: unsubscribed, the space's use restored.
    await page.locator('input[name=rule][value=warning]').uncheck();
    await page.locator('.alerts-save').click();
    await eventually(async () => (await api(page, '/api/alerts')).body.subscribed.length === 0, 10000, 'the unsubscription');
    await setUsed(server, roomy.spaceId, original);
  }],
];
