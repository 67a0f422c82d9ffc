#!/usr/bin/env node
// npm run bench: times the hot paths in wasm (through the JS API, as a user
// calls them, and the bare core compiled to wasm) and natively (the same C++),
// on one workload in one run, and prints the ratios. --json for machine output.
//
// Workload: a 10,000-video sample catalogue, 2,000 simulated viewers, and one
// person's 60-event profile; recommend() uses itemknn + content, k = 20.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseCli } from '../scripts/cli.mjs';
import { makeWorkload, writeWorkload } from './workload.mjs';
import { runReference } from './reference.mjs';
import { swipeWorld } from './sasrec-swipe-world.mjs';
import { CHROMIUM, timeSwipesInChromium } from './browser-swipe.mjs';
import { timeMs } from './timing.mjs';

const USAGE = `usage: npm run bench [-- --json]
       node --expose-gc bench/run.mjs [--json]

  --json   one JSON object with every figure on stdout (progress stays on stderr)
  --help   this text

Builds the core benchmark natively and in wasm (build/native, build/wasm) and the
benchmark-only kernels module (build/wasm/bench-module), needs dist/ built, and
prints speed and size tables (docs/benchmarks.md).`;
const { values } = parseCli({ name: 'bench', usage: USAGE, options: { json: { type: 'boolean' } } });
const { load } = await import('../dist/index.js');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const json = values.json === true;
const repeats = 1000;
const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' };
const log = (...a) => { if (!json) console.error(...a); };


// ---- workload, written once for all three builds -------------------------
const workload = makeWorkload();
const { videos, events, profileEvents } = workload;
const dir = writeWorkload(workload);
log(`workload: ${videos.length} videos, ${events.length} events, profile of ${profileEvents.length} events`);

// ---- core benchmark, native and wasm -------------------------------------
function build(buildDir, configure, targets) {
  try {
    execFileSync('cmake', ['--build', buildDir, '--target', ...targets, '-j2'], { cwd: root, env, stdio: 'ignore' });
  } catch {
    execFileSync(configure[0], configure.slice(1), { cwd: root, env, stdio: 'ignore' });
    execFileSync('cmake', ['--build', buildDir, '--target', ...targets, '-j2'], { cwd: root, env, stdio: 'inherit' });
  }
}
log('building the core benchmark (native and wasm) and the wasm scoring kernels...');
build('build/native', ['cmake', '-S', '.', '-B', 'build/native', '-DCMAKE_BUILD_TYPE=Release'], ['reelrank_bench', 'reelrank_bench_sasrec']);
// reelrank_bench_kernels_wasm: the kernels bench/reference.mjs times, a module
// built only here (build/wasm/bench-module), never shipped in dist/.
build('build/wasm', ['emcmake', 'cmake', '-S', '.', '-B', 'build/wasm', '-DCMAKE_BUILD_TYPE=Release'],
  ['reelrank_bench', 'reelrank_bench_kernels_wasm', 'reelrank_bench_sasrec']);
