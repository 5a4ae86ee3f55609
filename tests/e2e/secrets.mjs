// No secret or token in the built app or in the logs of a full demo run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assert, demoLogin, startServer } from './harness.mjs';

export const journeys = [
  ['secrets: none in the built app files or in the server logs of a full run', async ({ page, context }) => {
    const server = await startServer([], { RUST_LOG: 'debug,hyper=info,h2=info,rustls=info,reqwest=info' });
    try {
      await demoLogin(page, server.url);
      await page.locator('.load-done').waitFor({ timeout: 20000 });
      const first = page.locator('li.space-row').first();
      await first.locator('a.space-name').click();
      await page.locator('[data-id]').first().waitFor({ timeout: 20000 });
      // The app token the server holds: the emulator returns the same one while it is valid.
      const m = /emulator started in-process.*?addr\S*?(127\.0\.0\.1:\d+)/.exec(server.log().replace(/\x1b\[[0-9;]*m/g, ''));
      assert(m, 'the log names the emulator address');
      const tokenResp = await page.request.post(`http://${m[1]}/v1.0/oauth2/accessToken`, { data: { appKey: 'demo-app-key', appSecret: 'demo-app-secret' } });
      const { accessToken } = await tokenResp.json();
      assert(accessToken && accessToken.length >= 16, 'got the app token');
      const session = (await context.cookies()).find((c) => /dqd_session$/.test(c.name));
      assert(session, 'a session cookie');
      const log = server.log();
      for (const [what, secret] of [['app secret', 'demo-app-secret'], ['app token', accessToken], ['session', session.value], ['auth code', 'demo-admin']]) {
        assert(!log.includes(secret), `the logs do not contain the ${what}`);
      }
      assert(/upstream/.test(log) && /requestid/.test(log), 'upstream calls are logged (with requestid)');
      const dist = process.env.DIST_DIR;
      const files = readdirSync(dist, { recursive: true }).filter((f) => statSync(join(dist, f)).isFile());
      assert(files.some((f) => f.endsWith('.wasm')), 'the built app is there');
      for (const f of files) {
        const text = readFileSync(join(dist, f), 'latin1');
        for (const secret of ['demo-app-secret', accessToken]) {
          assert(!text.includes(secret), `${f} does not contain ${secret}`);
        }
        // The app never builds the token request: the field's name appears only inside
        // DingTalk's error code `MissingappSecret`, which the shared error table names.
        const named = text.split('appSecret').length - 1;
        const inCode = text.split('MissingappSecret').length - 1;
        assert(named === inCode, `${f} names appSecret only in DingTalk's error code (${named} mentions, ${inCode} in the code)`);
      }
    } finally {
      server.stop();
    }
  }],
];
