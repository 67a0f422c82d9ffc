// The npm package in every environment it claims, installed as a stranger
// would: `npm pack` once, then for each environment a new EMPTY folder gets
// `npm install <tarball>` (plus vite or esbuild, pinned, where the example
// needs them), the example's files from examples/<name>/, and a run:
//   Node ESM and CommonJS as processes; a plain page with no bundler, Vite's
//   dev server and its production build, an esbuild bundle, a module Web
//   Worker and a Manifest V3 Chrome extension in headless Chromium.
// Every browser run records every request and checks that the only ones are
// to the local server (or the extension itself), with reelrank.wasm fetched
// exactly once: the package makes no network request of its own.
//
// Needs dist/ built first (node scripts/build.mjs), Debian's chromium at
// /usr/bin/chromium and the devDependency playwright-core. Run:
//   node --test tests/package/
// REELRANK_BROWSER_TESTS=0 skips the browser environments;
// REELRANK_KEEP_TEMP=1 keeps the temporary folders for a look;
// REELRANK_TEST_TARBALL=/abs/path.tgz tests that tarball instead of packing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as h from './harness.mjs';

const BROWSER = process.env.REELRANK_BROWSER_TESTS !== '0';
const TIMEOUT = 120_000;

let base; // the temporary folder holding the tarball, the apps and the browser profiles
let env; // npm's environment: one shared cache
let tarball;
let packedFiles;
let manifest; // the packed package.json
let browser; // one headless Chromium for every http-served example

before(async () => {
  for (const f of ['index.js', 'index.d.ts', 'reelrank.mjs', 'reelrank.wasm']) {
    assert.ok(existsSync(join(h.ROOT, 'dist', f)), `dist/${f} is missing: build first with node scripts/build.mjs`);
  }
  base = await h.makeTemp('reelrank-package-');
  env = h.npmEnv(process.env.REELRANK_NPM_CACHE);
  if (process.env.REELRANK_TEST_TARBALL) {
    // A tarball made elsewhere (a release candidate, say) instead of packing this checkout.
    tarball = process.env.REELRANK_TEST_TARBALL;
    const { stdout } = await h.run('tar', ['-tzf', tarball]);
    packedFiles = stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  } else {
    ({ tarball, files: packedFiles } = await h.packOnce(base, env));
  }
  manifest = await h.packedManifest(tarball);
  if (BROWSER) {
    assert.ok(existsSync(h.CHROMIUM), `${h.CHROMIUM} is missing: apt-get install -y chromium (or REELRANK_BROWSER_TESTS=0)`);
    browser = await h.launchChromium(base, 'shared');
  }
});

after(async () => {
  await browser?.close();
  if (base && process.env.REELRANK_KEEP_TEMP !== '1') await rm(base, { recursive: true, force: true });
  else if (base) console.log(`# kept ${base}`);
});

