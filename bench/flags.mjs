#!/usr/bin/env node
// The release-flag study behind docs/benchmarks.md: builds the wasm module and
// the core benchmark with each flag set, then reports sizes (raw, gzip -9)
// and the ranking-path speed, all in one run. Slow (one build per row):
//   node bench/flags.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseCli } from '../scripts/cli.mjs';
import { makeWorkload, writeWorkload } from './workload.mjs';

parseCli({
  name: 'flags',
  usage: `usage: node bench/flags.mjs

  --help   this text

Takes no other arguments. Builds the wasm module and the core benchmark once per
flag set (build/flags*, several minutes each), then prints one markdown table of
sizes (raw, gzip -9) and ranking-path speed.`,
});

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' };
const configs = [
  { name: '-O3 -flto -msimd128', opt: '-O3', lto: 'ON', simd: 'ON' },
  { name: '-O3 -flto', opt: '-O3', lto: 'ON', simd: 'OFF' },
  { name: '-O3', opt: '-O3', lto: 'OFF', simd: 'ON' },
  { name: '-Os -flto -msimd128', opt: '-Os', lto: 'ON', simd: 'ON' },
  { name: '-Oz -flto -msimd128', opt: '-Oz', lto: 'ON', simd: 'ON' },
];
const dir = writeWorkload(makeWorkload());
const rows = [];
for (const c of configs) {
  const b = join(root, 'build', `flags${c.opt}-lto${c.lto}-simd${c.simd}`);
  console.error(`building ${c.name} ...`);
  execFileSync('emcmake', ['cmake', '-S', root, '-B', b, '-DCMAKE_BUILD_TYPE=Release', `-DREELRANK_WASM_OPT=${c.opt}`,
    `-DREELRANK_WASM_LTO=${c.lto}`, `-DREELRANK_WASM_SIMD=${c.simd}`, '-DREELRANK_BUILD_TESTS=OFF'], { env, stdio: 'ignore' });
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync('flock', ['/tmp/reelrank-build.lock', 'cmake', '--build', b, '--target', 'reelrank_wasm', 'reelrank_bench', '-j2'], { env, stdio: 'ignore' });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      console.error(`  build failed (attempt ${attempt}); retrying in 60 s`);
      execFileSync('sleep', ['60']);
    }
  }
  const size = (f) => { const x = readFileSync(join(b, 'module', f)); return { raw: x.length, gzip: gzipSync(x, { level: 9 }).length }; };
  const out = execFileSync('node', ['--no-experimental-fetch', join(b, 'reelrank_bench.cjs'), dir, '500'], { encoding: 'utf8', env });
  const r = Object.fromEntries(out.trim().split('\n').map((l) => JSON.parse(l)).map((x) => [x.name, x]));
  rows.push({ ...c, wasm: size('reelrank.wasm'), js: size('reelrank.mjs'), recommend: r['recommend.itemknn+content.k20'].ms,
    diversity: r['recommend.itemknn+content.k20.diversity'].ms, train: r['train.itemknn'].ms, ingest: r['ingest.interactions'].perSecond });
}
rmSync(dir, { recursive: true, force: true });
console.log('| flags | wasm raw | wasm gzip | glue gzip | recommend k=20 | + diversity | train itemknn | ingest |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.wasm.raw.toLocaleString('en')} B | ${r.wasm.gzip.toLocaleString('en')} B | ${r.js.gzip.toLocaleString('en')} B | ` +
    `${r.recommend.toFixed(3)} ms | ${r.diversity.toFixed(3)} ms | ${r.train.toFixed(1)} ms | ${(r.ingest / 1e6).toFixed(2)} M/s |`);
}
