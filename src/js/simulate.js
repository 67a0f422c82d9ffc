// rr.simulateFeed: the seeded feed simulator (src/core/sim, docs/simulator.md),
// in wasm, from the tools module.
//
//   const data = rr.readDataset(text, { format: 'movielens' });
//   const r = rr.simulateFeed(data, { policies: ['none', 'random:0.1', 'oracle'], sessions: 5, people: 200 });
//   r.world.newVideos, r.policies[0].watchTimePerSession, r.policies[0].regretPerSession, ...
//
// The configuration's names, defaults and ranges come from the core
// (rr.simulateFeed.schema): this file checks types and ranges against them
// so a mistake is an E_ARG naming the option before any work starts.
import { guardCallback } from './callbacks.js';
import { ReelRankError, argError, unwrap } from './errors.js';
import { checkNumber, checkOptions, describe } from './validate.js';
import { requireTools } from './tools.js';

// Everything else in the options is a simulation field (schema.fields) or,
// failing that, an option of the recommender's algorithm (as in rr.train).
const KEYS = new Set(['policies', 'algorithm', 'catalog', 'onProgress', 'signal']);

function readSchema(M) {
  const s = unwrap(M._simSchema());
  return Object.freeze({
    fields: Object.freeze(s.fields.map((f) => Object.freeze({ ...f }))),
    policies: Object.freeze(s.policies.map((p) => Object.freeze({ ...p }))),
    stages: Object.freeze([...s.stages]),
    defaultAlgorithm: s.defaultAlgorithm,
  });
}

export function makeSimulate(M, Dataset, evalCatalog) {
  const schema = typeof M._simSchema === 'function' ? readSchema(M) : null;
  const fieldNames = new Set(schema ? schema.fields.map((f) => f.name) : []);

  function policyText(policies) {
    if (policies === undefined) return 'none,random:0.1,oracle';
    const list = typeof policies === 'string' ? policies.split(',') : policies;
    if (!Array.isArray(list) || list.length === 0 || list.some((p) => typeof p !== 'string')) {
      throw argError(`simulateFeed: policies must be a non-empty array of names like 'none', 'random:0.1', 'oracle' (got ${describe(policies)})`);
    }
    return list.map((p) => p.trim()).join(',');
  }

  /**
   * Fits a world to the dataset and runs every policy through it.
   * @param {object} data a Dataset from rr.readDataset
   * @param {object} [options] see simulate.d.ts
   */
  function simulateFeed(data, options) {
    requireTools(M, 'rr.simulateFeed');
    if (!(data instanceof Dataset)) throw argError(`simulateFeed needs a Dataset from rr.readDataset (got ${describe(data)})`);
    const o = checkOptions(options, 'simulateFeed');
    const algorithm = o.algorithm ?? schema.defaultAlgorithm;
    if (typeof algorithm !== 'string') throw argError(`simulateFeed: algorithm must be a string (got ${describe(algorithm)})`);
    const policies = policyText(o.policies);
    const config = {};
    for (const f of schema.fields) {
      if (o[f.name] === undefined) continue;
      config[f.name] = checkNumber(o[f.name], `simulateFeed: ${f.name}`, { min: f.min, max: f.max, integer: f.integer });
    }
    const keys = [];
    const values = [];
    for (const [key, value] of Object.entries(o)) {
      if (KEYS.has(key) || fieldNames.has(key) || value === undefined) continue;
      values.push(typeof value === 'boolean' ? (value ? 1 : 0) : checkNumber(value, `simulateFeed: option '${key}' of ${algorithm}`));
      keys.push(key);
    }
    if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw argError('simulateFeed: onProgress must be a function');
    const signal = o.signal;
    if (signal?.aborted) throw new ReelRankError('E_CANCELLED', 'the simulation was cancelled before it started');
    const progress = o.onProgress || signal ? guardCallback((stage, policy, policiesCount, round, rounds, done, total, seconds) => {
      if (signal?.aborted) return false;
      const verdict = o.onProgress?.({ stage, policy, policies: policiesCount, round, rounds, done, total, seconds });
      return verdict !== false && !signal?.aborted;  // an abort during the report counts too
    }) : null;
    const cat = evalCatalog(o.catalog);
    let result;
    try {
      result = M._simulateFeed(data._raw._columns(), cat.raw, policies, algorithm, keys.join('\0'), Float64Array.from(values),
        config, progress ? progress.call : null);
    } finally {
      cat.made?.dispose();
    }
    progress?.rethrowIfThrown();
    const r = unwrap(result);
    const settings = Object.fromEntries(schema.fields.map((f) => [f.name, config[f.name] ?? f.default]));
    return { algorithm, settings, world: r.world, policies: r.policies };
  }

  if (schema) simulateFeed.schema = schema;
  return simulateFeed;
}
