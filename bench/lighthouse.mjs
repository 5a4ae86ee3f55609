// `cargo xtask bench --only lighthouse`: the first open on a phone. Lighthouse 12 (npm, its
// default mobile preset: a mid-range phone on slow 4G with a 4x slower CPU, simulated) on the
// quota review, the folder grid and the plain-JS reference of the review, logged in, several
// runs each, alternating; medians are recorded.
//
// The reference is served by a second `dashboard-server --demo` whose app directory (--dist)
// holds bench/reference/ and the app's stylesheet: Lighthouse launches its own Chrome, so the
// Playwright interception the other scenarios use is not available, and this way the reference
// is sent by the same server code (same compression, same headers, same API on the same
// origin) as the app.
//
// Environment: SERVER_BIN, DIST_DIR, BENCH_ROWS (xtask sets them); BENCH_LH_RUNS (runs per
// page, default 3); BENCH_LH_OUT (directory for the reports, default target/bench/lighthouse);
// BENCH_LH_PAGES (by hand, for a quicker A/B: a comma list of review, folder, reference).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchStore, env, median, record, round, serverHas, startListening } from './lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const LIGHTHOUSE = join(ROOT, 'node_modules/.bin/lighthouse');
const RUNS = Number(process.env.BENCH_LH_RUNS || 3);
const OUT = process.env.BENCH_LH_OUT || join(ROOT, 'target/bench/lighthouse');
// The space the emulator always has; its root folder in grid view (the default view) is what
// an admin sees on opening a space from the review.
const FOLDER_URL = '/spaces/28000000001';

// TOOLCHAIN.md's flags: headless, and none of Chromium's own background connections (this
// machine has no internet; refused connections would only add noise to the trace).
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-dev-shm-usage',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts `dashboard-server --demo`, serving `dist` (the embedded app when null). */
function server(dist) {
  const limit = serverHas('--login-attempts-per-minute') ? ['--login-attempts-per-minute', '100000'] : [];
  const own = dist ?? (process.env.BENCH_SERVE_DIST === '1' ? env('DIST_DIR') : null);
  const args = ['--demo', '--listen', '127.0.0.1:0', ...limit, ...(own ? ['--dist', own] : [])];
  return startListening(env('SERVER_BIN'), args, { env: benchStore(), name: 'dashboard-server' });
}

/** The reference's three files in a directory of its own: index.html, app.js, the app's CSS. */
function referenceDir() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-reference-'));
  copyFileSync(join(HERE, 'reference/index.html'), join(dir, 'index.html'));
  copyFileSync(join(HERE, 'reference/app.js'), join(dir, 'app.js'));
  const dist = env('DIST_DIR');
  const css = readdirSync(dist).find((f) => f.endsWith('.css'));
  copyFileSync(css ? join(dist, css) : join(ROOT, 'style/main.css'), join(dir, 'main.css'));
  return dir;
}

/** Logs in as the demo admin (as loggedInContext does) and returns the `Cookie` header value. */
async function sessionCookie(base) {
  const r = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ authCode: 'demo-admin' }),
  });
  if (!r.ok) throw new Error(`demo login failed: ${r.status} ${await r.text()}`);
  const cookies = r.headers.getSetCookie().map((c) => c.split(';')[0]).filter(Boolean);
  if (cookies.length === 0) throw new Error('demo login set no cookie');
  return cookies.join('; ');
}

function runLighthouse(url, headersFile, outFile) {
  const args = [url, '--only-categories=performance,accessibility', '--output=json', `--output-path=${outFile}`,
    '--quiet', `--chrome-flags=${CHROME_FLAGS.join(' ')}`, `--extra-headers=${headersFile}`];
  return new Promise((resolve, reject) => {
    const child = spawn(LIGHTHOUSE, args, {
      env: { ...process.env, CHROME_PATH: process.env.CHROMIUM || '/usr/bin/chromium' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`lighthouse exited with ${code} on ${url}: ${err.slice(-600)}`));
      try {
        resolve(JSON.parse(readFileSync(outFile, 'utf8')));
      } catch (e) {
        reject(new Error(`no Lighthouse report for ${url}: ${e.message}`));
      }
    });
  });
}

