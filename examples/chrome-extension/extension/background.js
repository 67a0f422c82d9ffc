// The extension's service worker, a module worker ("type": "module" in the
// manifest). reelrank is imported statically: module service workers cannot
// use dynamic import(), and reelrank needs none in a browser (its only
// import() is the Node-only read of the .wasm file, never reached here).
// Its .wasm is fetched from the extension itself; the manifest's
// 'wasm-unsafe-eval' lets the worker compile it.
import { errorData, rankSampleFeed } from './rank-demo.js';

const OFFSCREEN_URL = 'offscreen.html';

async function ensureOffscreenDocument() {
  const url = chrome.runtime.getURL(OFFSCREEN_URL);
  const existing = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (existing.length) return;
  await chrome.offscreen.createDocument({
    url: OFFSCREEN_URL,
    reasons: ['WORKERS'],
    justification: 'Rank the feed with WebAssembly off the service worker, in a document that can also start Web Workers.',
  });
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message?.to !== 'background') return false;
  const work = message.action === 'rank'
    ? rankSampleFeed('service worker')
    : message.action === 'rank-offscreen'
      ? ensureOffscreenDocument().then(() => chrome.runtime.sendMessage({ to: 'offscreen', action: 'rank' })).then((reply) => {
        if (!reply?.ok) throw Object.assign(new Error(reply?.error?.message ?? 'the offscreen document did not answer'), reply?.error);
        return reply.value;
      })
      : Promise.reject(new Error(`unknown action ${message.action}`));
  work.then((value) => sendResponse({ ok: true, value }), (err) => sendResponse({ ok: false, error: errorData(err) }));
  return true; // answers asynchronously
});
