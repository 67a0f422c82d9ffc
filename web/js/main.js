// Entry point of the demo: starts the request counter, loads reelrank (the
// npm package's public entry, which Vite resolves to dist/) and wires
// up the six sections. Each section lives in its own module. The feed and the
// creator dashboard share one sample world (feed-world.js).
import { load } from 'reelrank';
import { byId, errorText } from './dom.js';
import { startPrivacyMonitor } from './privacy.js';
import { initCosine } from './cosine.js';
import { initUserCF } from './usercf.js';
import { initFeed } from './feed.js';
import { initEvaluation } from './eval-panel.js';
import { createWorld } from './feed-world.js';
import { initDashboard } from './dashboard.js';

const status = byId('load-status');
// The request counter starts first, so it sees every request. The page counts
// as loaded once the browser's load event has fired and the demo is ready.
const privacy = startPrivacyMonitor();

async function start() {
  const t0 = performance.now();
  const rr = await load({ tools: true });
  const loadMs = performance.now() - t0;
  initCosine(rr);
  initUserCF(rr);
  initEvaluation({ onResources: privacy.addWorkerEntries });
  const world = createWorld(rr);
  await initFeed(rr, world);
  // The dashboard computes its first figures just after the page is ready,
  // step by step, so it never holds up the rest of the page.
  const dashboard = initDashboard(rr, world);
  status.textContent = `Ready: reelrank's WebAssembly core loaded in ${Math.round(loadMs)} ms and runs in this tab.`;
  status.classList.add('ok');
  document.documentElement.dataset.ready = 'true';
  dashboard.start();
}

const windowLoaded = new Promise((resolve) => {
  if (document.readyState === 'complete') resolve();
  else window.addEventListener('load', resolve, { once: true });
});

start().then(() => windowLoaded).then(() => privacy.markLoaded()).catch((err) => {
  status.textContent = `The demo could not start: ${errorText(err)}`;
  status.classList.add('error');
  document.documentElement.dataset.ready = 'error';
  // Re-thrown so that the console (and the browser tests) see the failure.
  throw err;
});
