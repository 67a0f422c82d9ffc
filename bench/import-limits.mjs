#!/usr/bin/env node
// node bench/import-limits.mjs [ITEMS DIM ...]
// Imports item factors of the given sizes (default: the sizes up to the
// documented maximum, docs/limits.md) with Model.fromFactors, each in a fresh
// module, and prints what loads, how long it takes, and what it holds in wasm.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseCli } from '../scripts/cli.mjs';

const usage = 'usage: node bench/import-limits.mjs [ITEMS DIM ...]\n  pairs of sizes to import (default: 1000000 64 2000000 64 1000000 128 2000000 128)';
const { positionals } = parseCli({ name: 'import-limits', usage, allowPositionals: true });
if (process.env.REELRANK_IMPORT_ONE) {
  const [n, dim] = positionals.map(Number);
  const { load } = await import('../dist/index.js');
  const rr = await load();
  const items = Array.from({ length: n }, (_, i) => `v${i}`);
  const factors = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) factors[i * dim + (i % dim)] = 1;
  const heap = rr.heapInUse();
  const memory = rr.memoryBytes();
  const t0 = performance.now();
  try {
    const model = rr.Model.fromFactors({ items, factors, dim });
    const t1 = performance.now();
    const me = new rr.Profile();
    me.record({ item: 'v0', type: 'like', timestamp: 1 });
    const t2 = performance.now();
    const top = model.recommend(me, { k: 10 })[0].id;
    const t3 = performance.now();
    const mb = (x) => Math.round(x / 2 ** 20);
    console.log(`| ${n.toLocaleString('en')} x ${dim} | ${mb(factors.byteLength)} MB | loads | ${(t1 - t0).toFixed(0)} ms | ` +
      `${(t3 - t2).toFixed(0)} ms | ${mb(rr.heapInUse() - heap)} MB | ${mb(rr.memoryBytes() - memory)} MB | ${top} |`);
  } catch (err) {
    console.log(`| ${n.toLocaleString('en')} x ${dim} | ${Math.round(factors.byteLength / 2 ** 20)} MB | ${err.code}: ${err.message.slice(0, 80)} | | | | | |`);
  }
} else {
  const sizes = positionals.length ? positionals.map(Number) : [1_000_000, 64, 2_000_000, 64, 1_000_000, 128, 2_000_000, 128];
  console.log('| items x dim | float32 factors | result | import | recommend k=10 | model holds | wasm memory grew | top |');
  console.log('|---|---:|---|---:|---:|---:|---:|---|');
  for (let i = 0; i + 1 < sizes.length; i += 2) {
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), String(sizes[i]), String(sizes[i + 1])],
      { stdio: 'inherit', env: { ...process.env, REELRANK_IMPORT_ONE: '1' } });
  }
}
