// rr.evaluateNextItem: the next-item protocol (src/core/eval/next_item.hpp,
// docs/evaluation.md "Next item"), in wasm, from the tools module.
//
//   const data = rr.readDataset(text, { format: 'kuairand' });
//   const r = rr.evaluateNextItem(data, { algorithm: 'itemknn', split: 'last', tune: true });
//   r.test.ndcg, r.test.hitrate, r.chosen, r.valid, r.trials
import { guardCallback } from './callbacks.js';
import { ReelRankError, argError, unwrap } from './errors.js';
import { blendArray, policyArray } from './policy.js';
import { checkBoolean, checkNumber, checkOptions, describe, isPlainObject } from './validate.js';
import { requireTools } from './tools.js';

// Everything else is an algorithm option (as in rr.train and rr.evaluate).
const KEYS = new Set(['algorithm', 'split', 'k', 'tune', 'sequence', 'catalog', 'weights', 'blend', 'onProgress', 'signal']);

export function makeNextItem(M, Dataset, evalCatalog) {
  const columns = (d) => d._raw._columns();

  /**
   * data: a Dataset (split by options.split, 'last' by default), or
   * { train, valid, test } Datasets cut elsewhere.
   */
  return function evaluateNextItem(data, options) {
    requireTools(M, 'rr.evaluateNextItem');
    let parts;
    if (data instanceof Dataset) {
      parts = [data];
    } else if (isPlainObject(data) && ['train', 'valid', 'test'].every((p) => data[p] instanceof Dataset)) {
      parts = [data.train, data.valid, data.test];
    } else {
      throw argError(`evaluateNextItem needs a Dataset from rr.readDataset, or { train, valid, test } Datasets (got ${describe(data)})`);
    }
    const o = checkOptions(options, 'evaluateNextItem');
    const algorithm = o.algorithm ?? 'itemknn';
    if (typeof algorithm !== 'string') throw argError(`evaluateNextItem: algorithm must be a string (got ${describe(algorithm)})`);
    if (parts.length === 3 && o.split !== undefined && o.split !== 'given') {
      throw argError('evaluateNextItem: split is fixed by the { train, valid, test } datasets; leave it out');
    }
    const split = parts.length === 3 ? 'given' : (o.split ?? 'last');
    if (typeof split !== 'string') throw argError(`evaluateNextItem: split must be 'last', 'global:FRACTION' or 'session:SECONDS' (got ${describe(split)})`);
    const sequence = o.sequence === undefined ? 'auto' : Array.isArray(o.sequence) ? o.sequence.join(',') : o.sequence;
    if (typeof sequence !== 'string') throw argError(`evaluateNextItem: sequence must be 'auto' or event types like ['like'] (got ${describe(o.sequence)})`);
    const k = o.k === undefined ? 10 : checkNumber(o.k, 'evaluateNextItem: k', { min: 1, max: 10000, integer: true });
    const tune = checkBoolean(o.tune, 'evaluateNextItem: tune', false);
    const keys = [];
    const values = [];
    for (const [key, value] of Object.entries(o)) {
      if (KEYS.has(key) || value === undefined) continue;
      values.push(typeof value === 'boolean' ? (value ? 1 : 0) : checkNumber(value, `evaluateNextItem: option '${key}'`));
      keys.push(key);
    }
    // The core's blend names, order and defaults (rr.schema.blend), as evaluate sends them.
    const blend = blendArray(M, o.blend, 'evaluateNextItem', '{ popularity: 0 }');
    if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw argError('evaluateNextItem: onProgress must be a function');
    const signal = o.signal;
    if (signal?.aborted) throw new ReelRankError('E_CANCELLED', 'the evaluation was cancelled before it started');
    const progress = o.onProgress || signal ? guardCallback((stage, trial, trials, done, total) => {
      if (signal?.aborted) return false;
      const verdict = o.onProgress?.({ stage, trial, trials, done, total });
      return verdict !== false && !signal?.aborted;
    }) : null;
    const policy = policyArray(M, o.weights, 'evaluateNextItem');
    const cat = evalCatalog(o.catalog);
    let result;
    try {
      result = M._evaluateNextItem(parts.map(columns), split, algorithm, keys.join('\0'), Float64Array.from(values),
        policy, blend, k, tune, sequence, cat.raw, progress ? progress.call : null);
    } finally {
      cat.made?.dispose();
    }
    progress?.rethrowIfThrown();
    const r = unwrap(result);
    return {
      algorithm: r.algorithm, split: r.split, k: r.k, sequence: r.sequence ? r.sequence.split('\0') : [],
      sequenceEvents: r.sequenceEvents, people: r.people, trainOnlyPeople: r.trainOnlyPeople,
      tuned: r.tuned, chosen: r.chosen, trials: r.trials, valid: r.valid, test: r.test,
    };
  };
}
