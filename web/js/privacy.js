// Section 5: a live count of the network requests this page makes. The browser
// records every fetched resource (Resource Timing); a PerformanceObserver sees
// each one as it completes. The evaluation worker has its own timeline, so it
// reports its entries here too (addWorkerEntries).
import { byId, h } from './dom.js';

function isOwn(url) {
  try {
    const u = new URL(url, location.href);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return true; // blob:, data: never touch the network
    return u.origin === location.origin;
  } catch {
    return false;
  }
}

function shortName(url) {
  try {
    const u = new URL(url);
    return u.origin === location.origin ? u.pathname : u.href;
  } catch {
    return url;
  }
}

export function startPrivacyMonitor() {
  const outsideEl = byId('privacy-outside');
  const sinceLoadEl = byId('privacy-since-load');
  const sinceDetailEl = byId('privacy-since-detail');
  const ownEl = byId('privacy-own');
  const logEl = byId('privacy-log');
  const entries = []; // { url, at (ms since this page's time origin), from }
  let loadedAt = Infinity;

  function render() {
    const outside = entries.filter((e) => !isOwn(e.url)).length;
    outsideEl.textContent = String(outside);
    outsideEl.classList.toggle('alarm', outside > 0);
    const late = entries.filter((e) => e.at >= loadedAt);
    sinceLoadEl.textContent = String(late.length);
    sinceDetailEl.textContent = late.length === 0 ? '' : late.every((e) => isOwn(e.url))
      ? `, all for the page's own files (${late.some((e) => e.from === 'worker') ? 'the evaluation worker loading its scripts and reelrank' : 'files it needed later'})`
      : ', some of them to another computer';
    ownEl.textContent = String(entries.filter((e) => isOwn(e.url)).length);
  }

  function add(url, at, from) {
    const entry = { url, at, from };
    entries.push(entry);
    const own = isOwn(url);
    logEl.append(h('li', { class: own ? 'own' : 'outside' },
      h('span', { class: 'when' }, `${(at / 1000).toFixed(2)} s`), ' ',
      h('code', {}, shortName(url)), ' ',
      h('span', { class: 'tag' }, own ? `own file${from === 'worker' ? ', worker' : ''}` : 'ANOTHER COMPUTER')));
    render();
  }

  const nav = performance.getEntriesByType('navigation')[0];
  add(nav ? nav.name : location.href, 0, 'page');
  if (typeof PerformanceObserver === 'function') {
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) add(e.name, e.startTime, 'page');
    });
    observer.observe({ type: 'resource', buffered: true });
  } else {
    logEl.append(h('li', {}, 'This browser cannot report its requests (no PerformanceObserver).'));
  }

  return {
    /** Called once the page is ready: later requests count as "since load". */
    markLoaded() {
      loadedAt = performance.now();
      render();
    },
    /** Entries from a worker: { url, epochMs } with epochMs = worker timeOrigin + startTime. */
    addWorkerEntries(list) {
      for (const e of list) add(e.url, e.epochMs - performance.timeOrigin, 'worker');
    },
    /** For the tests and the curious: a copy of every request seen so far. */
    entries: () => entries.map((e) => ({ ...e })),
  };
}