/** The figures of one report (null where Lighthouse could not compute one). */
function figures(lhr) {
  const a = (id) => lhr.audits[id]?.numericValue ?? null;
  const score = (id) => (lhr.categories[id]?.score === null || lhr.categories[id]?.score === undefined
    ? null : Math.round(lhr.categories[id].score * 100));
  const opportunities = Object.values(lhr.audits)
    .filter((x) => x.details?.type === 'opportunity' && (x.details.overallSavingsMs > 0 || x.details.overallSavingsBytes > 0))
    .map((x) => `${x.id} (${Math.round(x.details.overallSavingsMs || 0)} ms, ${Math.round((x.details.overallSavingsBytes || 0) / 1024)} KiB)`);
  const failedA11y = (lhr.categories.accessibility?.auditRefs || [])
    .filter((r) => r.weight > 0 && lhr.audits[r.id]?.score === 0)
    .map((r) => r.id);
  return {
    fcp: a('first-contentful-paint'),
    lcp: a('largest-contentful-paint'),
    tbt: a('total-blocking-time'),
    cls: a('cumulative-layout-shift'),
    si: a('speed-index'),
    performance: score('performance'),
    accessibility: score('accessibility'),
    bytes: a('total-byte-weight'),
    opportunities,
    failedA11y,
    warnings: lhr.runWarnings || [],
  };
}

const METRICS = [
  // key, metric label, goal, digits
  ['lcp', 'LCP (ms)', 'ratio<=1.2', 0],
  ['tbt', 'TBT (ms)', 'app<=50', 0],
  ['cls', 'CLS', 'app<=0.02', 3],
  ['performance', 'performance score', 'app>=95', 0],
  ['accessibility', 'accessibility score', 'app==100', 0],
  ['bytes', 'bytes transferred', '', 0],
  ['fcp', 'FCP (ms)', '', 0],
];

export async function benchLighthouse() {
  console.log(`\n--> Lighthouse, mobile preset, logged in: quota review, folder grid, plain-JS reference (${RUNS} runs each, alternating)`);
  if (!existsSync(LIGHTHOUSE)) throw new Error(`${LIGHTHOUSE} is missing: run \`cargo xtask setup\` (npm ci installs lighthouse from package-lock.json)`);
  mkdirSync(OUT, { recursive: true });
  const refDir = referenceDir();
  const app = await server(null);
  const ref = await server(refDir);
  const work = mkdtempSync(join(tmpdir(), 'bench-lighthouse-'));
  try {
    const headers = {};
    for (const [name, s] of [['app', app], ['reference', ref]]) {
      headers[name] = join(work, `${name}-headers.json`);
      writeFileSync(headers[name], JSON.stringify({ Cookie: await sessionCookie(s.url) }));
    }
    const wanted = new Set((process.env.BENCH_LH_PAGES || 'review,folder,reference').split(',').map((s) => s.trim()));
    const pages = [
      { name: 'review', url: `${app.url}/`, headers: headers.app },
      { name: 'folder', url: `${app.url}${FOLDER_URL}`, headers: headers.app },
      { name: 'reference', url: `${ref.url}/`, headers: headers.reference },
    ].filter((p) => wanted.has(p.name));
    const results = Object.fromEntries(pages.map((p) => [p.name, []]));
    for (let i = 0; i < RUNS; i += 1) {
      for (const p of pages) {
        const lhr = await runLighthouse(p.url, p.headers, join(OUT, `${p.name}-${i + 1}.json`));
        const f = figures(lhr);
        results[p.name].push(f);
        console.log(`    ${p.name} run ${i + 1}: LCP ${round(f.lcp, 0)} ms, FCP ${round(f.fcp, 0)} ms, TBT ${round(f.tbt, 0)} ms, CLS ${round(f.cls, 3)}, `
          + `performance ${f.performance}, accessibility ${f.accessibility}, ${f.bytes} bytes`);
        if (i === 0) {
          if (f.opportunities.length) console.log(`      opportunities: ${f.opportunities.join(', ')}`);
          if (f.failedA11y.length) console.log(`      accessibility audits failed: ${f.failedA11y.join(', ')}`);
          for (const w of f.warnings) console.log(`      warning: ${w}`);
        }
      }
    }
    const med = (name, key) => median(results[name].map((f) => f[key]));
    for (const [scenario, name] of [['lighthouse review', 'review'], ['lighthouse folder', 'folder']].filter(([, n]) => wanted.has(n))) {
      for (const [key, label, goal, digits] of METRICS) {
        // Every run's figure, so the spread is in the table's notes.
        const runs = results[name].map((f) => round(f[key], digits)).join(', ');
        const refRuns = results.reference.map((f) => round(f[key], digits)).join(', ');
        const note = `runs ${runs}; reference ${refRuns}`
          + (key === 'lcp' && name === 'folder' ? '; reference: the plain-JS review (there is no plain-JS folder)' : '');
        record({
          scenario,
          metric: label,
          app: round(med(name, key), digits),
          reference: round(med('reference', key), digits),
          goal,
          note,
        });
      }
    }
  } finally {
    app.stop();
    ref.stop();
    rmSync(refDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}
