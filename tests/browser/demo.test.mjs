// Browser tests of the demo (web/) in headless Debian Chromium via
// playwright-core (no browser download; see TOOLCHAIN.md pitfall 6). The same
// visit runs twice: against Vite's dev server (what `npm start` runs) and
// against the static build (what `npm run build:demo` makes), built here into
// a temporary folder and served from a sub-path by a plain static server, as a
// teacher's host would. Each run drives every section like a visitor in a
// fresh browser profile, records every request, and saves screenshots to
// test-artifacts/ (dev/ and static/). Needs dist/ built (node scripts/build.mjs).
// Run: node --test tests/browser/
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { load, sampleVideos, simulateViewers } from '../../dist/index.js';
import { serveStatic } from './static-server.mjs';
import { sampleEventsToTsv } from '../../web/js/sample-tsv.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VITE = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const CONFIG = join(root, 'web', 'vite.config.mjs');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let artifacts;
let baseUrl;
let context;
let page;
let userDataDir;
const requests = []; // every URL any page or worker of the session asked for
const problems = []; // console errors and uncaught exceptions

/** Runs the Vite CLI; resolves with the child once `match` appears in its output. */
function vite(args, env, match, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITE, ...args, '--config', CONFIG], {
      cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`vite ${args.join(' ')} did not finish: ${out}`)); }, timeoutMs);
    const check = (d) => {
      out += d;
      const m = out.match(match);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m, out });
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`vite ${args.join(' ')} exited (${code}): ${out}`)); });
  });
}

