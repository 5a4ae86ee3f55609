// The server's API proxy against nginx, both in front of the same standalone emulator, under
// the same wrk load (64 connections, 2 threads, 10 s, alternating server / nginx twice).
//
// nginx (Debian's) gets its own nginx.conf, pid file, logs and temp paths under
// target/bench/nginx/, listens on a free loopback port, and forwards /v1.0/ to the emulator
// over a keepalive upstream, adding the app token header the way the server does. The server
// runs `--demo` with DINGTALK_API_BASE / DINGTALK_OAPI_BASE pointing at the same emulator
// (the demo login still works: the emulator knows the demo codes) and is loaded with a real
// session cookie. Both answer the same call:
//   GET /v1.0/drive/spaces?spaceType=org&maxResults=50&unionId=demoAdminUnion01
//
// A regression guard, not a race: DingTalk takes 20 calls a second per API from an app, so
// the proxy's throughput is far above anything a user can feel. The guard catches a change
// that makes forwarding several times costlier.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import {
  env, freePort, median, record, round, sleep, startListening, startServer, which,
} from './lib.mjs';

const SECONDS = Number(process.env.BENCH_WRK_SECONDS || 10);
const CONNECTIONS = 64;
const THREADS = 2;
const ROUNDS = 2;
const SPACES = 1000;
const PATH = '/v1.0/drive/spaces?spaceType=org&maxResults=50&unionId=demoAdminUnion01';
const GUARD_RPS = 'ratio>=0.5';
const GUARD_P99 = 'ratio<=2.0';

function skip(reason) {
  console.log(`    SKIPPED: ${reason}`);
  for (const metric of ['requests/s', 'latency p50 (ms)', 'latency p99 (ms)']) {
    record({ scenario: 'proxy vs nginx', metric, goal: metric === 'requests/s' ? GUARD_RPS : metric.includes('p99') ? GUARD_P99 : '', note: `skipped: ${reason}` });
  }
}

function nginxConf(dir, port, upstream, token) {
  return `# Written by bench/proxy.mjs for one benchmark run; not a deployment config.
worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream emulator {
    server ${upstream};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location /v1.0/ {
      proxy_pass http://emulator;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header x-acs-dingtalk-access-token "${token}";
    }
  }
}
`;
}

