// Accessibility of the states the other journeys pass through too quickly to check: the
// review while it loads, after a refresh failed, with the thresholds open, with a filter nothing matches, and in
// English. Every other screen and state is checked where its journey shows it (review and
// folder screenshots, error panels of both fault matrices, the login page, DingTalk login).
import { assertAccessible, demoLogin } from './harness.mjs';

async function fault(server, body) {
  await fetch(`${server.emulator}/_emulator/faults`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
}

export const journeys = [
  ['accessibility: the review loading, with thresholds open, with no match, in English', async ({ page, server }) => {
    await demoLogin(page, server.url);
    await page.locator('.load-done').waitFor({ timeout: 20000 });
    // Loading: the snapshot's answer held back, so the skeleton is on screen.
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route('**/api/review', async (route) => { await held; await route.continue(); });
    await page.reload();
    await page.locator('ul.space-list.skeleton').waitFor({ timeout: 10000 });
    await assertAccessible(page, 'quota review, loading');
    release();
    await page.locator('.load-done').waitFor({ timeout: 20000 });
    await page.unroute('**/api/review');
    // A refresh that failed: the last snapshot stays, with the reason and a retry.
    await fault(server, { path: '/v1.0/drive/spaces', kind: 'system-error500', times: 1 });
    await page.locator('button.refresh-button').click();
    await page.locator('.refresh-failed .error-panel').waitFor({ timeout: 20000 });
    await assertAccessible(page, 'quota review, a refresh failed');
    await page.locator('details.thresholds summary').click();
    await assertAccessible(page, 'quota review, thresholds open');
    await page.locator('input.name-filter').fill('没有这个名字的空间');
    await page.locator('.no-match').waitFor();
    await assertAccessible(page, 'quota review, no space matches the filter');
    await page.locator('button.lang-switch').click();
    await page.locator('html[lang="en"]').waitFor();
    await assertAccessible(page, 'quota review, English');
    await page.emulateMedia({ colorScheme: 'dark' });
    await assertAccessible(page, 'quota review, English, dark');
  }],
];