const parse = (out) => Object.fromEntries(out.trim().split('\n').map((l) => JSON.parse(l)).map((r) => [r.name, r]));
// Training of every algorithm on ml-latest-small, when ../shared/data has it.
const ratings = join(root, '..', 'shared', 'data', 'ml-latest-small', 'ratings.csv');
const mlArgs = existsSync(ratings) ? [ratings] : [];
const runCore = (d, n, extra = []) => [
  parse(execFileSync(join(root, 'build/native/reelrank_bench'), [d, String(n), ...extra], { encoding: 'utf8' })),
  parse(execFileSync('node', ['--no-experimental-fetch', join(root, 'build/wasm/reelrank_bench.cjs'), d, String(n), ...extra], { encoding: 'utf8', env })),
];
log('running the core benchmark natively and in wasm...');
const [native, wasmCore] = runCore(dir, repeats, mlArgs);
// The same ranking over a 100,000-video catalogue.
const bigWorkload = makeWorkload({ count: 100_000 });
const bigDir = writeWorkload(bigWorkload);
const [nativeBig, wasmBig] = runCore(bigDir, 200);
// SASRec's forward pass and scores after one new event, natively and in wasm
// (bench_sasrec latency: d 64, 2 blocks, a 200-event window, with what the
// model's inference cache keeps: the first block's parts and attention
// logits, and in wasm the packed weights), at three catalogue sizes.
const SASREC_SIZES = [1_000, 10_000, 100_000];
function sasrecCore(cmd, args) {
  return Object.fromEntries(SASREC_SIZES.map((items) => {
    const out = execFileSync(cmd, [...args, 'latency', `items=${items}`, 'maxLen=200'], { encoding: 'utf8', env });
    const kept = /direct, ([\d.]+) ms \(min [\d.]+\) with what the inference cache keeps/.exec(out);
    if (!kept) throw new Error(`bench_sasrec printed no latency: ${out}`);
    return [items, Number(kept[1])];
  }));
}
const sasrecNative = sasrecCore(join(root, 'build/native/reelrank_bench_sasrec'), []);
const sasrecWasm = sasrecCore('node', ['--no-experimental-fetch', join(root, 'build/wasm/reelrank_bench_sasrec.cjs')]);

// ---- the JS API in wasm ---------------------------------------------------
const rr = await load();
const catalog = new rr.Catalog().addMany(videos);
const ingestLog = timeMs(5, () => new rr.Interactions().addMany(events).dispose());
const trainingLog = new rr.Interactions().addMany(events);
const trainMs = timeMs(3, () => rr.train(trainingLog, { algorithm: 'itemknn', catalog }).dispose());
const model = rr.train(trainingLog, { algorithm: 'itemknn', catalog });
const asProfile = events.map(({ user, ...e }) => e);
const ingestProfile = timeMs(5, () => new rr.Profile({ catalog }).recordMany(asProfile).dispose());
const person = new rr.Profile({ catalog }).recordMany(profileEvents);
// Warm up the JIT and let the collector settle after the big ingestion arrays.
for (let i = 0; i < 1000; i++) model.recommend(person, { k: 20, diversity: i % 2 ? 0.3 : 0 });
globalThis.gc?.();
const recApi = timeMs(repeats, () => model.recommend(person, { k: 20 }));
const recApiDiv = timeMs(repeats, () => model.recommend(person, { k: 20, diversity: 0.3 }));
const recApiCal = timeMs(repeats, () => model.recommend(person, { k: 20, calibration: 0.5 }));
const recApiPop = timeMs(repeats, () => model.recommend(person, { k: 20, popularityCorrection: 0.5 }));
// A server's page after each swipe (bench_core.cpp's benchServerPage): 500
// candidates with descending scores; one view of a video off the page (20 of
// them in turn), then the page re-ranked whole (k = 500) or its next 10.
const serverPage = Array.from({ length: 500 }, (_, i) => ({ id: videos[i * 20].id, score: 500 - i }));
function rerankMs(k, explain = true) {
  return rr.scope(() => {
    const me = new rr.Profile({ catalog }).recordMany(profileEvents);
    let step = 0;
    const swipe = () => {
      const v = videos[(step % 20) * 20 + 1];
      step++;
      me.record({ item: v.id, type: 'view', watchTime: 20, duration: 30, timestamp: 1_700_200_000 + step });
      return model.recommend(me, { candidates: serverPage, k, explain });
    };
    for (let i = 0; i < 200; i++) swipe();
    return timeMs(repeats, swipe);
  });
}
// The page resolved once (model.page): its order after each swipe, and its next 10 with reasons.
function pageMs(use) {
  return rr.scope(() => {
    const me = new rr.Profile({ catalog }).recordMany(profileEvents);
    const page = model.page(serverPage);
    let step = 0;
    const swipe = () => {
      const v = videos[(step % 20) * 20 + 1];
      step++;
      me.record({ item: v.id, type: 'view', watchTime: 20, duration: 30, timestamp: 1_700_200_000 + step });
      return use(page, me);
    };
    for (let i = 0; i < 200; i++) swipe();
    return timeMs(repeats, swipe);
  });
}
const pageOrderApi = pageMs((page, me) => page.order(me));
const pageNextApi = pageMs((page, me) => page.recommend(me, { k: 10 }));
const rerankApi500 = rerankMs(500);
const rerankApi500Plain = rerankMs(500, false);
const rerankApi10 = rerankMs(10);
// SASRec through the JS API (bench/sasrec-swipe-world.mjs): a random-weight
// model of the same shape, a profile that keeps its newest 200 events, then
// one swipe: a record and recommend(me, { k: 10 }). bench/sasrec-swipe.mjs
// splits the swipe into record and recommend; bench/browser-swipe.mjs times
// it in Chromium. `history`: distinct videos the profile saw before its 200
// events (a long-lived profile keeps them as items after their events leave).
const sasrecSwipeMs = (n, history = 0) => rr.scope(() => {
  const world = swipeWorld(rr, { items: n, history });
  for (let i = 0; i < 50; i++) world.swipe();
  return timeMs(200, () => world.swipe());
});
const sasrecApi = Object.fromEntries(SASREC_SIZES.map((n) => [n, sasrecSwipeMs(n)]));
const sasrecApiHistory = sasrecSwipeMs(10_000, 10_000);
const recApiBig = rr.scope(() => {
  const c = new rr.Catalog().addMany(bigWorkload.videos);
  const m = rr.train(new rr.Interactions().addMany(bigWorkload.events), { algorithm: 'itemknn', catalog: c });
  const p = new rr.Profile({ catalog: c }).recordMany(bigWorkload.profileEvents);
  for (let i = 0; i < 100; i++) m.recommend(p, { k: 20 });
  return timeMs(200, () => m.recommend(p, { k: 20 }));
});

