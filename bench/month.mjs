// DingTalk calls in a model month. 1,000 org spaces; three admins each open the quota review
// every working day (22 in June 2026's 30 days, at 09:00, 11:00 and 15:00 China time), browse
// 10 folder pages, go back one and reload it; the daily collection runs at 02:00 every day.
//
// The real server binary lives the month in minutes: it runs under libfaketime, whose clock
// file this script rewrites before each visit (the server's wall clock jumps; its timers keep
// real time), with a new process each model day (a day clears the 60 s memory of answers;
// the store, a SQLite file, carries over). DingTalk is the standalone emulator, not under the
// fake clock, which counts every metered call it serves.
//
// Three ways through the same month, each against an emulator of its own:
// - the product as deployed (every default: snapshots fresh for 60 minutes, the daily
//   collection, 60 s memory of live answers);
// - the product with snapshots fresh for a day (SNAPSHOT_FRESH_MINUTES=1440): the review
//   costs nothing between daily collections;
// - every view asking DingTalk: the live path the server keeps for members
//   (ALLOW_NON_ADMINS), with the memory off: each opening of the review lists every space,
//   each folder view and reload asks again, and a reloaded folder page names its space with
//   the one-space call.
import { mkdtempSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, record, sleep, startListening } from './lib.mjs';

const SPACES = 1000;
const ORG_MONTHLY_CALLS = 5000;
const FOLDER_PAGES = 10;
/** China time (UTC+8) hours of the admins' visits on a working day. */
const VISITS = [9, 11, 15];
/** June 2026: 30 days, the 1st a Monday, 22 working days. */
const YEAR = 2026;
const MONTH = 6;
const DAYS = 30;

const LIBFAKETIME = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/faketime/libfaketime.so.1']
  .find((p) => existsSync(p));

/** Milliseconds since 1970 of `hour`:`minute` China time on day `day` of the model month. */
const chinaTime = (day, hour, minute = 0) => Date.UTC(YEAR, MONTH - 1, day, hour - 8, minute);

/** `@YYYY-MM-DD HH:MM:SS` (UTC) as libfaketime reads it. */
const fakeStamp = (ms) => `@${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)}`;

const isWorkingDay = (day) => {
  const weekday = new Date(Date.UTC(YEAR, MONTH - 1, day)).getUTCDay();
  return weekday >= 1 && weekday <= 5;
};

/** A client with one session cookie. */
class Client {
  constructor(base) { this.base = base; this.cookie = ''; }

