// Offline evaluation: read a public dataset and measure an algorithm on it,
// in wasm, the same way in Node, a page or a Web Worker (docs/evaluation.md).
//
//   const data = rr.readDataset(text, { format: 'movielens' });   // text or bytes
//   const r = rr.evaluate(data, { algorithm: 'itemknn', split: 'user:0.25', k: 10 });
//   r.ndcg, r.rmse, r.fitSeconds, ...
//   data.dispose();
import { guardCallback } from './callbacks.js';
import { ReelRankError, argError, unwrap } from './errors.js';
import { Owned } from './lifecycle.js';
import { blendArray, policyArray } from './policy.js';
import { coreSchema } from './core-schema.js';
import { checkBoolean, checkNumber, checkOptions, describe, isPlainObject, optionalNumber } from './validate.js';
import { requireTools } from './tools.js';
import { makeNextItem } from './next_item.js';
import { makeSimulate } from './simulate.js';

export const DATASET_FORMATS = Object.freeze(['movielens', 'csv', 'tsv', 'kuairand']);
// Everything else in evaluate()'s options is an algorithm option (as in rr.train).
const EVAL_KEYS = new Set(['algorithm', 'split', 'k', 'seed', 'catalog', 'weights', 'blend', 'onProgress', 'signal',
  'calibration', 'popularityCorrection']);
const token = Symbol('reelrank.Dataset');

function textBytes(text) {
  if (typeof text === 'string' || text instanceof Uint8Array) return text;
  if (text instanceof ArrayBuffer) return new Uint8Array(text);
  if (ArrayBuffer.isView(text)) return new Uint8Array(text.buffer, text.byteOffset, text.byteLength);
  throw argError(`readDataset needs the file's text (a string) or bytes (a Uint8Array or ArrayBuffer), got ${describe(text)}`);
}

