#!/usr/bin/env node
// node bench/exceptions.mjs
// What native wasm exceptions cost (CMake REELRANK_WASM_EXCEPTIONS, ON in
// every shipped build so that a failed allocation is E_MEMORY, not an abort):
// builds reelrank.wasm once more without them (build/wasm-noeh), then times
// the same work through the package API with each module, in one run, and
// prints sizes and times side by side.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseCli } from '../scripts/cli.mjs';
import { median } from './timing.mjs';

parseCli({ name: 'exceptions', usage: 'usage: node bench/exceptions.mjs\n  builds reelrank.wasm without wasm exceptions and compares it with dist/' });
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' };
const noeh = join(root, 'build', 'wasm-noeh');
execFileSync('emcmake', ['cmake', '-S', root, '-B', noeh, '-DCMAKE_BUILD_TYPE=Release', '-DREELRANK_WASM_EXCEPTIONS=OFF',
  '-DREELRANK_BUILD_TESTS=OFF', '-DREELRANK_BUILD_BENCH=OFF'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync('flock', ['/tmp/reelrank-build.lock', 'cmake', '--build', noeh, '-j2', '--target', 'reelrank_wasm'], { env, stdio: 'inherit' });

// A copy of dist/ whose default module is the one without exceptions.
const alt = mkdtempSync(join(tmpdir(), 'reelrank-noeh-'));
cpSync(join(root, 'dist'), alt, { recursive: true });
for (const f of ['reelrank.mjs', 'reelrank.wasm']) cpSync(join(noeh, 'module', f), join(alt, f));

async function measure(dir) {
  const { load, sampleVideos, simulateViewers } = await import(join(dir, 'index.js'));
  const rr = await load();
  const videos = sampleVideos({ count: 10000, creators: 300, seed: 1 });
  const { events } = simulateViewers(videos, { people: 2000, perPerson: 40, seed: 2 });
  const catalog = new rr.Catalog().addMany(videos);
  const log = new rr.Interactions().addMany(events);
  const t = (n, fn) => median(Array.from({ length: n }, () => { const t0 = performance.now(); fn(); return performance.now() - t0; }));
  const train = t(3, () => rr.train(log, { algorithm: 'itemknn', catalog }).dispose());
  const ials = t(3, () => rr.train(log, { algorithm: 'ials', catalog, factors: 32, iterations: 5 }).dispose());
  const model = rr.train(log, { algorithm: 'itemknn', catalog });
  const me = new rr.Profile({ catalog });
  me.recordMany(events.slice(0, 200).map(({ user, ...e }) => e));
  const recommend = t(200, () => model.recommend(me, { k: 20, explain: true }));
  const wasm = readFileSync(join(dir, 'reelrank.wasm'));
  return { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length, train, ials, recommend };
}

const withEh = await measure(join(root, 'dist'));
const without = await measure(alt);
rmSync(alt, { recursive: true, force: true });
const row = (name, a, b, unit, digits) => console.log(`| ${name} | ${a.toFixed(digits)} ${unit} | ${b.toFixed(digits)} ${unit} | ${(a / b).toFixed(2)} |`);
console.log('| reelrank.wasm | with wasm exceptions (shipped) | without | ratio |');
console.log('|---|---:|---:|---:|');
console.log(`| size raw | ${withEh.raw.toLocaleString('en')} B | ${without.raw.toLocaleString('en')} B | ${(withEh.raw / without.raw).toFixed(3)} |`);
console.log(`| size gzip -9 | ${withEh.gzip.toLocaleString('en')} B | ${without.gzip.toLocaleString('en')} B | ${(withEh.gzip / without.gzip).toFixed(3)} |`);
row('train itemknn, 10,000 videos, 80,000 events (median of 3)', withEh.train, without.train, 'ms', 1);
row('train ials, 32 factors, 5 sweeps (median of 3)', withEh.ials, without.ials, 'ms', 1);
row('recommend k = 20 with reasons, 200-event profile (median of 200)', withEh.recommend, without.recommend, 'ms', 3);
