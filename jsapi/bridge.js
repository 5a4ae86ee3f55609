// The app's bridge to DingTalk's JSAPI. esbuild bundles it with the two parts of the official
// `dingtalk-jsapi` package it needs (cargo xtask build -> jsapi/dist/dingtalk-bridge.js), and
// index.html loads it before the wasm app, which calls `window.dqdDingTalk`.
import requestAuthCode from 'dingtalk-jsapi/api/union/requestAuthCode';
import { getENV, ENV_ENUM } from 'dingtalk-jsapi/lib/env';

// A `dd` the host page already provides (DingTalk's webview, or a test's stand-in) wins over
// the bundled implementation.
function hostDd() {
  const dd = globalThis.dd;
  return dd && typeof dd.requestAuthCode === 'function' ? dd : null;
}

globalThis.dqdDingTalk = {
  /** True inside the DingTalk client (mobile, desktop or its webview). */
  inDingTalk() {
    if (hostDd()) return true;
    try {
      return getENV().platform !== ENV_ENUM.notInDingTalk;
    } catch (_) {
      return false;
    }
  },
  /** Resolves with a one-time login code for this org and app. */
  async requestAuthCode(corpId, clientId) {
    const dd = hostDd();
    const result = dd
      ? await dd.requestAuthCode({ corpId, clientId })
      : await requestAuthCode({ corpId, clientId });
    const code = result && result.code;
    if (typeof code !== 'string' || code.length === 0) {
      throw new Error('DingTalk returned no auth code');
    }
    return code;
  },
};