function startNginx(bin, conf, dir, url) {
  const child = spawn(bin, ['-p', dir, '-c', conf, '-e', `${dir}/error.log`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const stop = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM'); };
  return (async () => {
    for (let i = 0; i < 100; i += 1) {
      if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${log}`);
      try {
        const r = await fetch(url);
        await r.arrayBuffer();
        return { stop, pid: child.pid };
      } catch { await sleep(50); }
    }
    stop();
    throw new Error(`nginx did not answer in 5 s: ${log}`);
  })();
}

const UNIT_MS = { us: 0.001, ms: 1, s: 1000, m: 60000 };

function parseWrk(out) {
  const rps = Number((/Requests\/sec:\s*([\d.]+)/.exec(out) || [])[1]);
  const pct = (p) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    return m ? Number(m[1]) * UNIT_MS[m[2]] : null;
  };
  const non2xx = Number((/Non-2xx or 3xx responses:\s*(\d+)/.exec(out) || [0, 0])[1]);
  const requests = Number((/(\d+) requests in/.exec(out) || [0, 0])[1]);
  const errors = (/Socket errors:[^\n]*/.exec(out) || [''])[0];
  return { rps, p50: pct(50), p99: pct(99), non2xx, errors, requests };
}

/** Clock ticks per second of /proc's CPU times. */
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** User and kernel CPU ticks of `pid` and its children (nginx's workers), or null off Linux. */
function cpuTicks(pid) {
  try {
    const children = readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
    let user = 0;
    let sys = 0;
    for (const p of [pid, ...children]) {
      // Fields after the command name, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      user += Number(fields[11]);
      sys += Number(fields[12]);
    }
    return { user, sys };
  } catch {
    return null;
  }
}

function wrk(bin, url, headers) {
  const args = ['-t', String(THREADS), '-c', String(CONNECTIONS), '-d', `${SECONDS}s`, '--latency', '--timeout', '5s'];
  for (const h of headers) args.push('-H', h);
  args.push(url);
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: (SECONDS + 30) * 1000 });
  if (r.status !== 0) throw new Error(`wrk failed (${r.status}): ${r.stderr || r.stdout}`);
  return parseWrk(r.stdout);
}

export async function benchProxy() {
  console.log(`\n--> API proxy vs nginx: wrk -t${THREADS} -c${CONNECTIONS} -d${SECONDS}s, alternating, ${ROUNDS} rounds`);
  const nginx = which('nginx');
  const wrkBin = which('wrk');
  if (!nginx) return skip('nginx is not installed (Debian: apt-get install nginx-light)');
  if (!wrkBin) return skip('wrk is not installed (Debian: apt-get install wrk)');
  const dir = resolve('target/bench/nginx');
  mkdirSync(dir, { recursive: true });

  // The proxy's capacity, not DingTalk's 20 calls a second: the emulator and the server's
  // gateway both let everything through.
  const emulator = await startListening(env('EMULATOR_BIN'), ['--listen', '127.0.0.1:0', '--spaces', String(SPACES), '--qps-per-api', '0'], { name: 'dingtalk-emulator' });
  let server;
  let ngx;
  try {
    const upstream = emulator.url.replace('http://', '');
    const tokenResp = await fetch(`${emulator.url}/v1.0/oauth2/accessToken`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: 'demo-app-key', appSecret: 'demo-app-secret' }),
    });
    const { accessToken } = await tokenResp.json();
    if (!accessToken) throw new Error('the emulator gave no access token');

    const port = await freePort();
    const conf = `${dir}/nginx.conf`;
    writeFileSync(conf, nginxConf(dir, port, upstream, accessToken));
    const nginxUrl = `http://127.0.0.1:${port}${PATH}`;
    ngx = await startNginx(nginx, conf, dir, nginxUrl);

    // Every request forwarded, as nginx forwards it: the memory of live answers is off.
    server = await startServer([], { DINGTALK_API_BASE: emulator.url, DINGTALK_OAPI_BASE: emulator.url, DINGTALK_CALLS_PER_SECOND: '1000000', LIVE_MEMORY_SECONDS: '0' });
    const login = await fetch(`${server.url}/api/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ authCode: 'demo-admin' }),
    });
    const cookie = (login.headers.getSetCookie() || []).map((c) => c.split(';')[0]).find((c) => c.startsWith('dqd_session='));
    if (!login.ok || !cookie) throw new Error(`login at the server failed: ${login.status} ${await login.text()}`);
    const serverUrl = `${server.url}${PATH}`;

    // Both must answer the same page before they are timed.
    const a = await fetch(serverUrl, { headers: { cookie } });
    const b = await fetch(nginxUrl);
    const [ja, jb] = [await a.json(), await b.json()];
    if (!a.ok || !b.ok || ja.spaces?.length !== 50 || JSON.stringify(ja.spaces) !== JSON.stringify(jb.spaces)) {
      throw new Error(`server (${a.status}) and nginx (${b.status}) do not answer the same page`);
    }

    const runs = { server: [], nginx: [] };
    for (let i = 0; i < ROUNDS; i += 1) {
      for (const side of ['server', 'nginx']) {
        const pid = side === 'server' ? server.child.pid : ngx.pid;
        const before = cpuTicks(pid);
        const r = side === 'server' ? wrk(wrkBin, serverUrl, [`Cookie: ${cookie}`]) : wrk(wrkBin, nginxUrl, []);
        const after = cpuTicks(pid);
        // CPU time of the proxy alone (nginx: master and workers) per request answered.
        const perReq = (k) => (before && after && r.requests ? ((after[k] - before[k]) / TICKS) * 1e6 / r.requests : null);
        r.userUs = perReq('user');
        r.sysUs = perReq('sys');
        runs[side].push(r);
        console.log(`    ${side.padEnd(6)} ${r.rps.toFixed(0)} req/s, p50 ${r.p50?.toFixed(2)} ms, p99 ${r.p99?.toFixed(2)} ms, CPU per request ${r.userUs?.toFixed(1)} µs user + ${r.sysUs?.toFixed(1)} µs kernel${r.non2xx ? `, ${r.non2xx} non-2xx` : ''}${r.errors ? `, ${r.errors}` : ''}`);
      }
    }
    const bad = [...runs.server, ...runs.nginx].reduce((n, r) => n + r.non2xx, 0);
    const each = (side) => runs[side].map((r) => `${r.rps.toFixed(0)}/s p99 ${r.p99?.toFixed(1)} ms`).join(', ');
    const note = `${bad ? `${bad} non-2xx answers under load; ` : ''}median of ${ROUNDS} runs each (server ${each('server')}; nginx ${each('nginx')}), ${SPACES}-space emulator, all on one ${os.cpus().length}-core machine`;
    const m = (side, k) => median(runs[side].map((r) => r[k]));
    const s = 'proxy vs nginx';
    record({ scenario: s, metric: 'requests/s', app: round(m('server', 'rps'), 0), reference: round(m('nginx', 'rps'), 0), goal: GUARD_RPS, note });
    record({ scenario: s, metric: 'latency p50 (ms)', app: round(m('server', 'p50'), 2), reference: round(m('nginx', 'p50'), 2) });
    record({ scenario: s, metric: 'latency p99 (ms)', app: round(m('server', 'p99'), 2), reference: round(m('nginx', 'p99'), 2), goal: GUARD_P99 });
    record({ scenario: s, metric: 'CPU per request, user (µs)', app: round(m('server', 'userUs'), 1), reference: round(m('nginx', 'userUs'), 1), note: 'the proxy process alone (nginx: master and workers), /proc utime over the run / requests' });
    record({ scenario: s, metric: 'CPU per request, kernel (µs)', app: round(m('server', 'sysUs'), 1), reference: round(m('nginx', 'sysUs'), 1), note: '/proc stime: sockets and the loopback TCP both sides share' });
  } finally {
    ngx?.stop();
    server?.stop();
    emulator.stop();
  }
}
