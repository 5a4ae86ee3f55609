// A small end-to-end harness: starts dashboard-server in demo mode on a free port, runs each
// journey in a fresh browser context, screenshots failures into target/e2e/.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** The longest a journey may take (the 10,000-entry sweeps take under a minute). */
const JOURNEY_LIMIT_MS = 300000;
/** The rules the dashboard is held to: WCAG 2.1 levels A and AA. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-dev-shm-usage',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts `dashboard-server --demo` on 127.0.0.1:0 and resolves with its base URL. */
export function startServer(extraArgs = [], env = {}) {
  const bin = process.env.SERVER_BIN;
  const dist = process.env.DIST_DIR;
  if (!bin || !dist) throw new Error('SERVER_BIN and DIST_DIR must be set (cargo xtask test sets them)');
  // Every journey logs in from 127.0.0.1: lift the per-client login limit (tested on its own).
  const limit = extraArgs.includes('--login-attempts-per-minute') ? [] : ['--login-attempts-per-minute', '10000'];
  // The app is the copy embedded in the binary: what a deployment serves. By hand,
  // E2E_SERVE_DIST=1 serves DIST_DIR instead, to try a new app build without rebuilding the server.
  const serveDist = process.env.E2E_SERVE_DIST ? ['--dist', dist] : [];
  // Each server keeps its store in a directory of its own, with a budget no journey reaches
  // (the budget itself is tested in crates/dashboard-server/tests/gateway.rs).
  const store = { DATA_DIR: mkdtempSync(join(tmpdir(), 'e2e-store-')), DINGTALK_MONTHLY_CALL_BUDGET: '1000000' };
  const child = spawn(bin, ['--demo', '--listen', '127.0.0.1:0', ...limit, ...serveDist, ...extraArgs], {
    env: { ...process.env, RUST_LOG: 'warn', ...store, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s:\n${log}`)), 20000);
    child.stdout.on('data', (d) => {
      log += d;
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(log);
      const emu = /emulator at (http:\/\/[0-9.:]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], emulator: emu && emu[1], stop: () => child.kill('SIGTERM'), log: () => log });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
  });
}

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

/** Runs journeys `[name, async (ctx) => {}]`; ctx = { page, context, server, browser }. */
export async function runJourneys(journeys, { viewport = { width: 1280, height: 800 } } = {}) {
  mkdirSync('target/e2e', { recursive: true });
  const server = await startServer();
  const browser = await launch();
  let failed = 0;
  try {
    for (const [name, journey] of journeys) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN' });
      const page = await context.newPage();
      // The page in front, as an admin's would be: Chromium may hold back animation frames
      // (which the views schedule their scroll work on) for a page it deems in the background.
      await page.bringToFront();
      // Playwright polls a waitForFunction on animation frames by default, and a headless
      // page Chromium deems hidden paints none: poll on a timer so a wait sees its condition.
      const waitForFunction = page.waitForFunction.bind(page);
      page.waitForFunction = (fn, arg, options = {}) => waitForFunction(fn, arg, { polling: 100, ...options });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      const started = Date.now();
      try {
        // A journey that waits on something that never comes fails with its screenshot
        // instead of holding the whole run.
        let timer;
        const limit = new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no end after ${JOURNEY_LIMIT_MS / 1000} s`)), JOURNEY_LIMIT_MS);
        });
        try {
          await Promise.race([journey({ page, context, server, browser, errors }), limit]);
        } finally {
          clearTimeout(timer);
        }
        const panics = errors.filter((e) => /panicked|unreachable|RuntimeError/.test(e));
        assert(panics.length === 0, `no wasm panic: ${panics.join('\n')}`);
        console.log(`  ok    ${name} (${Date.now() - started} ms)`);
      } catch (e) {
        failed += 1;
        const shot = `target/e2e/${name.replace(/[^a-z0-9]+/gi, '-')}.png`;
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        const at = (e.stack || '').split('\n').filter((l) => l.includes('tests/e2e/') && !l.includes('harness.mjs')).map((l) => `\n        ${l.trim()}`).join('');
        console.log(`  FAIL  ${name}: ${e.message}${at}\n        screenshot: ${shot}\n        browser errors: ${errors.join(' | ') || 'none'}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.stop();
  }
  return failed;
}

/** Logs in with a demo code from the login page. */
export async function demoLogin(page, url, code = 'demo-admin') {
  await page.goto(url);
  await page.locator(`button.demo-login[data-code="${code}"]`).click();
}

/**
 * Runs axe-core on the page as it is now and fails with every violation (rule, impact, the
 * elements and axe's summary) unless there is none. `what` names the screen and state.
 * Evaluated through the driver, so the page's Content-Security-Policy stays as deployed.
 */
export async function assertAccessible(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE);
  }
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
      count: v.nodes.length,
    }));
  }, AXE_TAGS);
  const text = violations.map((v) => `${v.id} (${v.impact}, ${v.count} elements)\n          ${v.nodes.join('\n          ')}`).join('\n        ');
  assert(violations.length === 0, `axe-core, ${what}: ${violations.length} violation(s)\n        ${text}`);
}