export function makeEval(M, classes) {
  // The catalogue a fold trains with: the caller's Catalog itself, exactly as
  // rr.train takes it (tags, creators, durations and embeddings), or one made
  // from an array of videos ({ id, tags?, creator?, duration?, embedding? })
  // with Catalog.addMany's checks. Returns { raw, made } (made: to dispose).
  function evalCatalog(catalog) {
    if (catalog == null) return { raw: null, made: null };
    if (catalog instanceof classes.Catalog) return { raw: catalog._raw, made: null };
    if (Array.isArray(catalog)) {
      const made = new classes.Catalog();
      try {
        made.addMany(catalog);
      } catch (err) {
        made.dispose();
        if (err instanceof ReelRankError && err.code === 'E_ARG') throw argError(`evaluate: catalog: ${err.message}`);
        throw err;
      }
      return { raw: made._raw, made };
    }
    throw argError(`evaluate: catalog must be a Catalog made by this rr, or an array of videos (got ${describe(catalog)})`);
  }

  /** A dataset read in wasm; its events stay there until dispose(). */
  class Dataset extends Owned {
    #info;
    #format;

    constructor(secret, raw, format) {
      if (secret !== token) throw argError('create a Dataset with rr.readDataset(text, { format })');
      super(raw, 'Dataset');
      this.#info = raw._info();
      this.#format = format;
    }

    get format() { return this.#format; }
    /** Data lines read (header, blank and skipped lines excluded). */
    get lines() { return this.#info.lines; }
    /** Malformed lines skipped (only with skipBad). */
    get skipped() { return this.#info.skipped; }
    /** The first messages about skipped lines, e.g. "line 17: expected 4 fields, found 3". */
    get warnings() { return this.#info.warningCount ? this.#info.warnings.split('\0') : []; }
    /** Events made from the lines (a KuaiRand row gives a view plus its likes, follows, ...). */
    get events() { return this.#info.events; }
    get users() { return this.#info.users; }
    get items() { return this.#info.items; }
    /** True when the events are explicit ratings, so RMSE/MAE can be measured. */
    get hasRatings() { return this.#info.ratings > 0; }

    /** Adds every event to an Interactions log (for training a model on the whole dataset). */
    addTo(log) {
      const raw = log instanceof Owned ? log._raw : null;
      if (!raw || typeof raw._addBatch !== 'function') throw argError(`dataset.addTo needs an Interactions log (got ${describe(log)})`);
      const c = this._raw._columns();
      unwrap(raw._addBatch(c.users, c.items, c.types, c.values, c.durations, c.timestamps));
      return log;
    }
  }

  /**
   * Parses a dataset file (text or bytes) in wasm.
   * @param {string|Uint8Array|ArrayBuffer} text
   * @param {{ format: 'movielens'|'csv'|'tsv'|'kuairand', skipBad?: boolean }} options
   */
  function readDataset(text, options) {
    requireTools(M, 'rr.readDataset');
    const o = checkOptions(options, 'readDataset');
    for (const key of Object.keys(o)) {
      if (key !== 'format' && key !== 'skipBad') throw argError(`readDataset: unknown option '${key}'; known: format, skipBad`);
    }
    if (!DATASET_FORMATS.includes(o.format)) {
      throw argError(`readDataset: format must be one of ${DATASET_FORMATS.join(', ')} (got ${describe(o.format)})`);
    }
    const skipBad = checkBoolean(o.skipBad, 'readDataset: skipBad', false);
    const bytes = textBytes(text);
    const raw = new M._Dataset();
    try {
      unwrap(raw._read(bytes, o.format, skipBad));
    } catch (err) {
      raw.delete();
      throw err;
    }
    return new Dataset(token, raw, o.format);
  }

  /**
   * Splits, trains, ranks and scores; returns the metrics (null where not applicable).
   * data: a Dataset, or { train: Dataset, test: Dataset } for a given split.
   */
  function evaluate(data, options) {
    requireTools(M, 'rr.evaluate');
    let train;
    let test = null;
    if (data instanceof Dataset) {
      train = data;
    } else if (isPlainObject(data) && data.train instanceof Dataset && data.test instanceof Dataset) {
      ({ train, test } = data);
    } else {
      throw argError(`evaluate needs a Dataset from rr.readDataset, or { train, test } Datasets (got ${describe(data)})`);
    }
    const o = checkOptions(options, 'evaluate');
    const algorithm = o.algorithm ?? 'itemknn';
    if (typeof algorithm !== 'string') throw argError(`evaluate: algorithm must be a string (got ${describe(algorithm)})`);
    const split = test ? 'given' : (o.split ?? 'user:0.25');
    if (typeof split !== 'string') throw argError(`evaluate: split must be a string like 'user:0.25' (got ${describe(split)})`);
    if (test && o.split !== undefined && o.split !== 'given') {
      throw argError('evaluate: split is fixed by the { train, test } datasets; leave it out');
    }
    const k = o.k === undefined ? 10 : checkNumber(o.k, 'evaluate: k', { min: 1, max: 10000, integer: true });
    const seed = o.seed === undefined ? 42 : checkNumber(o.seed, 'evaluate: seed', { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });
    // The re-ranking options of every ranking, with recommend's defaults and ranges (the core's, rr.schema).
    const { calibration: cal, popularityCorrection: pc } = coreSchema(M);
    const calibration = optionalNumber(o.calibration, 'evaluate: calibration', cal.default, { min: cal.min, max: cal.max });
    const popularityCorrection = optionalNumber(o.popularityCorrection, 'evaluate: popularityCorrection', pc.default, { min: pc.min, max: pc.max });
    const keys = [];
    const values = [];
    for (const [key, value] of Object.entries(o)) {
      if (EVAL_KEYS.has(key) || value === undefined) continue;
      values.push(typeof value === 'boolean' ? (value ? 1 : 0) : checkNumber(value, `evaluate: option '${key}'`));
      keys.push(key);
    }
    // In the core's order (rr.schema.blend), each weight not given the core's default.
    const blend = blendArray(M, o.blend, 'evaluate', '{ popularity: 0 }');
    if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw argError('evaluate: onProgress must be a function');
    const signal = o.signal;
    if (signal?.aborted) throw new ReelRankError('E_CANCELLED', 'the evaluation was cancelled before it started');
    const progress = o.onProgress || signal ? guardCallback((stage, fold, folds, done, total, seconds) => {
      if (signal?.aborted) return false;
      const verdict = o.onProgress?.({ stage, fold, folds, done, total, seconds });
      return verdict !== false && !signal?.aborted;  // an abort during the report counts too
    }) : null;
    const policy = policyArray(M, o.weights, 'evaluate');
    const cat = evalCatalog(o.catalog);
    let result;
    try {
      result = M._evaluate(train._raw, test ? test._raw : null, split, algorithm, keys.join('\0'), Float64Array.from(values),
        policy, blend, k, seed, calibration, popularityCorrection, cat.raw, progress ? progress.call : null);
    } finally {
      cat.made?.dispose();
    }
    progress?.rethrowIfThrown();  // a throwing onProgress ends evaluate with its own error
    const r = unwrap(result);
    const ratings = r.ratingMetrics ? {
      tested: r.ratingsTested, predicted: r.ratingsPredicted, userMeanFallbacks: r.userMeanFallbacks,
      globalMeanFallbacks: r.globalMeanFallbacks, rmseModelOnly: r.rmseModelOnly, maeModelOnly: r.maeModelOnly,
    } : null;
    return {
      algorithm: r.algorithm, k: r.k, split: r.split, folds: r.folds, seed, users: r.users,
      precision: r.precision, recall: r.recall, ndcg: r.ndcg, map: r.map, hitrate: r.hitrate, mrr: r.mrr,
      coverage: r.coverage, popularity: r.popularity, diversity: r.diversity, longTailShare: r.longTailShare,
      miscalibration: r.miscalibration, calibration, popularityCorrection, rmse: r.rmse, mae: r.mae, ratings,
      fitSeconds: r.fitSeconds, recommendSeconds: r.recommendSeconds, predictSeconds: r.ratingMetrics ? r.predictSeconds : null,
      skippedUsers: r.skippedUsers, trainRows: r.trainRows, testRows: r.testRows,
    };
  }

  return {
    readDataset, evaluate, evaluateNextItem: makeNextItem(M, Dataset, evalCatalog),
    simulateFeed: makeSimulate(M, Dataset, evalCatalog),
  };
}