// The two ways the demo is served. Each start() resolves { url, stop }.
const TARGETS = [
  {
    name: 'dev',
    title: 'on Vite\'s dev server (npm start)',
    // The package's files, as the page fetches them: dist/ through Vite's /@fs/ path.
    toolsWasm: /\/dist\/reelrank-tools\.wasm$/,
    async start() {
      const { child, match } = await vite([], { PORT: '0' }, /http:\/\/127\.0\.0\.1:\d+\//, 20_000);
      return { url: match[0], stop: async () => { child.kill(); } };
    },
  },
  {
    name: 'static',
    title: 'as the static build (npm run build:demo) on a plain static host',
    // Vite's build emits the .wasm as a hashed asset beside the scripts.
    toolsWasm: /\/assets\/reelrank-tools-[\w-]+\.wasm$/,
    async start() {
      const site = mkdtempSync(join(tmpdir(), 'reelrank-demo-site-'));
      const out = join(site, 'teacher', 'reelrank'); // a sub-path: the folder must not assume it sits at /
      const built = new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [VITE, 'build', '--config', CONFIG, '--outDir', out, '--emptyOutDir'],
          { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
        let log = '';
        child.stdout.on('data', (d) => { log += d; });
        child.stderr.on('data', (d) => { log += d; });
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${code}): ${log}`))));
      });
      await built;
      const assets = readdirSync(join(out, 'assets'));
      assert.ok(assets.some((f) => /^reelrank-tools-[\w-]+\.wasm$/.test(f)), `the build holds the tools .wasm: ${assets.join(', ')}`);
      assert.ok(assets.some((f) => /^eval-worker-[\w-]+\.js$/.test(f)), 'the build holds the evaluation worker');
      const server = await serveStatic(site);
      return { url: `${server.url}/teacher/reelrank/`, stop: async () => { await server.close(); rmSync(site, { recursive: true, force: true }); } };
    },
  },
];

function watch(p) {
  p.on('request', (r) => requests.push(r.url()));
  p.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') problems.push(`worker console: ${m.text()}`); }));
}

async function gotoReady(p, url = baseUrl) {
  await p.goto(url);
  await p.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 20_000 });
  assert.equal(await p.evaluate(() => document.documentElement.dataset.ready), 'true', await p.locator('#load-status').textContent());
}

async function shot(locator, name) {
  await locator.screenshot({ path: join(artifacts, `${name}.png`) });
}

/** The feed profile record as IndexedDB holds it: { bytes } of the saved Uint8Array, or null. */
const storedProfile = () => page.evaluate(() => new Promise((resolve, reject) => {
  const open = indexedDB.open('reelrank-demo');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('profile')) { db.close(); resolve(null); return; }
    const get = db.transaction('profile').objectStore('profile').get('me');
    get.onsuccess = () => { db.close(); resolve(get.result instanceof Uint8Array ? { bytes: get.result.length } : get.result ?? null); };
    get.onerror = () => { db.close(); reject(get.error); };
  };
}));

/** The numbers in the <title>s of a Plot chart's bars ("label: 1,234 views"), in drawing order, for one series. */
const barNumbers = (selector, series) => page.locator(`${selector} g[aria-label="bar"] rect title`).evaluateAll(
  (titles, s) => titles.map((t) => t.textContent.split('\n')[0]).filter((t) => t.endsWith(` ${s}`))
    .map((t) => Number(/: ([\d,.]+) [^:]*$/.exec(t)[1].replace(/,/g, ''))), series);

/** Waits until the creator dashboard (section 6) has finished computing. */
const dashboardReady = (p = page) => p.waitForFunction(() => document.querySelector('#dashboard')?.dataset.state === 'ready', null, { timeout: 20_000 });
const dashboardTableKeys = () => page.locator('#dash-table tbody tr[data-key]').evaluateAll((trs) => trs.map((tr) => tr.dataset.key));
const privacyLine = (result) => page.locator(`#dash-privacy li[data-result="${result}"]`).textContent();
const segmentSizes = () => page.locator('#dash-segments li.segment-card').evaluateAll((els) => els.map((e) => Number(e.dataset.size)));

// The next-video protocol's algorithms, as the worker picks them: those the core registers.
const NEXT_ITEM = ['popularity', 'trending', 'itemknn', 'transitions', 'slist'];
let nodeRr = null;
const nodeApi = async () => (nodeRr ??= await load({ tools: true }));
let nextItemExpected = null; // the sample world's next-item figures computed in Node, once for both targets
async function nextItemInNode() {
  if (nextItemExpected) return nextItemExpected;
  const rr = await nodeApi();
  const videos = sampleVideos();
  const data = rr.readDataset(sampleEventsToTsv(simulateViewers(videos).events, videos), { format: 'kuairand' });
  try {
    const algorithms = NEXT_ITEM.filter((name) => rr.algorithms.some((a) => a.name === name && a.trainable));
    nextItemExpected = algorithms.map((algorithm) => {
      const r = rr.evaluateNextItem(data, { algorithm, split: 'last', k: 10, catalog: videos });
      return { algorithm, ndcg: r.test.ndcg.toFixed(3), hitrate: r.test.hitrate.toFixed(3), mrr: r.test.mrr.toFixed(3), coverage: r.test.coverage.toFixed(3) };
    });
  } finally {
    data.dispose();
  }
  return nextItemExpected;
}

// The popularity curve's runs, as the worker makes them, computed in Node once for both targets.
let curveExpected = null;
async function curveInNode() {
  if (curveExpected) return curveExpected;
  const rr = await nodeApi();
  const videos = sampleVideos();
  const data = rr.readDataset(sampleEventsToTsv(simulateViewers(videos, { people: 300 }).events, videos), { format: 'kuairand' });
  try {
    curveExpected = ['itemknn', 'userknn'].flatMap((algorithm) => [0, 0.25, 0.5, 1].map((beta) => {
      const r = rr.evaluate(data, { algorithm, split: 'time:0.2', k: 10, catalog: videos, popularityCorrection: beta });
      return { algorithm, beta, ndcg: r.ndcg.toFixed(3), longTailShare: r.longTailShare.toFixed(3) };
    }));
  } finally {
    data.dispose();
  }
  return curveExpected;
}

/** 40 people, each rating 10 of 30 films in time order: two taste groups, each walking its 15 films in steps of 3. */
function ratingsCsv() {
  const lines = ['user,item,rating,timestamp'];
  for (let u = 0; u < 40; u++) {
    for (let j = 0; j < 10; j++) {
      const item = (u % 2) * 15 + ((u * 7 + j * 3) % 15);
      lines.push(`p${u},film${item},${1 + ((u + j) % 5)},${1_600_000_000 + u * 1000 + j * 10}`);
    }
  }
  return lines.join('\n');
}

/** The next-video table's rows: { algorithm, ndcg, hitrate, mrr, coverage } as numbers. */
const nextItemRows = () => page.locator('#eval-table tbody tr[data-algorithm]').evaluateAll((trs) => trs.map((tr) => ({
  algorithm: tr.dataset.algorithm,
  ndcg: Number(tr.querySelector('.metric-ndcg').textContent),
  hitrate: Number(tr.querySelector('.metric-hitrate').textContent),
  mrr: Number(tr.querySelector('.metric-mrr').textContent),
  coverage: Number(tr.querySelector('.metric-coverage').textContent),
})));

const evalFinished = () => page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('#eval-form')?.dataset.state), null, { timeout: 60_000 });

const interestTags = () => page.locator('#feed-interests li[data-tag]').evaluateAll((els) => els.map((e) => e.dataset.tag));
const upNextIds = () => page.locator('#feed-next li[data-id]').evaluateAll((els) => els.map((e) => e.dataset.id));

for (const target of TARGETS) describe(`the demo in a real browser, ${target.title}`, { timeout: 180_000 }, () => {
  let server;
  before(async () => {
    assert.ok(existsSync(join(root, 'dist', 'index.js')), 'dist/ is not built: run node scripts/build.mjs first');
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    assert.ok(existsSync(VITE), 'Vite is not installed: npm ci');
    artifacts = join(root, 'test-artifacts', target.name);
    mkdirSync(artifacts, { recursive: true });
    requests.length = 0;
    problems.length = 0;
    server = await target.start();
    baseUrl = server.url;
    userDataDir = mkdtempSync(join(tmpdir(), 'reelrank-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 },
    });
    context.on('request', (r) => requests.push(r.url()));
    page = context.pages()[0] ?? await context.newPage();
    watch(page);
  });

  after(async () => {
    await context?.close();
    await server?.stop();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  test('the page loads with no console errors', async () => {
    await gotoReady(page);
    assert.match(await page.locator('#load-status').textContent(), /Ready/);
    assert.deepEqual(problems, []);
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !(el.getAttribute('aria-label') || el.labels?.length || el.getAttribute('aria-labelledby') ||
        (el.tagName === 'BUTTON' && el.textContent.trim())))
      .map((el) => el.outerHTML.slice(0, 80)));
    assert.deepEqual(unlabelled, [], 'every control has a label');
    await page.screenshot({ path: join(artifacts, '0-page.png'), fullPage: true });
  });

  test('section 1 shows 0.734 for the article and updates on an edit', async () => {
    const value = page.locator('#cosine-value');
    assert.equal(await value.textContent(), '0.734');
    assert.equal(await page.locator('#cosine-dot').textContent(), '161');
    assert.match(await page.locator('#cosine-steps').textContent(), /161 \/ \(√385 · √125\)/);
    await page.locator('#cosine-v-9').fill('5'); // v10: 4 -> 5
    const expected = (171 / Math.sqrt(385 * 134)).toFixed(3);
    await page.waitForFunction((e) => document.querySelector('#cosine-value')?.textContent === e, expected);
    assert.equal(await page.locator('#cosine-dot').textContent(), '171');
    await shot(page.locator('#cosine'), '1-cosine-edited');
    await page.locator('#cosine-reset').click();
    assert.equal(await value.textContent(), '0.734');
    await shot(page.locator('#cosine'), '1-cosine');
  });

  test('section 2 shows the hand-computed prediction for (u0, c) with k = 3', async () => {
    await page.locator('#cf-k').selectOption('3');
    await page.getByRole('button', { name: /^predicted rating of u0 for c/ }).click();
    const w1 = 26 / (6 * Math.sqrt(34));
    const w4 = 15 / (Math.sqrt(30) * Math.sqrt(34));
    const expected = ((4 * w1 + 1 * w4) / (w1 + w4)).toFixed(3);
    assert.equal(expected, '2.838');
    assert.equal(await page.locator('#cf-prediction').textContent(), expected);
    const explanation = await page.locator('#cf-explain').textContent();
    assert.match(explanation, /26 \/ \(√34 · √36\)/);
    assert.match(explanation, /15 \/ \(√34 · √30\)/);
    assert.match(explanation, /u3 has not rated c/);
    await page.locator('#cf-k').selectOption('1'); // only u1 (rated c = 4) remains
    await page.waitForFunction(() => document.querySelector('#cf-prediction')?.textContent === '4');
    await page.locator('#cf-k').selectOption('3');
    await page.waitForFunction(() => document.querySelector('#cf-prediction')?.textContent === '2.838');
    await shot(page.locator('#usercf'), '2-usercf');
  });

  test('liking three cooking videos puts cooking on top and changes the feed', async () => {
    assert.deepEqual(await interestTags(), [], 'a fresh profile has no interests');
    const before = await upNextIds();
    assert.ok(before.length >= 5, 'the feed recommends something to a newcomer');
    await page.locator('#feed-topic').selectOption('cooking');
    for (let i = 1; i <= 3; i++) {
      await page.locator('#feed-topic-go').click();
      await page.waitForFunction(() => document.querySelector('#phone-screen .card')?.dataset.topic === 'cooking');
      const liked = await page.locator('#phone-screen .card').getAttribute('data-id');
      await page.locator('[data-action="like"]').click();
      await page.waitForFunction(() => document.querySelector('[data-action="like"]')?.getAttribute('aria-pressed') === 'true');
      await page.waitForFunction((n) => document.querySelector('#feed-data-summary')?.dataset.saved === String(n), i);
      assert.ok(!(await upNextIds()).includes(liked), 'a liked video is not recommended again');
    }
    assert.equal((await interestTags())[0], 'cooking');
    const after = await upNextIds();
    assert.notDeepEqual(after, before);
    const reasons = await page.locator('#feed-next .reasons').allTextContents();
    assert.ok(reasons.some((r) => /cooking|because you watched/.test(r)), `reasons mention the likes: ${reasons.join(' | ')}`);
    // Watching to the end and moving on records a view and brings the next card.
    const current = await page.locator('#phone-screen .card').getAttribute('data-id');
    await page.locator('#feed-watch').focus(); // the watch slider works from the keyboard
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    assert.match(await page.locator('#feed-watch-out').textContent(), /^0:05 of /);
    await page.getByRole('button', { name: 'Next video' }).click();
    await page.waitForFunction((id) => document.querySelector('#phone-screen .card')?.dataset.id !== id, current);
    await page.waitForFunction(() => document.querySelector('#feed-data-summary')?.dataset.saved === '4');
    await shot(page.locator('#feed'), '3-feed');
  });

  test('the profile survives a reload, and delete clears it', async () => {
    await gotoReady(page);
    assert.equal((await interestTags())[0], 'cooking', 'the profile came back from IndexedDB');
    assert.match(await page.locator('#feed-data-summary').textContent(), /^4 events recorded/);
    const saved = await storedProfile();
    assert.ok(saved?.bytes > 0, `IndexedDB holds the profile's bytes: ${JSON.stringify(saved)}`);
    await page.locator('#feed-delete').click();
    await page.waitForFunction(() => /Deleted/.test(document.querySelector('#feed-status')?.textContent ?? ''));
    assert.deepEqual(await interestTags(), []);
    assert.equal(await storedProfile(), null, 'delete removed the record from IndexedDB');
    await gotoReady(page);
    assert.deepEqual(await interestTags(), [], 'nothing comes back after delete');
    assert.match(await page.locator('#feed-data-summary').textContent(), /nothing stored/);
  });

  test('every algorithm, diversity and exploration re-rank the feed; reset starts again', async () => {
    const version = () => page.locator('#feed-next').getAttribute('data-version');
    const lists = {};
    await page.locator('#feed-topic').selectOption('pets');
    await page.locator('#feed-topic-go').click();
    await page.locator('[data-action="share"]').click();
    await page.waitForFunction(() => document.querySelector('#feed-data-summary')?.dataset.saved === '1');
    for (const algorithm of ['userknn', 'content', 'popularity', 'itemknn']) {
      const v = await version();
      await page.locator('#feed-algorithm').selectOption(algorithm);
      await page.waitForFunction((old) => document.querySelector('#feed-next')?.dataset.version !== old, v);
      lists[algorithm] = await upNextIds();
      assert.equal(lists[algorithm].length, 8, algorithm);
      assert.ok((await interestTags()).includes('pets'));
      assert.match(await page.locator('#feed-status').textContent(), new RegExp(`trained on .* ranked 2,000 videos`));
    }
    assert.notDeepEqual(lists.popularity, lists.itemknn, 'popularity ignores the share; item-kNN follows it');
    for (const [id, value] of [['#feed-diversity', '1'], ['#feed-exploration', '0.5']]) {
      const v = await version();
      await page.locator(id).evaluate((el, x) => { el.value = x; el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); }, value);
      await page.waitForFunction((old) => document.querySelector('#feed-next')?.dataset.version !== old, v);
    }
    const reasons = await page.locator('#feed-next .reasons').allTextContents();
    assert.ok(reasons.some((r) => /something new/.test(r)), 'exploration brings in new videos');
    await page.locator('#feed-reset').click();
    await page.waitForFunction(() => /starts again/.test(document.querySelector('#feed-status')?.textContent ?? ''));
    assert.deepEqual(await interestTags(), []);
    assert.match(await page.locator('#feed-data-summary').textContent(), /^0 events recorded.*IndexedDB/);
  });

  test('with next-video transitions, a view and a skip say what changed in Up next, and why', async () => {
    const version = () => page.locator('#feed-next').getAttribute('data-version');
    const reranked = (old) => page.waitForFunction((o) => document.querySelector('#feed-next')?.dataset.version !== o, old);
    const values = await page.locator('#feed-algorithm option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(values.slice(0, 5), ['itemknn', 'userknn', 'content', 'popularity', 'transitions'], 'transitions right after the four');
    assert.ok(!values.includes('sasrec'), 'sasrec (minutes of training) is not offered in the feed');
    let v;
    for (const [id, value] of [['#feed-diversity', '0.2'], ['#feed-exploration', '0.1']]) { // the defaults again
      v = await version();
      await page.locator(id).evaluate((el, x) => { el.value = x; el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); }, value);
      await reranked(v);
    }
    v = await version();
    await page.locator('#feed-algorithm').selectOption('transitions');
    await reranked(v);
    assert.match(await page.locator('#feed-status').textContent(), /^next-video transitions: trained on/);
    assert.equal(await page.locator('#feed-changes').textContent(), '', 'choosing an algorithm is not a swipe');
    const card = page.locator('#phone-screen .card');
    const watchedId = await card.getAttribute('data-id');
    const watchedTitle = await card.locator('.card-title').textContent();
    const before = await upNextIds();
    await page.locator('#feed-watch').focus();
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
    v = await version();
    await page.getByRole('button', { name: 'Next video' }).click();
    await reranked(v);
    const after = await upNextIds();
    assert.notDeepEqual(after, before, 'watching a video changes Up next');
    const changes = page.locator('#feed-changes');
    const text = await changes.textContent();
    assert.ok(text.startsWith(`You just watched “${watchedTitle}” (0:12 of `), text);
    assert.equal(await changes.getAttribute('data-action'), 'view');
    assert.equal(await changes.getAttribute('data-video'), watchedId);
    const entered = (await changes.getAttribute('data-entered')).split(' ').filter(Boolean);
    const left = (await changes.getAttribute('data-left')).split(' ').filter(Boolean);
    assert.ok(entered.length > 0, `some videos entered Up next: ${text}`);
    for (const id of entered) assert.ok(after.includes(id) && !before.includes(id), `${id} is new in Up next`);
    for (const id of left) assert.ok(before.includes(id) && !after.includes(id), `${id} left Up next`);
    assert.match(text, new RegExp(`${entered.length} new in Up next — `));
    if (left.length) assert.match(text, new RegExp(`${left.length} videos? left Up next — `));
    const marked = await page.locator('#feed-next li.is-new').evaluateAll((els) => els.map((e) => e.dataset.id));
    assert.deepEqual(marked.sort(), [...entered].sort(), 'the new ones are marked in the list');
    const reasons = await page.locator('#feed-next .reasons').allTextContents();
    assert.ok(reasons.some((r) => r.includes(`because you just watched “${watchedTitle}”`)), `a 'recent' reason: ${reasons.join(' | ')}`);
    await shot(page.locator('#feed'), '3-feed-changes');
    // A skip is attributed too.
    const skippedTitle = await card.locator('.card-title').textContent();
    v = await version();
    await page.getByRole('button', { name: 'Skip' }).click();
    await reranked(v);
    assert.ok((await changes.textContent()).startsWith(`You skipped “${skippedTitle}”`), await changes.textContent());
    assert.equal(await changes.getAttribute('data-action'), 'skip');
    v = await version();
    await page.locator('#feed-algorithm').selectOption('itemknn');
    await reranked(v);
    await page.locator('#feed-reset').click();
    await page.waitForFunction(() => /starts again/.test(document.querySelector('#feed-status')?.textContent ?? ''));
  });

  test('the bubble panel: history and Up next mixes sum to 1, calibration lowers miscalibration, new videos are tried', async () => {
    const version = () => page.locator('#feed-next').getAttribute('data-version');
    const setKnob = async (id, value) => {
      const v = await version();
      await page.locator(id).evaluate((el, x) => { el.value = x; el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); }, value);
      await page.waitForFunction((old) => document.querySelector('#feed-next')?.dataset.version !== old, v);
    };
    const bubble = page.locator('#feed-bubble');
    assert.equal(await bubble.getAttribute('data-history-sum'), '0', 'a fresh profile has no history mix');
    assert.match(await bubble.textContent(), /Nothing in your history yet/);
    // Two cooking likes and one pets like: a history of two topics.
    let liked = 0;
    for (const topic of ['cooking', 'cooking', 'pets']) {
      await page.locator('#feed-topic').selectOption(topic);
      await page.locator('#feed-topic-go').click();
      await page.waitForFunction((t) => document.querySelector('#phone-screen .card')?.dataset.topic === t, topic);
      await page.locator('[data-action="like"]').click();
      liked += 1;
      await page.waitForFunction((n) => document.querySelector('#feed-data-summary')?.dataset.saved === String(n), liked);
    }
    const sums = async () => ({ history: Number(await bubble.getAttribute('data-history-sum')), feed: Number(await bubble.getAttribute('data-feed-sum')) });
    const { history, feed } = await sums();
    assert.ok(Math.abs(history - 1) < 1e-6 && Math.abs(feed - 1) < 1e-6, `both mixes sum to 1: ${history}, ${feed}`);
    const titles = await page.locator('#feed-bubble svg g[aria-label="bar"] rect title').allTextContents();
    assert.ok(titles.some((t) => /^#cooking: \d+% your history$/.test(t)), `a history bar for #cooking: ${titles.join(' | ')}`);
    assert.ok(titles.some((t) => / Up next$/.test(t)), 'bars for Up next');
    const kl = async () => Number(await bubble.getAttribute('data-miscalibration'));
    const plain = await kl();
    assert.equal(await page.locator('#feed-bubble .bubble-kl').textContent(), plain.toFixed(2));
    await setKnob('#feed-calibration', '1');
    const calibrated = await kl();
    assert.ok(calibrated < plain, `calibration 1 lowers the miscalibration: ${plain} -> ${calibrated}`);
    assert.match(await page.locator('#feed-bubble .bubble-change').textContent(),
      /^calibration 1: the feed's #[\w-]+ share \d+% → \d+%, history \d+%; miscalibration [\d.]+ → [\d.]+\.$/);
    await shot(page.locator('#feed'), '3-feed-bubble');
    // The sample world has videos too new to be judged: a budget of 1 tries them.
    await setKnob('#feed-new-videos', '1');
    const reasons = await page.locator('#feed-next .reasons').allTextContents();
    assert.ok(reasons.some((r) => r.includes('new, trying it')), `new videos in Up next: ${reasons.join(' | ')}`);
    assert.match(await page.locator('#feed-bubble .bubble-change').textContent(), /^new videos 1: /);
    for (const id of ['#feed-calibration', '#feed-new-videos']) await setKnob(id, '0');
    await page.locator('#feed-reset').click();
    await page.waitForFunction(() => /starts again/.test(document.querySelector('#feed-status')?.textContent ?? ''));
  });

  test('the evaluation completes and shows numbers', async () => {
    await page.locator('#eval-run').click();
    await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('#eval-form')?.dataset.state), null, { timeout: 45_000 });
    const status = await page.locator('#eval-status').textContent();
    assert.equal(await page.locator('#eval-form').getAttribute('data-state'), 'done', status);
    const rows = await page.locator('#eval-table tbody tr[data-algorithm]').evaluateAll((trs) => trs.map((tr) => ({
      algorithm: tr.dataset.algorithm,
      ndcg: Number(tr.querySelector('.metric-ndcg').textContent),
      recall: Number(tr.querySelector('.metric-recall').textContent),
    })));
    assert.deepEqual(rows.map((r) => r.algorithm).sort(), ['content', 'itemknn', 'popularity', 'userknn']);
    for (const r of rows) {
      assert.ok(r.ndcg >= 0 && r.ndcg <= 1 && r.recall >= 0 && r.recall <= 1, JSON.stringify(r));
    }
    assert.ok(rows.some((r) => r.ndcg > 0 && r.recall > 0), 'some algorithm finds hidden videos');
    assert.equal(await page.locator('#eval-chart svg rect').count() >= 8, true, 'a bar per algorithm and metric');
    // The chart draws the table's numbers: each bar's title is "algorithm: value metric".
    const bars = await page.locator('#eval-chart svg g[aria-label="bar"] rect title').allTextContents();
    assert.equal(bars.length, rows.length * 2);
    for (const r of rows) {
      assert.ok(bars.includes(`${r.algorithm}: ${r.ndcg.toFixed(3)} NDCG@10`), `${r.algorithm} NDCG bar in ${bars.join(' | ')}`);
      assert.ok(bars.includes(`${r.algorithm}: ${r.recall.toFixed(3)} Recall@10`), `${r.algorithm} Recall bar`);
    }
    await shot(page.locator('#evaluation'), '4-evaluation');
  });

  test('the popularity curve draws NDCG@10 against long-tail share, one point per algorithm and β', async () => {
    const expected = await curveInNode();
    await page.locator('#eval-curve-run').click();
    await page.waitForFunction(() => ['done', 'error', 'cancelled'].includes(document.querySelector('#eval-curve')?.dataset.state), null, { timeout: 60_000 });
    const status = await page.locator('#eval-curve-status').textContent();
    assert.equal(await page.locator('#eval-curve').getAttribute('data-state'), 'done', status);
    assert.match(status, /^Drawn in [\d.]+ s on the sample world: .* 8 evaluations/);
    assert.equal(await page.locator('#eval-curve').getAttribute('data-points'), String(expected.length));
    const dots = await page.locator('#eval-curve svg g[aria-label="dot"] circle title').allTextContents();
    assert.equal(dots.length, expected.length, 'a point per algorithm and β');
    for (const p of expected) {
      const title = `${p.algorithm}, β ${p.beta}: NDCG@10 ${p.ndcg}, long-tail share ${p.longTailShare}`;
      assert.ok(dots.includes(title), `${title} in ${dots.join(' | ')}`);
    }
    assert.match(await page.locator('#eval-curve-reading').textContent(), /long tail at β 0 to /);
    await shot(page.locator('#evaluation'), '4-evaluation-curve');
  });

  test('the next-video protocol completes on the sample world', async () => {
    await page.locator('input[name="eval-protocol"][value="next"]').check();
    await page.locator('#eval-run').click();
    await evalFinished();
    const status = await page.locator('#eval-status').textContent();
    assert.equal(await page.locator('#eval-form').getAttribute('data-state'), 'done', status);
    assert.match(status, /300 people each had their last liked video hidden; computed by rr\.evaluateNextItem \(split last, k = 10\)/);
    assert.deepEqual(await page.locator('#eval-table thead th').allTextContents(), ['Algorithm', 'NDCG@10', 'HR@10', 'MRR@10', 'Coverage@10', 'Train']);
    const rows = await nextItemRows();
    const expected = await nextItemInNode();
    assert.deepEqual(rows.map((r) => r.algorithm), expected.map((e) => e.algorithm), 'one row per algorithm of the protocol');
    assert.ok(rows.some((r) => r.algorithm === 'transitions'), 'transitions is registered and evaluated');
    for (const r of rows) {
      for (const key of ['ndcg', 'hitrate', 'mrr', 'coverage']) assert.ok(r[key] >= 0 && r[key] <= 1, JSON.stringify(r));
      // One hidden item per person: 1/rank <= 1/log2(rank + 1) <= 1 for a hit, so MRR <= NDCG <= HR.
      assert.ok(r.mrr <= r.ndcg + 0.0015 && r.ndcg <= r.hitrate + 0.0015, JSON.stringify(r));
    }
    // The page shows what the library computes in Node on the same export.
    for (const e of expected) {
      const r = rows.find((x) => x.algorithm === e.algorithm);
      assert.deepEqual([r.ndcg, r.hitrate, r.mrr, r.coverage].map((x) => x.toFixed(3)), [e.ndcg, e.hitrate, e.mrr, e.coverage], e.algorithm);
    }
    // The sample's simulated viewers pick each video by taste alone, not by the one before, so transitions
    // does NOT beat popularity's NDCG here (measured: 0.017 against 0.035). What holds: popularity gives
    // everyone the same list, and covers fewer videos than transitions.
    const by = Object.fromEntries(rows.map((r) => [r.algorithm, r]));
    assert.ok(by.popularity.coverage < by.transitions.coverage, JSON.stringify([by.popularity, by.transitions]));
    assert.equal(await page.locator('#eval-chart-caption').textContent(), 'NDCG@10 and HR@10 per algorithm');
    const bars = await page.locator('#eval-chart svg g[aria-label="bar"] rect title').allTextContents();
    assert.equal(bars.length, rows.length * 2);
    for (const r of rows) {
      assert.ok(bars.includes(`${r.algorithm}: ${r.ndcg.toFixed(3)} NDCG@10`), `${r.algorithm} NDCG bar in ${bars.join(' | ')}`);
      assert.ok(bars.includes(`${r.algorithm}: ${r.hitrate.toFixed(3)} HR@10`), `${r.algorithm} HR bar`);
    }
    await shot(page.locator('#evaluation'), '4-evaluation-next');
    await page.locator('input[name="eval-protocol"][value="topn"]').check();
  });

  test('cancel stops a running evaluation', async () => {
    await page.locator('#eval-viewers').selectOption('3000');
    await page.locator('#eval-run').click();
    await page.waitForFunction(() => document.querySelector('#eval-form')?.dataset.state === 'running');
    await page.waitForTimeout(300);
    await page.locator('#eval-cancel').click();
    assert.equal(await page.locator('#eval-form').getAttribute('data-state'), 'cancelled');
    assert.match(await page.locator('#eval-status').textContent(), /^Cancelled/);
    assert.equal(await page.locator('#eval-run').isEnabled(), true);
    await page.waitForTimeout(500);
    assert.equal(await page.locator('#eval-form').getAttribute('data-state'), 'cancelled', 'nothing finishes after cancel');
    await page.locator('#eval-viewers').selectOption('300');
  });

  test('a CSV from disk is evaluated, and a malformed one is reported by line', async () => {
    await page.locator('#eval-file').setInputFiles({ name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(ratingsCsv()) });
    assert.equal(await page.locator('input[name="eval-source"][value="csv"]').isChecked(), true, 'picking a file selects it');
    await page.locator('#eval-run').click();
    await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('#eval-form')?.dataset.state), null, { timeout: 20_000 });
    assert.equal(await page.locator('#eval-form').getAttribute('data-state'), 'done', await page.locator('#eval-status').textContent());
    assert.match(await page.locator('#eval-status').textContent(), /ratings\.csv/);
    const algorithms = await page.locator('#eval-table tbody tr[data-algorithm]').evaluateAll((trs) => trs.map((tr) => tr.dataset.algorithm));
    assert.deepEqual(algorithms.sort(), ['itemknn', 'popularity', 'userknn']);
    assert.match(await page.locator('#eval-table').textContent(), /content\s*not run/);

    const bad = 'user,item,rating\na,x,4\nb,y,lots\n';
    await page.locator('#eval-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.locator('#eval-run').click();
    await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('#eval-form')?.dataset.state), null, { timeout: 20_000 });
    assert.equal(await page.locator('#eval-form').getAttribute('data-state'), 'error');
    assert.match(await page.locator('#eval-status').textContent(), /line 3/);
    await page.locator('input[name="eval-source"][value="sample"]').check();
  });

  test('a CSV from disk is evaluated with the next-video protocol', async () => {
    await page.locator('input[name="eval-protocol"][value="next"]').check();
    await page.locator('#eval-file').setInputFiles({ name: 'chain.csv', mimeType: 'text/csv', buffer: Buffer.from(ratingsCsv()) });
    assert.equal(await page.locator('input[name="eval-source"][value="csv"]').isChecked(), true);
    await page.locator('#eval-run').click();
    await evalFinished();
    const status = await page.locator('#eval-status').textContent();
    assert.equal(await page.locator('#eval-form').getAttribute('data-state'), 'done', status);
    assert.match(status, /chain\.csv.*40 people each had their last rated item hidden/);
    const rr = await nodeApi();
    const rows = await nextItemRows();
    assert.deepEqual(rows.map((r) => r.algorithm), NEXT_ITEM.filter((n) => rr.algorithms.some((a) => a.name === n && a.trainable)));
    for (const r of rows) assert.ok(r.ndcg >= 0 && r.ndcg <= 1 && r.hitrate >= 0 && r.hitrate <= 1, JSON.stringify(r));
    // Here order is real: each group walks its films in steps of 3, so the film after the last one is
    // predictable, and transitions finds it where popularity cannot.
    const by = Object.fromEntries(rows.map((r) => [r.algorithm, r]));
    assert.ok(by.transitions.ndcg > by.popularity.ndcg, JSON.stringify([by.transitions, by.popularity]));
    assert.equal(await page.locator('#eval-chart svg g[aria-label="bar"] rect').count(), rows.length * 2);
    await page.locator('input[name="eval-protocol"][value="topn"]').check();
    await page.locator('input[name="eval-source"][value="sample"]').check();
  });

  test('section 5 counts the requests: none to another computer', async () => {
    assert.equal(await page.locator('#privacy-outside').textContent(), '0');
    assert.ok(Number(await page.locator('#privacy-own').textContent()) > 5, 'the page\'s own files are listed');
    await page.locator('#privacy details summary').click();
    await shot(page.locator('#privacy'), '5-privacy');
  });

  test('section 6: the creator dashboard shows the most viewed creator\'s engagement', async () => {
    await dashboardReady();
    const options = await page.locator('#dash-creator option').evaluateAll((els) => els.map((o) => ({ value: o.value, text: o.textContent })));
    const views = options.map((o) => Number(/([\d,]+) views/.exec(o.text)?.[1].replace(/,/g, '') ?? 0));
    assert.equal(options.length, 150, 'every creator of the sample world can be picked');
    assert.equal(await page.locator('#dash-creator').inputValue(), options[0].value, 'the most viewed creator comes first and is picked');
    assert.equal(views[0], Math.max(...views));
    // The same figures straight from the package in Node: the creator's own events.
    const rr = await load({ tools: true });
    const videos = sampleVideos();
    const ids = new Set(videos.filter((v) => v.creator === options[0].value).map((v) => v.id));
    const log = new rr.Interactions().addMany(simulateViewers(videos).events.filter((e) => ids.has(e.item)));
    const expected = rr.analytics.engagement(log, { by: 'video', minGroupSize: 5 });
    const expectedDays = rr.analytics.engagement(log, { by: 'day', minGroupSize: 5 });
    log.dispose();
    assert.equal(await page.locator('[data-kpi="views"] dd').textContent(), expected.overall.views.toLocaleString('en'));
    assert.equal(await page.locator('[data-kpi="viewers"] dd').textContent(), String(expected.overall.uniqueViewers));
    assert.equal(await page.locator('[data-kpi="watch"] dd').textContent(), expected.overall.meanWatchRatio.toFixed(2));
    assert.deepEqual(await dashboardTableKeys(), expected.groups.map((g) => g.key), 'one row per video, small ones merged into "other"');
    const first = page.locator('#dash-table tbody tr').first();
    assert.equal(await first.locator('td').first().textContent(), String(expected.groups[0].views));
    assert.match(await first.locator('td.metric-watch').textContent(), /^\d\.\d\d$/);
    assert.match(await first.textContent(), /\d+\.\d%/, 'rates are shown');
    assert.equal(await first.locator('td.spread svg rect').count(), 11, 'a small watch-ratio histogram per row');
    assert.equal(await page.locator('#dash-table tfoot tr[data-key="overall"]').count(), 1);
    assert.equal(await page.locator('#dash-video-bars g[aria-label="bar"] rect').count(), 2 * expected.groups.length, 'the chart has a bar pair per row');
    assert.deepEqual(await barNumbers('#dash-video-bars', 'views'), expected.groups.map((g) => g.views), 'the bars show each row\'s views');
    assert.deepEqual(await barNumbers('#dash-video-bars', 'unique viewers'), expected.groups.map((g) => g.uniqueViewers));
    assert.equal(await page.locator('#dash-hist g[aria-label="bar"] rect').count(), 11);
    assert.deepEqual(await barNumbers('#dash-hist', 'views'), expected.overall.watchRatio.histogram, 'the histogram shows the watch-ratio bins');
    assert.ok(await page.locator('#dash-days g[aria-label="bar"] rect').count() >= 2 * 3, 'engagement by day');
    assert.deepEqual(await barNumbers('#dash-days', 'views'), expectedDays.groups.map((g) => g.views), 'a column pair per day');
    assert.match(await privacyLine('videos'), /merged into one “other” group/);
    assert.match(await page.locator('#dash-status').textContent(), /segments \d+ ms/);
  });

  test('section 6: changing the creator changes the table and the segments', async () => {
    const before = await dashboardTableKeys();
    const second = await page.locator('#dash-creator option').nth(1).getAttribute('value');
    await page.locator('#dash-creator').selectOption(second);
    await dashboardReady();
    assert.equal(await page.locator('#dashboard').getAttribute('data-creator'), second);
    assert.equal(await page.locator('#dash-table').getAttribute('data-creator'), second);
    const after = await dashboardTableKeys();
    assert.ok(after.length > 0);
    assert.notDeepEqual(after, before);
    assert.match(await page.locator('#dash-table-caption').textContent(), new RegExp(`@${second}'s videos`));
    assert.equal(await page.locator('#dash-reach-creator-label').textContent(), `made by @${second}`);
  });

  test('section 6: segment cards respect the minimum group size, and raising it merges or hides groups', async () => {
    const cards = page.locator('#dash-segments li.segment-card');
    assert.ok(await cards.count() >= 2, 'segments are shown');
    for (const size of await segmentSizes()) assert.ok(size >= 5, `a segment of ${size}`);
    assert.match(await page.locator('#dash-seg-summary').textContent(), /k = \d+ segments: the k with the best silhouette/);
    assert.ok(await cards.first().locator('.chip').count() > 0, 'a segment is described by its tags');
    assert.match(await privacyLine('segments'), /^Audience segments: Every segment has at least 5 people, so nothing is merged or hidden/);
    assert.equal(await page.locator('#dash-privacy li[data-result="segments"].changed').count(), 0, 'at 5 every segment of this audience is big enough');
    // With the keyboard: type a larger minimum and leave the field.
    await page.locator('#dash-min').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('20');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => document.querySelector('#dashboard')?.dataset.min === '20' && document.querySelector('#dashboard').dataset.state === 'ready');
    const sizes = await segmentSizes();
    assert.ok(sizes.length >= 1);
    for (const size of sizes) assert.ok(size >= 20, `a segment of ${size} under a minimum of 20`);
    assert.match(await privacyLine('segments'), /(merged into one “other” group|hidden, because even merged)/);
    assert.equal(await page.locator('#dash-privacy li[data-result="segments"].changed').count(), 1);
    assert.match(await privacyLine('videos'), /fewer than 20 people/);
    assert.equal(await page.locator('#dash-privacy li.changed').count() >= 2, true, 'the changed results stand out');
    await shot(page.locator('#dashboard'), '6-dashboard-min20');
    // A group of one is a person: 1 is refused and becomes 2.
    await page.locator('#dash-min').fill('1');
    await page.locator('#dash-min').press('Tab');
    await page.waitForFunction(() => document.querySelector('#dashboard')?.dataset.min === '2' && document.querySelector('#dashboard').dataset.state === 'ready');
    assert.equal(await page.locator('#dash-min').inputValue(), '2');
    assert.equal(await page.locator('#dash-min').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#dash-min-msg').textContent(), /smallest allowed group is 2/);
    await page.locator('#dash-min').fill('5');
    await page.locator('#dash-min').press('Tab');
    await page.waitForFunction(() => document.querySelector('#dashboard')?.dataset.min === '5' && document.querySelector('#dashboard').dataset.state === 'ready');
  });

  test('section 6: who to reach with a new #pets video, counted and never named', async () => {
    for (const box of await page.locator('#dash-tags input[name="dash-tag"]:checked').all()) await box.uncheck();
    await page.locator('#dash-reach-creator').uncheck();
    await dashboardReady();
    assert.match(await page.locator('#dash-reach').textContent(), /Pick at least one tag/);
    await page.locator('#dash-topics').getByRole('checkbox', { name: '#pets', exact: true }).check();
    await page.waitForFunction(() => document.querySelector('#dash-reach')?.dataset.tags === 'pets' && document.querySelector('#dashboard').dataset.state === 'ready');
    const count = Number((await page.locator('#dash-reach-count').textContent()).replace(/,/g, ''));
    assert.ok(count > 0 && count <= 300, `${count} people with some affinity`);
    const rows = page.locator('#dash-reach .reach-row');
    assert.ok(await rows.count() >= 2, 'segments ranked by affinity');
    assert.match(await rows.first().locator('.reach-name').textContent(), /#pets/, 'the keenest segment watches pets');
    for (const size of await rows.evaluateAll((els) => els.map((e) => Number(e.dataset.size)))) assert.ok(size >= 5);
    assert.match(await page.locator('#dash-reach').textContent(), /Cold start/);
    assert.doesNotMatch(await page.locator('#dashboard').textContent(), /viewer\d{3}/, 'no person is named');
    assert.match(await privacyLine('reach'), /segment/);
    // A sub-tag appears under its topic and narrows the description.
    await page.locator('#dash-subtags').getByRole('checkbox', { name: '#cats', exact: true }).check();
    await page.waitForFunction(() => document.querySelector('#dash-reach')?.dataset.tags === 'pets cats' && document.querySelector('#dashboard').dataset.state === 'ready');
    await page.locator('#dash-reach-creator').check();
    await dashboardReady();
    await shot(page.locator('#dashboard'), '6-dashboard');
  });

  test('a phone-sized viewport has no sideways scrolling', async () => {
    const phone = await context.newPage();
    watch(phone);
    await phone.setViewportSize({ width: 390, height: 844 });
    await gotoReady(phone);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await shot(phone.locator('#feed'), '3-feed-phone');
    await shot(phone.locator('#usercf'), '2-usercf-phone');
    await dashboardReady(phone);
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth) <= 0, 'the dashboard fits the phone');
    await shot(phone.locator('#dashboard'), '6-dashboard-phone');
    await phone.close();
  });

  test('no request left localhost and nothing logged an error during the session', () => {
    assert.ok(requests.length > 10, 'requests were recorded');
    const away = requests.filter((u) => {
      const { protocol, hostname } = new URL(u);
      if (protocol === 'blob:' || protocol === 'data:') return false;
      return !['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
    });
    assert.deepEqual(away, []);
    assert.ok(requests.some((u) => target.toolsWasm.test(new URL(u).pathname)), 'the wasm (the tools module: the demo evaluates and analyses) came from the local server');
    assert.ok(requests.some((u) => /\/eval-worker[\w-]*\.js$/.test(new URL(u).pathname)), 'the evaluation worker\'s requests were recorded too');
    const outsideTheFolder = requests.filter((u) => /^https?:/.test(u) && !u.startsWith(baseUrl));
    assert.deepEqual(outsideTheFolder, [], 'every file comes from the demo\'s own folder');
    assert.deepEqual(problems, []);
  });
});
