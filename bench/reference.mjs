// Plain-JavaScript reference for the two scoring loops a feed runs, timed
// beside the same loops in our wasm (src/core/eval/scoring_kernels.cpp, in a
// benchmark-only module: src/bindings/bench_bindings.cpp), so
// the speed-up over what a web developer would write by hand is measured,
// not claimed. bench/run.mjs calls runReference(); `node bench/reference.mjs
// [--json]` runs it alone.
//
//   cosine scan   100,000 items x 64 float dims (a Float32Array), one query:
//                 score[i] = (item_i . q) * invNorm[i], then the best item.
//                 Norms are precomputed on both sides (a fair reference does
//                 what our code does, no more).
//   item-kNN      a CSR neighbour list (100,000 items x 50 neighbours), a
//                 profile of 1,000 (item, weight) pairs: score[j] = sum of
//                 weight * similarity over the profile's neighbour lists,
//                 then the best item.
// Both return the argmax so neither side can skip work, and the two sides'
// answers are checked to agree before anything is timed.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../dist/index.js'; // the package's deterministic generator
import { timeMs } from './timing.mjs';

/** The cosine loop as usually written: nested for-loops over a flat Float32Array. */
export function cosineScanJs(items, dim, invNorm, query, out) {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    let dot = 0;
    const base = i * dim;
    for (let d = 0; d < dim; d++) dot += items[base + d] * query[d];
    out[i] = dot * invNorm[i];
  }
  return out;
}

/** Item-kNN scores over CSR arrays (start: Int32Array n+1, neighbor: Int32Array, similarity: Float32Array). */
export function knnScoreJs(start, neighbor, similarity, profileItems, profileWeights, out) {
  out.fill(0);
  for (let p = 0; p < profileItems.length; p++) {
    const item = profileItems[p];
    const w = profileWeights[p];
    for (let k = start[item]; k < start[item + 1]; k++) out[neighbor[k]] += w * similarity[k];
  }
  return out;
}

/** Index of the largest score (ties: the lowest index). */
export function argMaxJs(scores) {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  return scores.length ? best : -1;
}