// ---- sizes ---------------------------------------------------------------
const dist = join(root, 'dist');
// Everything a page loads: the wrapper's modules (worker.js is a separate
// entry) plus one wasm and its glue: reelrank.wasm by default,
// reelrank-tools.wasm with load({ tools: true }).
const wrapper = readdirSync(dist).filter((f) => f.endsWith('.js') && f !== 'worker.js').sort();
const measure = (f) => { const b = readFileSync(join(dist, f)); return { file: f, raw: b.length, gzip: gzipSync(b, { level: 9 }).length }; };
const sizes = [...wrapper, 'reelrank.mjs', 'reelrank.wasm', 'reelrank-tools.mjs', 'reelrank-tools.wasm'].map(measure);
const sum = (files) => sizes.filter((s) => files.includes(s.file)).reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { raw: 0, gzip: 0 });
const total = sum([...wrapper, 'reelrank.mjs', 'reelrank.wasm']);
const totalTools = sum([...wrapper, 'reelrank-tools.mjs', 'reelrank-tools.wasm']);
rmSync(dir, { recursive: true, force: true });
rmSync(bigDir, { recursive: true, force: true });

const rows = [
  { name: 'recommend (itemknn+content, 10k videos, k=20)', wasmApi: recApi, wasmCore: wasmCore['recommend.itemknn+content.k20'].ms, native: native['recommend.itemknn+content.k20'].ms, unit: 'ms', target: 'wasm <= 2 ms, wasm/native <= 2.5' },
  { name: 'recommend (itemknn+content, 100k videos, k=20)', wasmApi: recApiBig, wasmCore: wasmBig['recommend.itemknn+content.k20'].ms, native: nativeBig['recommend.itemknn+content.k20'].ms, unit: 'ms' },
  { name: 'recommend + diversity 0.3', wasmApi: recApiDiv, wasmCore: wasmCore['recommend.itemknn+content.k20.diversity'].ms, native: native['recommend.itemknn+content.k20.diversity'].ms, unit: 'ms' },
  { name: 'recommend + calibration 0.5', wasmApi: recApiCal, wasmCore: wasmCore['recommend.itemknn+content.k20.calibration'].ms, native: native['recommend.itemknn+content.k20.calibration'].ms, unit: 'ms' },
  { name: 'recommend + popularityCorrection 0.5', wasmApi: recApiPop, wasmCore: wasmCore['recommend.itemknn+content.k20.popularitycorrection'].ms, native: native['recommend.itemknn+content.k20.popularitycorrection'].ms, unit: 'ms' },
  { name: 'one swipe: record + re-rank a 500-candidate server page (k=500, explain: false)', wasmApi: rerankApi500Plain, wasmCore: wasmCore['rerank.page500.k500.noexplain'].ms, native: native['rerank.page500.k500.noexplain'].ms, unit: 'ms', target: 'wasm <= 0.2 ms' },
  { name: 'one swipe: record + re-rank a 500-candidate server page (k=500, with reasons)', wasmApi: rerankApi500, wasmCore: wasmCore['rerank.page500.k500'].ms, native: native['rerank.page500.k500'].ms, unit: 'ms' },
  { name: 'one swipe: record + page.order(me) of a 500-candidate page made once (model.page)', wasmApi: pageOrderApi, wasmCore: wasmCore['rerank.resolvedpage500.k500.noexplain'].ms, native: native['rerank.resolvedpage500.k500.noexplain'].ms, unit: 'ms', target: 'wasm <= 0.2 ms' },
  { name: 'one swipe: record + page.recommend(me, { k: 10 }) of that page', wasmApi: pageNextApi, wasmCore: wasmCore['rerank.page500.k10'].ms, native: native['rerank.page500.k10'].ms, unit: 'ms', target: 'wasm <= 0.2 ms' },
  { name: 'one swipe: record + next 10 of a 500-candidate server page', wasmApi: rerankApi10, wasmCore: wasmCore['rerank.page500.k10'].ms, native: native['rerank.page500.k10'].ms, unit: 'ms', target: 'wasm <= 0.2 ms' },
  ...SASREC_SIZES.map((n) => ({ name: `one swipe: record + sasrec recommend (${n.toLocaleString('en')} videos, d 64, 2 blocks, 200 events, k=10; core: forward + scores)`, wasmApi: sasrecApi[n], wasmCore: sasrecWasm[n], native: sasrecNative[n], unit: 'ms', target: n === 10_000 ? 'wasm <= 1 ms' : undefined })),
  { name: 'the same swipe, 10,000 videos, on a long-lived profile (10,000 items seen before its 200 events)', wasmApi: sasrecApiHistory, unit: 'ms' },
  { name: `train itemknn (${events.length} events)`, wasmApi: trainMs, wasmCore: wasmCore['train.itemknn'].ms, native: native['train.itemknn'].ms, unit: 'ms' },
  { name: 'ingest into Interactions', wasmApi: events.length / (ingestLog / 1000), wasmCore: wasmCore['ingest.interactions'].perSecond, native: native['ingest.interactions'].perSecond, unit: 'events/s', target: '>= 1,000,000 events/s' },
  { name: 'ingest into a Profile', wasmApi: asProfile.length / (ingestProfile / 1000), wasmCore: wasmCore['ingest.profile'].perSecond, native: native['ingest.profile'].perSecond, unit: 'events/s', target: '>= 1,000,000 events/s' },
];
// Core-only rows (no JS API column): training on ml-latest-small, ials sweeps, fold-in.
const mlNames = { 'train.ml.popularity': 'train popularity (ml-latest-small)', 'train.ml.userknn': 'train userknn (ml-latest-small)',
  'train.ml.itemknn': 'train itemknn (ml-latest-small)', 'train.ml.mf': 'train mf, 128 factors, 100 epochs (ml-latest-small)',
  'train.ml.ials': 'train ials, 64 factors, 20 sweeps (ml-latest-small)', 'ials.sweep.ml.64f': 'one ials sweep, 64 factors (ml-latest-small)',
  'train.ml.ease': 'train ease, 2,000 items (ml-latest-small)', 'train.ml.transitions': 'train transitions (ml-latest-small)',
  'train.ml.slist': 'train slist, 2,000 items (ml-latest-small)', 'train.ml.trending': 'train trending (ml-latest-small)', 'foldin.ials.1000events.k20': 'fold-in + rank, ials, 1,000-event profile, k=20' };
