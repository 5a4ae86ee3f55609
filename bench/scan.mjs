// A scan of a space of 100,000 entries (the demo's first space with its big folder that
// large): its throughput as a share of DingTalk's ceiling on listAll (20 calls a second, 50
// entries a call) against the emulator holding the server to that ceiling, with no call
// refused for pace; the roll-up of its entries on the server; and in the browser, the treemap
// drawn after its data arrives, and the space's page responsive while a scan runs.
import { loggedInContext, record, round, sleep, startServer } from './lib.mjs';

const ENTRIES = 100000;
const CEILING = 20 * 50; // entries a second: calls a second × entries a call

/** The demo's emulator, which the server prints on start. */
function emulatorUrl(server) {
  const m = /DingTalk emulator at (http:\/\/[0-9.:]+)/.exec(server.log());
  if (!m) throw new Error('the demo server did not say where its emulator is');
  return m[1];
}

async function login(base) {
  const r = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ authCode: 'demo-admin' }),
  });
  if (!r.ok) throw new Error(`demo login failed: ${r.status} ${await r.text()}`);
  return r.headers.get('set-cookie').split(';')[0];
}

async function api(base, cookie, path, body) {
  const r = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

/**
 * While a scan runs: the space's page open, its long tasks (main-thread work over 50 ms) and
 * the worst delay of a click's handler over `seconds`.
 */
async function responsiveness(browser, base, space, seconds) {
  const context = await loggedInContext(browser, base);
  try {
    const page = await context.newPage();
    await page.bringToFront();
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${base}/spaces/${space}`, { waitUntil: 'load' });
    await page.waitForSelector('.scan-progress', { timeout: 30000 });
    await page.evaluate(() => { window.__longTasks = []; });
    // Each second, how long a frame takes to come after a task is queued.
    const delays = [];
    for (let i = 0; i < seconds; i += 1) {
      delays.push(await page.evaluate(() => new Promise((resolve) => {
        const t = performance.now();
        requestAnimationFrame(() => resolve(performance.now() - t));
      })));
      await sleep(1000);
    }
    const tasks = await page.evaluate(() => window.__longTasks);
    return { longest: Math.max(0, ...tasks), tasks: tasks.length, frame: Math.max(...delays) };
  } finally {
    await context.close();
  }
}

/**
 * The treemap drawn: from the tree answer's last byte to its cells in the DOM and laid out
 * (ms). A MutationObserver notes the moment the first cell is added, forcing the layout there.
 */
async function treemapDrawn(browser, base, space) {
  const context = await loggedInContext(browser, base);
  try {
    const page = await context.newPage();
    await page.bringToFront();
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const cells = document.querySelectorAll('.treemap .map-cell');
        if (cells.length === 0) return;
        void document.documentElement.offsetHeight;
        window.__mapDrawn = { at: performance.now(), cells: cells.length };
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${base}/spaces/${space}`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__mapDrawn, null, { polling: 100, timeout: 60000 });
    return await page.evaluate(() => {
      const tree = performance.getEntriesByType('resource').filter((e) => e.name.includes('/tree'));
      if (tree.length === 0) throw new Error('the page drew a treemap without asking for its level');
      return { ms: window.__mapDrawn.at - tree[0].responseEnd, cells: window.__mapDrawn.cells };
    });
  } finally {
    await context.close();
  }
}

export async function benchScan(browser) {
  console.log(`\n--> scan of a space of ${ENTRIES.toLocaleString('en')} entries: throughput against DingTalk's ceiling (${CEILING} entries/s), the roll-up, the treemap`);
  const server = await startServer(['--demo-spaces', '2', '--demo-big-folder', String(ENTRIES)]);
  try {
    const emulator = emulatorUrl(server);
    const cookie = await login(server.url);
    // The review's first snapshot gives the space's used size to the estimate.
    let review = await api(server.url, cookie, '/api/review');
    for (let i = 0; i < 200 && review.spaces.length === 0; i += 1) {
      await sleep(100);
      review = await api(server.url, cookie, '/api/review');
    }
    const space = review.spaces[0].spaceId;
    const before = await (await fetch(`${emulator}/_emulator/calls`)).json();
    const estimate = (await api(server.url, cookie, `/api/scans/${space}`)).estimate;
    const started = performance.now();
    await api(server.url, cookie, `/api/scans/${space}`, { confirm: true });
    let page = null;
    if (browser) page = responsiveness(browser, server.url, space, 15);
    let status;
    for (;;) {
      status = await api(server.url, cookie, `/api/scans/${space}`);
      if (status.scan && status.scan.state !== 'running') break;
      await sleep(250);
    }
    const ended = performance.now();
    const scan = status.scan;
    if (scan.state !== 'complete') throw new Error(`the scan ended ${scan.state}: ${JSON.stringify(scan.error)}`);
    const after = await (await fetch(`${emulator}/_emulator/calls`)).json();
    const throttled = after.throttled - before.throttled;
    const walkMs = ended - started - (scan.rollupMs || 0);
    const rate = scan.entries / (walkMs / 1000);
    const note = `${scan.entries} entries in ${scan.calls} calls, ${(walkMs / 1000).toFixed(1)} s; estimate ${estimate.calls} calls; ${throttled} refused for pace`;
    console.log(`    ${note}; ${rate.toFixed(0)} entries/s`);
    if (throttled > 0) throw new Error(`${throttled} calls refused for pace during the scan`);
    record({
      scenario: `scan ${ENTRIES}`,
      metric: 'walk: entries a second vs DingTalk\'s ceiling (20 calls/s × 50)',
      app: round(rate, 0),
      reference: CEILING,
      goal: 'ratio>=0.9',
      note,
    });
    record({
      scenario: `scan ${ENTRIES}`,
      metric: 'roll-up of every entry on the server (ms) vs 1 s',
      app: scan.rollupMs,
      reference: 1000,
      goal: 'ratio<=1',
      note: `${scan.entries} entries: folder totals, breakdowns, largest files, duplicates`,
    });
    if (page) {
      const r = await page;
      console.log(`    page during the scan: longest task ${r.longest.toFixed(0)} ms (${r.tasks} over 50 ms), slowest frame ${r.frame.toFixed(0)} ms`);
      record({
        scenario: `scan ${ENTRIES}`,
        metric: 'space page while the scan runs: slowest frame (ms) vs 100 ms',
        app: round(r.frame, 1),
        reference: 100,
        goal: 'ratio<=1',
        note: `15 s of the scan's progress; longest task ${r.longest.toFixed(0)} ms`,
      });
      const drawn = await treemapDrawn(browser, server.url, space);
      console.log(`    treemap: ${drawn.cells} cells drawn ${drawn.ms.toFixed(1)} ms after its data`);
      record({
        scenario: `scan ${ENTRIES}`,
        metric: 'treemap drawn after its data arrives (ms) vs 100 ms',
        app: round(drawn.ms, 1),
        reference: 100,
        goal: 'ratio<=1',
        note: `${drawn.cells} cells of the space's root`,
      });
    }
  } finally {
    server.stop();
  }
}