/** Random vectors, neighbour lists and a profile of the given sizes. */
export function makeWorkload({ items = 100_000, dim = 64, neighbors = 50, profile = 1000, seed = 7 } = {}) {
  const rnd = seededRandom(seed);
  const vectors = new Float32Array(items * dim);
  for (let i = 0; i < vectors.length; i++) vectors[i] = rnd() * 2 - 1;
  const invNorm = new Float32Array(items);
  for (let i = 0; i < items; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += vectors[i * dim + d] * vectors[i * dim + d];
    invNorm[i] = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
  const query = new Float32Array(dim);
  let qn = 0;
  for (let d = 0; d < dim; d++) {
    query[d] = rnd() * 2 - 1;
    qn += query[d] * query[d];
  }
  for (let d = 0; d < dim; d++) query[d] /= Math.sqrt(qn);
  const start = new Int32Array(items + 1);
  const neighbor = new Int32Array(items * neighbors);
  const similarity = new Float32Array(items * neighbors);
  for (let i = 0; i < items; i++) {
    start[i + 1] = (i + 1) * neighbors;
    for (let k = 0; k < neighbors; k++) {
      neighbor[i * neighbors + k] = Math.floor(rnd() * items);
      similarity[i * neighbors + k] = rnd();
    }
  }
  const profileItems = new Int32Array(profile);
  const profileWeights = new Float32Array(profile);
  for (let p = 0; p < profile; p++) {
    profileItems[p] = Math.floor(rnd() * items);
    profileWeights[p] = 1 + rnd() * 4;
  }
  return { items, dim, neighbors, vectors, invNorm, query, start, neighbor, similarity, profileItems, profileWeights };
}


// Let the JIT settle on both sides before timing.
const settled = (repeats, fn) => timeMs(repeats, fn, { warmup: Math.min(5, repeats) });

// The benchmark-only module (src/bindings/bench_bindings.cpp), built by
// bench/run.mjs into build/wasm/bench-module with the shipped modules' flags:
// the kernels are benchmark plumbing, not something the package ships.
export const KERNELS_MODULE = new URL('../build/wasm/bench-module/reelrank-bench-kernels.mjs', import.meta.url);

async function loadKernels() {
  const wasmUrl = new URL('reelrank-bench-kernels.wasm', KERNELS_MODULE);
  if (!existsSync(KERNELS_MODULE) || !existsSync(wasmUrl)) {
    throw new Error(`${fileURLToPath(KERNELS_MODULE)} is not built: run npm run bench, or ` +
      'cmake --build build/wasm --target reelrank_bench_kernels_wasm (NODE_PATH=/usr/share/nodejs)');
  }
  const { default: createModule } = await import(KERNELS_MODULE);
  const M = await createModule({ wasmBinary: new Uint8Array(await readFile(wasmUrl)) });
  return new M._BenchKernels();
}

const check = (r) => {
  if (r !== null && typeof r === 'object' && r.rrError) throw new Error(`${r.rrError}: ${r.message}`);
  return r;
};

/**
 * Times both loops in plain JS and in wasm. Returns
 * { workload, rows: [{ name, jsMs, wasmMs, speedup }] } (medians of `repeats` runs).
 */
export async function runReference({ repeats = 50, ...sizes } = {}) {
  const w = makeWorkload(sizes);
  const scores = new Float32Array(w.items);
  const knn = new Float32Array(w.items);
  const kernels = await loadKernels();
  const rows = [];
  try {
    const jsBest = argMaxJs(cosineScanJs(w.vectors, w.dim, w.invNorm, w.query, scores));
    const jsKnnBest = argMaxJs(knnScoreJs(w.start, w.neighbor, w.similarity, w.profileItems, w.profileWeights, knn));
    check(kernels._setVectors(w.vectors, w.dim));
    check(kernels._setGraph(w.start, w.neighbor, w.similarity));
    // The same answers, or the timing compares different work.
    const best = check(kernels._cosineScan(w.query));
    const knnBest = check(kernels._knnScore(w.profileItems, w.profileWeights));
    if (Math.abs(kernels._cosineScore(jsBest) - scores[jsBest]) > 1e-4 || Math.abs(scores[best] - scores[jsBest]) > 1e-5) {
      throw new Error(`cosine scan disagrees: js best ${jsBest}, wasm best ${best}`);
    }
    if (Math.abs(kernels._knnScoreAt(jsKnnBest) - knn[jsKnnBest]) > 1e-3 * Math.max(1, knn[jsKnnBest]) ||
        Math.abs(knn[knnBest] - knn[jsKnnBest]) > 1e-3 * Math.max(1, knn[jsKnnBest])) {
      throw new Error(`item-kNN scores disagree: js best ${jsKnnBest}, wasm best ${knnBest}`);
    }
    const cosJs = settled(repeats, () => argMaxJs(cosineScanJs(w.vectors, w.dim, w.invNorm, w.query, scores)));
    const cosWasm = settled(repeats, () => kernels._cosineScan(w.query));
    const knnJs = settled(repeats, () => argMaxJs(knnScoreJs(w.start, w.neighbor, w.similarity, w.profileItems, w.profileWeights, knn)));
    const knnWasm = settled(repeats, () => kernels._knnScore(w.profileItems, w.profileWeights));
    rows.push({ name: `cosine scan, ${w.items.toLocaleString('en')} items x ${w.dim} dims`, jsMs: cosJs, wasmMs: cosWasm });
    rows.push({
      name: `item-kNN scores, profile of ${w.profileItems.length.toLocaleString('en')}, ${w.neighbors} neighbours each, ${w.items.toLocaleString('en')} items`,
      jsMs: knnJs, wasmMs: knnWasm,
    });
  } finally {
    kernels.delete();
  }
  for (const r of rows) r.speedup = r.jsMs / r.wasmMs;
  return { workload: { items: w.items, dim: w.dim, neighbors: w.neighbors, profile: w.profileItems.length, repeats }, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runReference();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log('| loop | plain JS | reelrank wasm | JS / wasm |');
    console.log('|---|---:|---:|---:|');
    for (const r of result.rows) {
      console.log(`| ${r.name} | ${r.jsMs.toFixed(3)} ms | ${r.wasmMs.toFixed(3)} ms | ${r.speedup.toFixed(2)}x |`);
    }
    console.log(`(medians of ${result.workload.repeats} runs; each includes finding the best item)`);
  }
}
