// The app's bridge to DingTalk's JSAPI, inlined into index.html (cargo xtask build bundles it
// to jsapi/dist/dingtalk-bridge.js; Trunk inlines it). The wasm app calls
// `window.dqdDingTalk`.
//
// The official package (jsapi/dingtalk.js, about 21 KB gzip with every client's bridge) is
// loaded only when the page may be inside DingTalk, so a browser outside DingTalk (the demo, a
// bookmark) downloads none of it. `mayBeDingTalk` only has to be a superset of what the
// package recognises: the package's own `getENV` then decides.

// Set by esbuild (--define) to the hashed file name of the bundled package.
const JSAPI_URL = __DINGTALK_JSAPI_URL__;

function mayBeDingTalk() {
  try {
    if (/DingTalk|TaurusApp/i.test(navigator.userAgent)) return true;
    // The PC client names the page's container in window.name (JSON) or adds `dingtalk`.
    if (/containerId/.test(window.name || '')) return true;
    return typeof window.dingtalk === 'object' || typeof window.nuva === 'object';
  } catch (_) {
    return false;
  }
}

let loading = null;

/** Resolves with the package's API; a failed load can be tried again. */
function jsapi() {
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = JSAPI_URL;
      script.onload = () => {
        const api = globalThis.dqdDingTalkJsapi;
        if (api) resolve(api);
        else reject(new Error('the DingTalk JSAPI script loaded but did not start'));
      };
      script.onerror = () => {
        loading = null;
        script.remove();
        reject(new Error(`the DingTalk JSAPI script (${JSAPI_URL}) could not be loaded`));
      };
      document.head.appendChild(script);
    });
  }
  return loading;
}

globalThis.dqdDingTalk = {
  /** Resolves true inside a DingTalk client the package supports or recognises. */
  async inDingTalk() {
    if (!mayBeDingTalk()) return false;
    try {
      return (await jsapi()).inDingTalk();
    } catch (_) {
      // The package could not load: inside DingTalk the login then says why.
      return true;
    }
  },
  /** Resolves with a one-time login code for this org and app. */
  async requestAuthCode(corpId, clientId) {
    const result = await (await jsapi()).requestAuthCode({ corpId, clientId });
    const code = result && result.code;
    if (typeof code !== 'string' || code.length === 0) {
      throw new Error('DingTalk returned no auth code');
    }
    return code;
  },
};
