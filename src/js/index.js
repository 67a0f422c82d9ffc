// reelrank: on-device recommendations for short-video feeds.
//
//   import { load } from 'reelrank';
//   const rr = await load();
//
// The library makes no network request of its own: in a browser it fetches
// only its own .wasm (from beside this file, or options.wasmUrl); in Node it
// reads the file from disk.
import createReelRankModule from './reelrank.mjs';
import { ReelRankError, ErrorCodes, unwrap } from './errors.js';
import { scope } from './lifecycle.js';
import { makeCatalogClass } from './catalog.js';
import { makeInteractionsClass } from './interactions.js';
import { makeProfileClass } from './profile.js';
import { makeModelClass } from './model.js';
import { makeTeach } from './teach.js';
import { makeFactors } from './factors.js';
import { makeAnalytics } from './analytics.js';
import { makeEval } from './eval.js';
import { hasTools } from './tools.js';
import { EVENT_TYPES } from './events.js';
import { checkOptions, describe } from './validate.js';
import { coreSchema } from './core-schema.js';

export { ReelRankError, ErrorCodes, EVENT_TYPES };
export { sampleVideos, simulateViewers, seededRandom, SAMPLE_TOPICS } from './sample.js';

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
// The smallest module that needs WebAssembly SIMD: (func (result v128) v128.const 0).
// reelrank ships one -msimd128 build (docs/benchmarks.md says why), so a
// runtime without SIMD gets a clear E_LOAD instead of a compile error.
const SIMD_PROBE = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0, 10, 22, 1, 20, 0,
  0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b]);

/** True when this runtime supports WebAssembly SIMD, which reelrank needs. */
export function supportsSimd() {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

function isNode() {
  return typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';
}

async function readWasm(url) {
  const where = String(url);
  try {
    if (isNode() && (url.protocol === 'file:')) {
      const fsName = 'node:fs/promises'; // kept out of bundlers' static analysis
      const { readFile } = await import(/* @vite-ignore */ fsName);
      return new Uint8Array(await readFile(url));
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    throw new ReelRankError('E_LOAD', `could not load reelrank's wasm from ${where}: ${err.message}. ` +
      'If your host moves files, pass load({ wasmUrl }) or load({ wasmBinary }).');
  }
}

function checkWasm(bytes, where) {
  if (bytes.length < 8 || WASM_MAGIC.some((b, i) => bytes[i] !== b) || !WebAssembly.validate(bytes)) {
    throw new ReelRankError('E_LOAD', `${where} is not a valid WebAssembly module (got ${bytes.length} bytes` +
      `${bytes.length ? ` starting ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')}` : ''})`);
  }
}

// The core's algorithm registry, frozen: the one list of algorithms and options.
function readAlgorithms(M) {
  const list = unwrap(M._algorithms());
  return Object.freeze(list.map((a) => Object.freeze({
    ...a,
    options: Object.freeze(a.options.map((o) => Object.freeze({ ...o, grid: Object.freeze([...o.grid]) }))),
  })));
}

/**
 * Loads the wasm module and returns the API. { tools: true } loads the larger
 * module that adds evaluation and creator analytics.
 * @param {{ wasmUrl?: string|URL, wasmBinary?: ArrayBuffer|Uint8Array, tools?: boolean }} [options]
 */
export async function load(options) {
  const o = checkOptions(options, 'load');
  const tools = o.tools ?? false;
  if (typeof tools !== 'boolean') throw new ReelRankError('E_ARG', `load: tools must be true or false (got ${describe(tools)})`);
  if (!supportsSimd()) {
    throw new ReelRankError('E_LOAD', 'this runtime lacks WebAssembly SIMD, which reelrank needs ' +
      '(Chrome/Edge 91+, Firefox 89+, Safari 16.4+, Node 16.4+)');
  }
  let bytes;
  let where;
  if (o.wasmBinary !== undefined) {
    if (!(o.wasmBinary instanceof ArrayBuffer) && !(o.wasmBinary instanceof Uint8Array)) {
      throw new ReelRankError('E_ARG', `load: wasmBinary must be an ArrayBuffer or Uint8Array (got ${describe(o.wasmBinary)})`);
    }
    bytes = o.wasmBinary instanceof Uint8Array ? o.wasmBinary : new Uint8Array(o.wasmBinary);
    where = 'the wasmBinary passed to load()';
  } else {
    let url;
    try {
      // Two literal new URL(...) forms so bundlers see (and emit) both files.
      const own = tools ? new URL('./reelrank-tools.wasm', import.meta.url) : new URL('./reelrank.wasm', import.meta.url);
      url = o.wasmUrl === undefined ? own
        : new URL(String(o.wasmUrl), typeof location !== 'undefined' ? location.href : import.meta.url);
    } catch {
      throw new ReelRankError('E_LOAD', `load: wasmUrl ${describe(o.wasmUrl)} is not a valid URL`);
    }
    bytes = await readWasm(url);
    where = String(url);
  }
  checkWasm(bytes, where);
  let M;
  try {
    // Each module has its own Emscripten glue; the tools glue is loaded only when asked for.
    const factory = tools ? (await import('./reelrank-tools.mjs')).default : createReelRankModule;
    M = await factory({ wasmBinary: bytes });
  } catch (err) {
    throw new ReelRankError('E_LOAD', `could not instantiate reelrank's wasm from ${where}: ${err?.message ?? err}` +
      (tools ? '' : ' (if these are the bytes of reelrank-tools.wasm, pass load({ tools: true }) too)'));
  }
  const classes = { ReelRankError };
  classes.Catalog = makeCatalogClass(M);
  classes.Interactions = makeInteractionsClass(M);
  classes.Model = makeModelClass(M, classes);
  classes.Profile = makeProfileClass(M, classes);
  return Object.freeze({
    Catalog: classes.Catalog,
    Interactions: classes.Interactions,
    Profile: classes.Profile,
    Model: classes.Model,
    /** Trains a model on a log: rr.train(log, { algorithm, catalog, ...options }). */
    train: (log, opts) => classes.Model.train(log, opts),
    /** Every algorithm the core registers, with its options (defaults, ranges) and traits. */
    algorithms: readAlgorithms(M),
    /**
     * The facts the core and JS share, as the core states them: errorCodes,
     * eventTypes, reasonKinds, weights and blend (names and defaults),
     * profileLimits (default, min, max), maxIdBytes, recommendLayout.
     */
    schema: coreSchema(M),
    teach: makeTeach(M),
    analytics: makeAnalytics(M, classes),
    scope,
    ReelRankError,
    ErrorCodes,
    EVENT_TYPES,
    /** Bytes of wasm heap in use (for leak checks). */
    heapInUse: () => M._heapInUse(),
    /** Total wasm memory reserved (grows, never shrinks). */
    memoryBytes: () => M.HEAPU8.length,
    /** True when loaded with { tools: true } (evaluation and analytics available). */
    tools: hasTools(M),
    ...makeFactors(M, classes),
    ...makeEval(M, classes),
  });
}