  async login(code) {
    const r = await fetch(`${this.base}/api/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ authCode: code }),
    });
    const set = (r.headers.getSetCookie() || []).map((c) => c.split(';')[0]).find((c) => c.includes('session='));
    if (!r.ok || !set) throw new Error(`login as ${code} failed: ${r.status} ${await r.text()}`);
    this.cookie = set;
  }

  async json(path, init = {}) {
    const r = await fetch(`${this.base}${path}`, { ...init, headers: { cookie: this.cookie, ...(init.headers || {}) } });
    const body = await r.json().catch(() => null);
    if (!r.ok) throw new Error(`${init.method || 'GET'} ${path}: ${r.status} ${JSON.stringify(body)}`);
    return body;
  }
}

/** The first page of a space's root folder, as the folder grid asks for it. */
const folderPage = (spaceId) => `/v1.0/storage/spaces/${spaceId}/dentries?unionId=me&parentId=0&maxResults=50&orderBy=NAME&order=ASC&withThumbnail=true`;

/** Waits until the server's refresh has ended (what the app's progress follows). */
async function settled(client, what) {
  for (let i = 0; i < 300; i += 1) {
    const s = await client.json('/api/review/status');
    if (!s.refresh || s.refresh.state !== 'running') return s;
    await sleep(100);
  }
  throw new Error(`${what}: the refresh did not end in 30 s`);
}

/** An admin's visit through the product: the review (and the refresh it may start), ten
 * folder pages of spaces from it, back one, reload. */
async function productVisit(client, pick) {
  let review = await client.json('/api/review');
  if (review.status.refresh && review.status.refresh.state === 'running') {
    await settled(client, 'the review opening');
    review = await client.json('/api/review');
  }
  const ids = pick(review.spaces.map((s) => s.spaceId));
  for (const id of ids) await client.json(folderPage(id));
  // Back to the previous page, then a reload of it (the app asks for the review's snapshot
  // again for the header, and the page again).
  await client.json(folderPage(ids[ids.length - 2]));
  await client.json('/api/review');
  await client.json(folderPage(ids[ids.length - 2]));
}

/** The same visit when every view asks DingTalk. */
async function statelessVisit(client, pick) {
  const spaces = [];
  let token = null;
  do {
    const q = new URLSearchParams({ spaceType: 'org', maxResults: '50', unionId: 'me' });
    if (token) q.set('nextToken', token);
    const page = await client.json(`/v1.0/drive/spaces?${q}`);
    spaces.push(...(page.spaces || []));
    token = page.nextToken || null;
  } while (token);
  const ids = pick(spaces.map((s) => s.spaceId));
  for (const id of ids) await client.json(folderPage(id));
  const back = ids[ids.length - 2];
  await client.json(folderPage(back));
  // The reload: the page again, and its header from the one-space call.
  await client.json(folderPage(back));
  await client.json(`/v1.0/storage/spaces/${back}?unionId=me`);
}

/**
 * Lives the model month one way; returns the metered calls the emulator served, and the
 * month's count by reason.
 */
async function liveMonth({ name, stateless = false, serverEnv = {} }) {
  const emulator = await startListening(env('EMULATOR_BIN'), ['--listen', '127.0.0.1:0', '--spaces', String(SPACES)], { name: 'dingtalk-emulator' });
  const counts = async () => (await fetch(`${emulator.url}/_emulator/calls`)).json();
  const dir = mkdtempSync(join(tmpdir(), 'bench-month-'));
  const clock = join(dir, 'clock');
  // Written whole and renamed into place: libfaketime reads the file at every clock read, and
  // a read in the middle of a write would find no time and fall back to the real clock.
  const writeClock = (stamp) => {
    writeFileSync(`${clock}.next`, stamp);
    renameSync(`${clock}.next`, clock);
  };
  let collections = 0;
  let visits = 0;
  try {
    for (let day = 1; day <= DAYS; day += 1) {
      // The server starts at 02:00 China time: its first look at the clock runs the day's
      // collection.
      const dayStart = chinaTime(day, 2);
      writeClock(fakeStamp(dayStart));
      const started = Date.now();
      // The month makes its own history: none of the demo's made-up days.
      const server = await startListening(env('SERVER_BIN'), ['--demo', '--listen', '127.0.0.1:0', '--login-attempts-per-minute', '100000', '--demo-history-days', '0'], {
        name: 'dashboard-server',
        env: {
          LD_PRELOAD: LIBFAKETIME,
          FAKETIME_TIMESTAMP_FILE: clock,
          FAKETIME_NO_CACHE: '1',
          FAKETIME_DONT_FAKE_MONOTONIC: '1',
          TZ: 'UTC',
          DATA_DIR: join(dir, 'store'),
          DINGTALK_API_BASE: emulator.url,
          DINGTALK_OAPI_BASE: emulator.url,
          DINGTALK_MONTHLY_CALL_BUDGET: '1000000',
          ...serverEnv,
        },
      });
      // The fake clock runs from the process's start: set each visit's time minus that.
      const setClock = (ms) => writeClock(fakeStamp(ms - (Date.now() - started)));
      try {
        const client = new Client(server.url);
        if (!stateless) {
          await client.login('demo-admin');
          const s = await settled(client, `the collection of day ${day}`);
          const due = Math.floor(dayStart / 1000);
          for (let i = 0; i < 100 && !(s.snapshot && s.snapshot.takenAt >= due); i += 1) {
            await sleep(100);
            Object.assign(s, await settled(client, `the collection of day ${day}`));
          }
          if (!(s.snapshot && s.snapshot.takenAt >= due)) throw new Error(`${name}: no collection on day ${day}: ${JSON.stringify(s)}`);
          collections += 1;
        }
        if (isWorkingDay(day)) {
          for (const [admin, hour] of VISITS.entries()) {
            setClock(chinaTime(day, hour));
            const visitor = new Client(server.url);
            await visitor.login(stateless ? 'demo-member' : 'demo-admin');
            // Each admin, each day, opens other spaces (the same page asked again within a
            // minute would be answered from memory, which would flatter the product).
            const pick = (ids) => Array.from({ length: FOLDER_PAGES }, (_, k) => ids[((day * VISITS.length + admin) * FOLDER_PAGES + k) % ids.length]);
            await (stateless ? statelessVisit : productVisit)(visitor, pick);
            visits += 1;
          }
        }
      } finally {
        server.stop();
        await new Promise((r) => { if (server.child.exitCode !== null) r(); else server.child.once('exit', r); });
      }
    }
    const { metered, served } = await counts();
    return { calls: metered, served, collections, visits };
  } finally {
    emulator.stop();
  }
}

export async function benchMonth() {
  if (!LIBFAKETIME) throw new Error('libfaketime is not installed.\n    Fix: run `cargo xtask setup` as root, or apt-get install -y faketime');
  const t0 = Date.now();
  const stateless = await liveMonth({ name: 'every view asks DingTalk', stateless: true, serverEnv: { ALLOW_NON_ADMINS: 'true', LIVE_MEMORY_SECONDS: '0' } });
  const product = await liveMonth({ name: 'the product' });
  const daily = await liveMonth({ name: 'snapshots fresh for a day', serverEnv: { SNAPSHOT_FRESH_MINUTES: '1440' } });
  const share = (n) => `${(n * 100 / ORG_MONTHLY_CALLS).toFixed(1)}% of ${ORG_MONTHLY_CALLS}`;
  const ratio = (n) => (n ? `${(stateless.calls / n).toFixed(2)}x fewer` : '-');
  const by = (r) => `spaces lists ${r.served.listSpaces || 0}, folder pages ${r.served.listDentries || 0}, one-space ${r.served.getSpace || 0}`;
  console.log(`    month: ${product.visits} visits, ${product.collections} daily collections, in ${Math.round((Date.now() - t0) / 1000)} s`);
  record({
    scenario: 'month', metric: 'DingTalk calls in a model month, the product (defaults)', app: product.calls, reference: stateless.calls,
    goal: 'app<=500 and ref/app>=10', note: `${share(product.calls)}; ${ratio(product.calls)} than every view asking DingTalk (the reference, ${share(stateless.calls)}: ${by(stateless)}); ${by(product)}`,
  });
  record({
    scenario: 'month', metric: 'DingTalk calls in a model month, snapshots fresh for a day', app: daily.calls, reference: stateless.calls,
    goal: 'app<=500 and ref/app>=10', note: `${share(daily.calls)}; ${ratio(daily.calls)}; ${by(daily)}, of which the daily collection ${DAYS} x ${SPACES / 50} = ${DAYS * SPACES / 50}`,
  });
}