/** Every URL in `requests` is under `origin`, and exactly one is a .wasm (`wasmName` when given). */
function assertOnlyOwnRequests(requests, origin, what, { wasmName = 'reelrank.wasm' } = {}) {
  assert.ok(requests.length > 0, `${what}: no request was recorded`);
  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`));
  assert.deepEqual(foreign, [], `${what}: requests to somewhere other than ${origin}`);
  const wasm = requests.filter((u) => new URL(u).pathname.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `${what}: expected the .wasm exactly once, got:\n${wasm.join('\n') || '(none)'}`);
  if (wasmName instanceof RegExp) assert.match(new URL(wasm[0]).pathname, wasmName);
  else assert.ok(new URL(wasm[0]).pathname.endsWith(`/${wasmName}`), `${what}: fetched ${wasm[0]}`);
}

/** The sample person watched cooking and travel and liked cooking: a ranked feed of 10. */
function assertFeed(result, what) {
  assert.ok(result, `${what}: the page set no result`);
  assert.equal(result.error, undefined, `${what}: ${JSON.stringify(result.error)}`);
  assert.equal(result.feed.length, 10, `${what}: feed length`);
  assert.ok(result.feed.every((r) => typeof r.id === 'string' && Number.isFinite(r.score)), `${what}: feed entries`);
  const tags = result.interests.map((i) => (typeof i === 'string' ? i : i.tag));
  assert.equal(tags[0], 'cooking', `${what}: interests ${tags.join(', ')}`);
}

async function browserPage(t, url, what) {
  const opened = await h.openAndWait(browser.context, url);
  t.after(() => opened.page.close().catch(() => {}));
  assert.deepEqual(opened.consoleErrors, [], `${what}: console errors`);
  return opened;
}

test('the packed package has dist/, types and exports in order', () => {
  for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/reelrank.mjs', 'dist/reelrank.wasm', 'dist/reelrank-tools.mjs',
    'dist/reelrank-tools.wasm', 'dist/tools.js', 'dist/worker.js', 'dist/worker.d.ts',
    'package.json', 'README.md', 'LICENSE']) {
    assert.ok(packedFiles.includes(f), `the tarball lacks ${f}`);
  }
  const stray = packedFiles.filter((f) => /^(src|tests|build|bench|examples|scripts|web)\//.test(f));
  assert.deepEqual(stray, [], 'the tarball carries files a user does not need');
  assert.equal(manifest.type, 'module');
  assert.equal(manifest.sideEffects, false);
  const dot = manifest.exports['.'];
  assert.deepEqual(Object.keys(dot), ['types', 'default'], "exports['.']: types must come before default");
  assert.equal(manifest.exports['./reelrank.wasm'], './dist/reelrank.wasm');
  // reelrank/worker is a documented entry point (README, docs/environments.md):
  // a package without it is broken, not a case to skip.
  assert.ok(manifest.exports['./worker'], "the packed package.json has no exports['./worker']");
  assert.deepEqual(Object.keys(manifest.exports['./worker']), ['types', 'default'], "exports['./worker']: types before default");
  assert.equal(manifest.exports['./worker'].default, './dist/worker.js');
  assert.equal(manifest.exports['./worker'].types, './dist/worker.d.ts');
});

test('Node ESM: import { load } from reelrank', { timeout: TIMEOUT }, async () => {
  const app = await h.makeApp(base, 'node-esm', { tarball, env });
  const { stdout } = await h.run(process.execPath, ['index.mjs'], { cwd: app, env });
  const r = JSON.parse(stdout);
  assertFeed(r, 'node-esm');
  assert.ok(Math.abs(r.cosine - 10 / 14) < 1e-9, 'load({ wasmBinary }) works');
  assert.equal(r.loadError.isReelRankError, true);
  assert.equal(r.loadError.code, 'E_LOAD');
  assert.match(r.loadError.message, /no-such\.wasm/);
});

test('Node CommonJS: await import(reelrank)', { timeout: TIMEOUT }, async () => {
  const app = await h.makeApp(base, 'node-cjs', { tarball, env });
  const { stdout } = await h.run(process.execPath, ['index.cjs'], { cwd: app, env });
  const r = JSON.parse(stdout);
  assert.equal(r.feed.length, 5);
  // require(esm) exists from Node 20.19 / 22.12; before that, ERR_REQUIRE_ESM.
  assert.ok(['ok', 'ERR_REQUIRE_ESM'].includes(r.require), `require('reelrank') gave ${r.require}`);
});

test('TypeScript: a stranger\'s tsc resolves reelrank (and reelrank/worker) through exports', { timeout: TIMEOUT }, async () => {
  const tsc = join(h.ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  assert.ok(existsSync(tsc), `typescript (a devDependency) is not installed at ${tsc}: run npm ci`);
  const app = join(base, 'types');
  await cp(join(h.ROOT, 'tests', 'package', 'fixtures', 'types'), app, { recursive: true });
  await h.run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: app, env });
  const files = ['consumer.mts', 'worker-consumer.mts'];
  for (const moduleResolution of ['bundler', 'node16']) {
    const compilerOptions = {
      strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', lib: ['es2022', 'dom'], types: [],
      module: moduleResolution === 'bundler' ? 'es2022' : 'node16', moduleResolution,
    };
    const config = `tsconfig.${moduleResolution}.json`;
    await writeFile(join(app, config), JSON.stringify({ compilerOptions, files }, null, 2));
    await h.run(process.execPath, [tsc, '-p', config], { cwd: app, env });
  }
});

test('a plain page, no bundler (import map to node_modules)', { timeout: TIMEOUT, skip: !BROWSER && 'REELRANK_BROWSER_TESTS=0' }, async (t) => {
  const app = await h.makeApp(base, 'browser', { tarball, env });
  const server = await h.serveStatic(app);
  t.after(() => server.close());
  const { page, requests, result } = await browserPage(t, `${server.origin}/index.html`, 'browser');
  assertFeed(result, 'browser');
  assertOnlyOwnRequests(requests, server.origin, 'browser');
  assert.equal(server.requests.length, requests.length, 'the server saw the same requests as the page');

  // Overrides, in the same page: a wasmUrl that is missing, one that is not
  // wasm, and wasmBinary (bytes fetched by the page itself).
  const overrides = await page.evaluate(async (origin) => {
    const { load, ReelRankError } = await import('reelrank');
    const out = {};
    for (const [key, wasmUrl] of [['missing', `${origin}/missing.wasm`], ['notWasm', `${origin}/index.html`]]) {
      try {
        await load({ wasmUrl });
        out[key] = 'loaded';
      } catch (err) {
        out[key] = { isReelRankError: err instanceof ReelRankError, code: err.code, message: err.message };
      }
    }
    const bytes = await (await fetch(`${origin}/node_modules/reelrank/dist/reelrank.wasm`)).arrayBuffer();
    const rr = await load({ wasmBinary: bytes });
    out.binaryCosine = rr.teach.cosine([1, 2, 3], [3, 2, 1]);
    return out;
  }, server.origin);
  for (const key of ['missing', 'notWasm']) {
    assert.equal(overrides[key].isReelRankError, true, `${key}: ${JSON.stringify(overrides[key])}`);
    assert.equal(overrides[key].code, 'E_LOAD');
  }
  assert.ok(overrides.missing.message.includes(`${server.origin}/missing.wasm`), overrides.missing.message);
  assert.match(overrides.missing.message, /404/);
  assert.ok(overrides.notWasm.message.includes(`${server.origin}/index.html`), overrides.notWasm.message);
  assert.ok(Math.abs(overrides.binaryCosine - 10 / 14) < 1e-9);
  // The page's own fetch of the bytes is the last request: load({ wasmBinary }) fetched nothing.
  assert.deepEqual(server.requests.slice(-3), ['/missing.wasm', '/index.html', '/node_modules/reelrank/dist/reelrank.wasm'],
    `requests after the example ran: ${server.requests.slice(-4).join(', ')}`);
});

test('Vite: dev server and production build', { timeout: TIMEOUT, skip: !BROWSER && 'REELRANK_BROWSER_TESTS=0' }, async (t) => {
  const app = await h.makeApp(base, 'vite', { tarball, env, tools: [h.VITE] });
  const viteEnv = { ...env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' };
  const vite = join(app, 'node_modules', 'vite', 'bin', 'vite.js');

  await t.test('dev server', async (t2) => {
    const dev = await h.spawnUntil(process.execPath, [vite, '--host', '127.0.0.1', '--port', '0', '--strictPort'], {
      cwd: app, env: viteEnv, ready: /Local:\s+(http:\/\/127\.0\.0\.1:\d+)\//,
    });
    t2.after(() => h.stopChild(dev.child));
    const origin = dev.match[1];
    const { requests, result } = await browserPage(t2, `${origin}/`, 'vite dev');
    assertFeed(result, 'vite dev');
    assertOnlyOwnRequests(requests, origin, 'vite dev');
  });

  await t.test('production build, served statically', async (t2) => {
    await h.run(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: app, env: viteEnv });
    const assets = await readdir(join(app, 'dist', 'assets'));
    assert.ok(assets.some((f) => /^reelrank-.*\.wasm$/.test(f)), `vite build emitted the .wasm as an asset: ${assets.join(', ')}`);
    const server = await h.serveStatic(join(app, 'dist'));
    t2.after(() => server.close());
    const { requests, result } = await browserPage(t2, `${server.origin}/`, 'vite build');
    assertFeed(result, 'vite build');
    assertOnlyOwnRequests(requests, server.origin, 'vite build', { wasmName: /\/assets\/reelrank-[\w-]+\.wasm$/ });
  });
});

test('esbuild bundle', { timeout: TIMEOUT, skip: !BROWSER && 'REELRANK_BROWSER_TESTS=0' }, async (t) => {
  const app = await h.makeApp(base, 'esbuild', { tarball, env, tools: [h.ESBUILD] });
  await h.run(process.execPath, ['build.mjs'], { cwd: app, env });
  const server = await h.serveStatic(app);
  t.after(() => server.close());
  const { requests, result } = await browserPage(t, `${server.origin}/`, 'esbuild');
  assertFeed(result, 'esbuild');
  assertOnlyOwnRequests(requests, server.origin, 'esbuild');
  const modules = requests.map((u) => new URL(u).pathname);
  assert.deepEqual(modules.filter((p) => p.endsWith('.js')), ['/dist/main.js'], 'one bundle');
});

test('reelrank/worker in Node, over a MessageChannel', { timeout: TIMEOUT }, async () => {
  const app = join(base, 'worker-node');
  await cp(join(h.ROOT, 'tests', 'package', 'fixtures', 'worker-channel.mjs'), join(app, 'worker-channel.mjs'), { recursive: true });
  await h.run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: app, env });
  // Through the export map, as a user imports it: no fallback to a path.
  const { stdout } = await h.run(process.execPath, ['worker-channel.mjs', 'reelrank/worker'], { cwd: app, env });
  const r = JSON.parse(stdout);
  const err = (x, code) => {
    assert.equal(x?.isReelRankError, true, JSON.stringify(x));
    assert.equal(x.code, code, JSON.stringify(x));
  };
  err(r.recommendBeforeTrain, 'E_STATE');
  err(r.trainBeforeEvents, 'E_STATE');
  err(r.badCatalog, 'E_ARG');
  assert.equal(r.catalogAfterBad, 300, 'a failed loadCatalog keeps the old catalogue');
  assert.equal(r.info.algorithm, 'itemknn');
  assert.ok(r.progress > 0, 'onProgress reports arrive');
  err(r.signal, 'E_ARG');
  assert.equal(r.recorded.eventCount, 2);
  err(r.badEvent, 'E_ARG');
  assert.equal(r.feed.length, 5);
  assert.equal(r.forUser.length, 3);
  assert.equal(r.similar.length, 3);
  assert.equal(r.keptAfterCopy, r.profileBytes, 'bytes are copied by default');
  assert.equal(r.keptAfterTransfer, 0, '{ transfer: true } moves the buffer');
  err(r.corrupt, 'E_CORRUPT');
  assert.equal(r.sameFeed, true);
  assert.equal(r.modelInfo.hasUsers, false);
  assert.equal(r.sameClass, true, "reelrank/worker's ReelRankError is reelrank's");
  err(r.afterClose, 'E_DISPOSED');
});

test('module Web Worker through reelrank/worker', { timeout: TIMEOUT, skip: !BROWSER && 'REELRANK_BROWSER_TESTS=0' }, async (t) => {
  const check = (requests, origin, result, what) => {
    assertFeed(result, what);
    assertOnlyOwnRequests(requests, origin, what, { wasmName: /\/reelrank(-[\w-]+)?\.wasm$/ });
    assert.equal(result.info.algorithm, 'itemknn');
    assert.ok(result.progressReports > 0, `${what}: onProgress reached the main thread`);
    assert.ok(result.ticks > 0, `${what}: the main thread ran timers while the worker trained (${result.trainMs} ms)`);
    assert.ok(result.savedBytes > 0);
    assert.equal(result.transferredLength, 0, `${what}: loadProfile(bytes, { transfer: true }) moved the buffer`);
    assert.equal(result.sameFeed, true, `${what}: the reloaded profile ranks the same`);
    assert.equal(result.caught?.isReelRankError, true, `${what}: a failed call rejects with a ReelRankError`);
    assert.equal(result.caught.code, 'E_ARG');
    assert.match(result.caught.message, /k must be/);
  };

  await t.test('plain page, no bundler', async (t2) => {
    const app = await h.makeApp(base, 'worker', { tarball, env });
    const server = await h.serveStatic(app);
    t2.after(() => server.close());
    const { requests, result } = await browserPage(t2, `${server.origin}/`, 'worker');
    // Modules load twice (the page's module map and the worker's); the .wasm once, in the worker.
    check(requests, server.origin, result, 'worker');
  });

  await t.test('the same page bundled by Vite', async (t2) => {
    const app = await h.makeApp(base, 'worker-vite', { example: 'worker', tarball, env, tools: [h.VITE] });
    await h.run(process.execPath, [join(app, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
      { cwd: app, env: { ...env, NO_COLOR: '1' } });
    const server = await h.serveStatic(join(app, 'dist'));
    t2.after(() => server.close());
    const { requests, result } = await browserPage(t2, `${server.origin}/`, 'worker (vite)');
    check(requests, server.origin, result, 'worker (vite)');
  });
});

test('Chrome extension (Manifest V3): extension page, service worker, offscreen document', {
  timeout: TIMEOUT, skip: !BROWSER && 'REELRANK_BROWSER_TESTS=0',
}, async (t) => {
  const app = await h.makeApp(base, 'chrome-extension', { tarball, env });
  await h.run(process.execPath, ['copy-reelrank.mjs'], { cwd: app, env });
  const ext = join(app, 'extension');
  // The same extension without 'wasm-unsafe-eval', to show that MV3 needs it.
  const bare = join(app, 'extension-without-csp');
  await cp(ext, bare, { recursive: true });
  const m = JSON.parse(await readFile(join(bare, 'manifest.json'), 'utf8'));
  delete m.content_security_policy;
  m.name += ' (default CSP)';
  await writeFile(join(bare, 'manifest.json'), JSON.stringify(m, null, 2));

  const chrome = await h.launchChromium(base, 'extension', [`--disable-extensions-except=${ext},${bare}`, `--load-extension=${ext},${bare}`]);
  t.after(() => chrome.close());
  const contextRequests = [];
  chrome.context.on('request', (r) => contextRequests.push(r.url()));
  const deadline = Date.now() + 15_000;
  while (chrome.context.serviceWorkers().length < 2 && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 100));
  const ids = {};
  for (const sw of chrome.context.serviceWorkers()) {
    const name = await sw.evaluate(() => chrome.runtime.getManifest().name);
    ids[name.includes('default CSP') ? 'bare' : 'ext'] = new URL(sw.url()).host;
  }
  assert.ok(ids.ext && ids.bare, `both extensions started their service workers: ${JSON.stringify(ids)}`);

  const origin = `chrome-extension://${ids.ext}`;
  const opened = await h.openAndWait(chrome.context, `${origin}/feed.html`);
  assert.deepEqual(opened.consoleErrors, []);
  const r = opened.result;
  assertFeed(r.page, 'extension page');
  assertFeed(r.serviceWorker, 'service worker');
  assertFeed(r.offscreen, 'offscreen document');
  assert.deepEqual(r.serviceWorker.feed.map((x) => x.id), r.page.feed.map((x) => x.id), 'same ranking in the service worker');
  assert.deepEqual(r.offscreen.feed.map((x) => x.id), r.page.feed.map((x) => x.id), 'same ranking in the offscreen document');
  assertOnlyOwnRequests(opened.requests, origin, 'extension page');
  const web = contextRequests.filter((u) => !u.startsWith('chrome-extension://'));
  assert.deepEqual(web, [], 'nothing in the extension went to the network');

  const denied = await h.openAndWait(chrome.context, `chrome-extension://${ids.bare}/feed.html`);
  for (const where of ['page', 'serviceWorker', 'offscreen']) {
    const e = denied.result[where].error;
    assert.ok(e, `${where}: without 'wasm-unsafe-eval' loading must fail`);
    assert.equal(e.code, 'E_LOAD', `${where}: ${JSON.stringify(e)}`);
    assert.match(e.message, /Content Security Policy/i);
  }
});