for (const [key, name] of Object.entries(mlNames)) {
  if (native[key] && wasmCore[key]) rows.push({ name, wasmApi: null, wasmCore: wasmCore[key].ms, native: native[key].ms, unit: 'ms' });
}
for (const r of rows) {
  const w = r.wasmApi ?? r.wasmCore;
  // A row measured only through the JS API (the long-lived profile) has no native figure to compare.
  r.ratio = r.native === undefined ? null : r.unit === 'ms' ? w / r.native : r.native / w;
}

// ---- plain JavaScript, as a web developer would write the loops -----------
const reference = (await runReference({ repeats: 50 })).rows;

// ---- the same SASRec swipe inside Chromium (bench/browser-swipe.mjs) ------
log('timing a sasrec swipe in headless Chromium ...');
const browserSwipe = await timeSwipesInChromium({ items: SASREC_SIZES });
if (!browserSwipe) log(`(no Chromium at ${CHROMIUM}: the browser rows are left out)`);

if (json) {
  console.log(JSON.stringify({ rows, reference, browserSwipe, sizes, total, totalTools }, null, 2));
} else {
  const fmt = (x, unit) => (unit === 'ms' ? `${x.toFixed(3)} ms` : `${(x / 1e6).toFixed(2)} M/s`);
  console.log('\n| measurement | wasm, JS API | wasm, core only | native | wasm/native | target |');
  console.log('|---|---:|---:|---:|---:|---|');
  const cell = (x, unit) => (x === null || x === undefined ? '–' : fmt(x, unit));
  for (const r of rows) console.log(`| ${r.name} | ${cell(r.wasmApi, r.unit)} | ${cell(r.wasmCore, r.unit)} | ${cell(r.native, r.unit)} | ${r.ratio === null ? '–' : `${r.ratio.toFixed(2)}x`} | ${r.target ?? ''} |`);
  console.log('\n| loop | plain JS | wasm | speed-up |');
  console.log('|---|---:|---:|---:|');
  for (const r of reference) console.log(`| ${r.name} | ${r.jsMs.toFixed(3)} ms | ${r.wasmMs.toFixed(3)} ms | ${r.speedup.toFixed(1)}x |`);
  if (browserSwipe) {
    console.log(`\n| one swipe: record + sasrec recommend, k 10, in ${browserSwipe.browser} | median | fastest |`);
    console.log('|---|---:|---:|');
    for (const b of browserSwipe.rows) console.log(`| ${b.items.toLocaleString('en')} videos, d 64, 2 blocks, 200 events | ${b.median.toFixed(3)} ms | ${b.fastest.toFixed(3)} ms |`);
  }
  console.log('\n| file | raw | gzip -9 |');
  console.log('|---|---:|---:|');
  for (const s of sizes) console.log(`| ${s.file} | ${s.raw.toLocaleString('en')} B | ${s.gzip.toLocaleString('en')} B |`);
  console.log(`| **a page with load()**: wrapper + reelrank.mjs + reelrank.wasm | ${total.raw.toLocaleString('en')} B | ${total.gzip.toLocaleString('en')} B |`);
  console.log(`| **a page with load({ tools: true })**: wrapper + reelrank-tools.* | ${totalTools.raw.toLocaleString('en')} B | ${totalTools.gzip.toLocaleString('en')} B |`);
  console.log('\n(wasm/native uses the JS API column when there is one, else the core column; for speeds it is native/wasm. Medians; the machine is shared, so compare ratios from one run)');
}
for (const x of [person, model, trainingLog, catalog]) x.dispose();
