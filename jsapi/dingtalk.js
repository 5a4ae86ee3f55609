// The official `dingtalk-jsapi` package, as much of it as the login needs: the auth-code API
// and the native bridge of every DingTalk client it supports (iOS, Android, HarmonyOS and the
// PC client on Windows and macOS). Importing an API alone does not register any client: each
// `platform/*` module registers one client's bridge, and without it the package refuses with
// error 4040 "Do not support the current environment". The package picks the client itself,
// from the user agent and what the client put on the page.
//
// esbuild bundles this file into jsapi/dist/jsapi/dingtalk-jsapi-<hash>.js (cargo xtask
// build); bridge.js loads it only when the page may be inside DingTalk.
import 'dingtalk-jsapi/platform/ios';
import 'dingtalk-jsapi/platform/android';
import 'dingtalk-jsapi/platform/harmony';
import 'dingtalk-jsapi/platform/pc';
import requestAuthCode from 'dingtalk-jsapi/api/union/requestAuthCode';
import { getENV, ENV_ENUM } from 'dingtalk-jsapi/lib/env';

globalThis.dqdDingTalkJsapi = {
  /** The package's own verdict: one of its supported clients, or not DingTalk. */
  inDingTalk() {
    try {
      return getENV().platform !== ENV_ENUM.notInDingTalk;
    } catch (_) {
      return false;
    }
  },
  requestAuthCode,
};
