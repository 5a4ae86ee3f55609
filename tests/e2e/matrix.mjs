// The fault-matrix runner shared by the quota review and the folder grid: for each row, inject
// one fault into the emulator's control endpoint, open the screen, let the row's check say
// what the admin saw, and print the whole matrix with a result per row.
import { assert, demoLogin, startServer } from './harness.mjs';

async function inject(server, path, fault) {
  const r = await fetch(`${server.emulator}/_emulator/faults`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path, latencyMs: 1500, ...fault }),
  });
  assert(r.status === 204, `fault accepted (${r.status})`);
}

async function clear(server) {
  await fetch(`${server.emulator}/_emulator/faults`, { method: 'DELETE' });
}

/**
 * Runs `rows` ([name, fault, check(page, ctx) -> what the admin saw]) against a demo server
 * started with `args`. Faults apply to API paths starting with `path`; `open(page, server)`
 * shows the screen; `prepare(page)` returns the context given to each check; at most
 * `maxRequests(ctx)` requests to `countPath` (default `path`) may be made per row (no
 * endless loop).
 */
export async function runMatrix(browser, { title, args = [], path, countPath = path, open, prepare, maxRequests, rows }) {
  const server = await startServer(args);
  const results = [];
  try {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await demoLogin(page, server.url);
    await page.locator('.load-done').waitFor({ timeout: 30000 });
    const ctx = await prepare(page);
    for (const [name, fault, check] of rows) {
      await clear(server);
      await inject(server, path, fault);
      let requests = 0;
      const count = (r) => { if (new URL(r.url()).pathname.startsWith(countPath)) requests += 1; };
      page.on('request', count);
      await open(page, server);
      try {
        const saw = await check(page, ctx);
        assert(requests <= maxRequests(ctx), `bounded requests (${requests})`);
        // A counted fault must have fired every time: a row cannot pass on a fault that
        // never reached the app.
        if (fault.times) {
          const pending = await (await fetch(`${server.emulator}/_emulator/faults`)).json();
          assert(pending.length === 0, `the fault fired ${fault.times} time(s) (left: ${JSON.stringify(pending)})`);
        }
        results.push([name, 'ok', saw]);
      } catch (e) {
        results.push([name, 'FAIL', e.message]);
      } finally {
        page.off('request', count);
      }
    }
    await clear(server);
    assert(errors.length === 0, `no page errors: ${errors.join(' | ')}`);
    await context.close();
  } finally {
    server.stop();
    console.log(`\n  fault matrix (${title}):`);
    for (const [name, result, saw] of results) console.log(`    ${result.padEnd(4)}  ${name.padEnd(26)} ${saw}`);
  }
  const failed = results.filter((r) => r[1] !== 'ok');
  assert(failed.length === 0, `${failed.length} fault rows failed`);
}

/** The first line of an error panel's text that says what went wrong (after its title). */
export function explanation(text) {
  return text.split('\n').filter((l) => l.trim())[1] || text;
}
