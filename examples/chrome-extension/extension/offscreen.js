// An offscreen document: an extension page without a window, created by the
// service worker. It has the DOM's APIs (and can start Web Workers), and the
// same content-security policy as any extension page.
import { errorData, rankSampleFeed } from './rank-demo.js';

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message?.to !== 'offscreen') return false;
  rankSampleFeed('offscreen document').then(
    (value) => sendResponse({ ok: true, value }),
    (err) => sendResponse({ ok: false, error: errorData(err) }),
  );
  return true;
});
