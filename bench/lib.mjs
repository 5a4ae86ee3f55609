// Shared pieces of `cargo xtask bench`: starting the servers, the browser, statistics, and
// recording result rows for xtask to print and write to target/bench/results.json.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-dev-shm-usage',
  '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'];

export const VIEWPORT = { width: 1280, height: 800 };

export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} must be set (cargo xtask bench sets it)`);
  return v;
}

/**
 * One result row. `goal` is '' (a figure only), 'ratio<=X', 'ratio>=X' (ratio = app /
 * reference) or 'app<=X'; xtask computes the ratio and whether the goal is met. `null`
 * values are printed as n/a. The row file is tab-separated, one row a line.
 */
export function record({ scenario, metric, app = null, reference = null, goal = '', note = '' }) {
  const cell = (v) => (v === null || v === undefined || Number.isNaN(v) ? '-' : String(v));
  const clean = (s) => String(s).replace(/[\t\n]+/g, ' ');
  const line = [scenario, metric, cell(app), cell(reference), goal, note].map(clean).join('\t');
  const file = process.env.BENCH_ROWS;
  if (file) appendFileSync(file, `${line}\n`);
  const ref = reference === null || reference === undefined ? '' : `  reference ${cell(reference)}`;
  console.log(`    = ${scenario} / ${metric}: app ${cell(app)}${ref}${note ? `  (${note})` : ''}`);
}

export function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Nearest-rank percentile. */
export function percentile(xs, p) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}

export const round = (x, digits = 1) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (closed again at once; the caller binds it right away). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a program that prints `... listening on http://ADDR` on stdout; resolves with
 * { url, stop, log } once it has. Every process started here is stopped by its own handle.
 */
export function startListening(bin, args, { env: extraEnv = {}, name = bin } = {}) {
  const child = spawn(bin, args, {
    env: { ...process.env, RUST_LOG: 'warn', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 30 s:\n${log}`)), 30000);
    child.stdout.on('data', (d) => {
      log += d;
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child, stop: () => stop(child), log: () => log });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited with ${code}:\n${log}`)); });
  });
}

const started = new Set();

export function stop(child) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  started.delete(child);
}

/** Stops whatever this process started and has not stopped yet (on error or exit). */
export function stopAll() {
  for (const c of [...started]) stop(c);
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopAll(); process.exit(130); });

let helpText = null;

/** Whether this dashboard-server build has a flag (older builds lack the login limit). */
export function serverHas(flag) {
  if (helpText === null) {
    helpText = spawnSync(env('SERVER_BIN'), ['--help'], { encoding: 'utf8' }).stdout || '';
  }
  return helpText.includes(flag);
}

/**
 * `dashboard-server --demo` on a free loopback port, serving the app embedded in the binary
 * (what a deployment serves). BENCH_SERVE_DIST=1 serves DIST_DIR from disk instead, to try a
 * build that is not embedded yet.
 */
export function startServer(extraArgs = [], extraEnv = {}) {
  const limit = serverHas('--login-attempts-per-minute') ? ['--login-attempts-per-minute', '100000'] : [];
  const dist = process.env.BENCH_SERVE_DIST === '1' ? ['--dist', env('DIST_DIR')] : [];
  // The demo's made-up history (180 days of every space) only where a scenario asks for it:
  // at 5,000 spaces it takes seconds to write at start-up.
  const history = extraArgs.includes('--demo-history-days') || !serverHas('--demo-history-days') ? [] : ['--demo-history-days', '0'];
  return startListening(env('SERVER_BIN'), ['--demo', '--listen', '127.0.0.1:0', ...limit, ...dist, ...history, ...extraArgs],
    { env: { ...benchStore(), ...extraEnv }, name: 'dashboard-server' });
}

/**
 * A store of its own for each server, and a monthly budget no scenario reaches (the budget is
 * tested in crates/dashboard-server/tests/gateway.rs). The pace stays DingTalk's 20 calls a
 * second, which the demo's emulator holds the server to, as DingTalk would.
 */
export function benchStore() {
  return {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-store-')),
    DINGTALK_MONTHLY_CALL_BUDGET: '1000000000',
  };
}

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A fresh context logged in as the demo admin: POST /api/login through the context's own
 * request client, so the session cookie is the context's and every page of it is logged in.
 */
export async function loggedInContext(browser, base) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  const r = await context.request.post(`${base}/api/login`, { data: { authCode: 'demo-admin' } });
  if (!r.ok()) {
    await context.close();
    throw new Error(`demo login failed: ${r.status()} ${await r.text()}`);
  }
  return context;
}

/** The path of a program, or null: PATH first, then the sbin directories (nginx lives there). */
export function which(program) {
  const r = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  for (const dir of ['/usr/sbin', '/sbin', '/usr/local/sbin']) {
    if (existsSync(`${dir}/${program}`)) return `${dir}/${program}`;
  }
  return null;
}
