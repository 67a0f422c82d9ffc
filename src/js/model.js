// Model: the item side, shareable. Made by rr.train(log, options) or
// rr.Model.load(bytes); ranks for a private Profile or a known user.
import { ReelRankError, argError, unwrap } from './errors.js';
import { guardCallback } from './callbacks.js';
import { Owned } from './lifecycle.js';
import { blendFor, policyFor, policyObject } from './policy.js';
import { coreSchema, recommendLayout } from './core-schema.js';
import { modelAudienceFor, modelLookalike } from './analytics.js';
import {
  checkArrayLike, checkBoolean, checkBytes, checkId, checkNumber, checkOptions, describe, isShortId, optionalNumber,
} from './validate.js';

const TRAIN_KEYS = new Set(['algorithm', 'catalog', 'weights', 'blend', 'onProgress', 'signal']);
const RECOMMEND_KEYS = new Set(['k', 'candidates', 'serverWeight', 'exclude', 'excludeSeen', 'diversity', 'maxPerCreator', 'exploration', 'calibration',
  'popularityCorrection', 'seed', 'explain', 'newVideoBudget', 'newVideoMethod', 'newVideoWindow']);
const PAGE_KEYS = new Set([...RECOMMEND_KEYS].filter((key) => key !== 'candidates'));
const token = Symbol('reelrank.Model');

function splitNames(joined, count) {
  return count === 0 ? [] : joined.split('\0');
}

// Unpacks the two copies the binding returns (see JsModel::results): the
// offsets and the reason kinds with the field each one's label goes in come
// from the core (rr.schema.recommendLayout and rr.schema.reasonKinds).
function decodeResults(r, layout, kinds) {
  const { nums, names } = r;
  const count = nums[0];
  const parts = names.split('\0');
  const out = new Array(count);
  let at = 1;
  let name = count;
  for (let i = 0; i < count; i++) {
    const score = nums[at + layout.score];
    const reasonCount = nums[at + layout.reasonCount];
    at += layout.resultStride;
    const reasons = new Array(reasonCount);
    for (let k = 0; k < reasonCount; k++) {
      const shape = kinds[nums[at + layout.kind]];
      const ref = nums[at + layout.ref];
      const reason = { kind: shape.name, weight: nums[at + layout.weight] };
      at += layout.reasonStride;
      const label = parts[name++];
      if (shape.field !== null) reason[shape.field] = shape.numeric ? ref : label;
      reasons[k] = reason;
    }
    out[i] = { id: parts[i], score, reasons };
  }
  return out;
}

// recommend's candidates: ids, or a server's page of { id, score } (one form
// per call). Returns the NUL-joined ids and, for a page, its scores.
function candidateList(value, what) {
  if (value === undefined) return { ids: '', scores: undefined };
  checkArrayLike(value, what);
  const list = Array.from(value);
  const scored = list.length > 0 && list[0] !== null && typeof list[0] === 'object';
  if (!scored) return { ids: idList(list, what), scores: undefined };
  const scores = new Float64Array(list.length);
  const ids = new Array(list.length);
  // A page is re-sent after every swipe: the checks build no message unless one fails.
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === null || typeof c !== 'object') {
      throw argError(`${what}[${i}] must be { id, score } like the first candidate (one form per call: ids, or a server's { id, score })`);
    }
    for (const key in c) {
      if (key !== 'id' && key !== 'score') throw argError(`${what}[${i}]: unknown field '${key}'; known: id, score`);
    }
    const { id, score } = c;
    scores[i] = typeof score === 'number' && Number.isFinite(score) ? score : checkNumber(score, `${what}[${i}].score`);
    ids[i] = isShortId(id) ? id : checkId(id, `${what}[${i}].id`);
  }
  return { ids: ids.join('\0'), scores };
}

function idList(value, what) {
  if (value === undefined) return '';
  checkArrayLike(value, what);
  return Array.from(value, (id, i) => (isShortId(id) ? id : checkId(id, `${what}[${i}]`))).join('\0');
}

export function makeModelClass(M, classes) {
  const layout = recommendLayout(M);
  const kinds = coreSchema(M).reasonKinds;
  // recommend's options (other than candidates) as the binding reads them.
  function recommendRequest(o, what, keys, who) {
    for (const key of Object.keys(o)) {
      if (!keys.has(key)) throw argError(`${what}: unknown option '${key}'; known: ${[...keys].join(', ')}`);
    }
    const { serverWeight: server, newVideos, calibration, popularityCorrection } = coreSchema(M);
    const method = o.newVideoMethod === undefined ? newVideos.method : o.newVideoMethod;
    const methodIndex = newVideos.methods.indexOf(method);
    if (methodIndex < 0) {
      throw argError(`${what}: newVideoMethod must be one of ${newVideos.methods.map((m) => `'${m}'`).join(', ')} (got ${describe(o.newVideoMethod)})`);
    }
    const seedRange = { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true };
    return {
      k: optionalNumber(o.k, `${what}: k`, 10, { min: 1, max: 10000, integer: true }),
      serverWeight: optionalNumber(o.serverWeight, `${what}: serverWeight`, server.default, { min: server.min, max: server.max }),
      exclude: idList(o.exclude, `${what}: exclude`),
      excludeSeen: checkBoolean(o.excludeSeen, `${what}: excludeSeen`, true),
      diversity: optionalNumber(o.diversity, `${what}: diversity`, 0, { min: 0, max: 1 }),
      maxPerCreator: optionalNumber(o.maxPerCreator, `${what}: maxPerCreator`, 0, { min: 0, max: 10000, integer: true }),
      exploration: optionalNumber(o.exploration, `${what}: exploration`, 0, { min: 0, max: 1 }),
      // Defaults and ranges are the core's (RankRequest, rr.schema.calibration / .popularityCorrection).
      calibration: optionalNumber(o.calibration, `${what}: calibration`, calibration.default, { min: calibration.min, max: calibration.max }),
      popularityCorrection: optionalNumber(o.popularityCorrection, `${what}: popularityCorrection`, popularityCorrection.default,
        { min: popularityCorrection.min, max: popularityCorrection.max }),
      explain: checkBoolean(o.explain, `${what}: explain`, true),
      newVideoBudget: optionalNumber(o.newVideoBudget, `${what}: newVideoBudget`, newVideos.budget,
        { min: newVideos.minBudget, max: newVideos.maxBudget }),
      newVideoMethod: methodIndex,
      newVideoWindow: optionalNumber(o.newVideoWindow, `${what}: newVideoWindow`, newVideos.window,
        { min: newVideos.minWindow, max: newVideos.maxWindow }),
      // Default seed for a Profile: changes as the person acts, reproducible for a given profile.
      seed: optionalNumber(o.seed, `${what}: seed`, who instanceof classes.Profile ? who.totalRecorded : 0, seedRange),
    };
  }

  /**
   * A server's page resolved against one model (model.page): re-ranked for a
   * Profile after every swipe with recommend() (results as model.recommend
   * gives them) or order() (the page's places, best first, as an Int32Array).
   */
  class ServerPage extends Owned {
    #model;
    constructor(secret, raw, model) {
      if (secret !== token) throw new TypeError('ServerPage has no public constructor; use model.page(candidates)');
      super(raw, 'ServerPage');
      this.#model = model;
    }

    /** How many candidates the page holds. */
    get size() {
      return this._raw._size();
    }

    #request(who, options, what) {
      if (!(who instanceof classes.Profile)) throw argError(`${what}: the first argument must be a Profile`);
      const raw = this._raw;
      const model = this.#model._raw;  // E_DISPOSED when the model is gone
      return { raw, model, request: recommendRequest(checkOptions(options, what), what, PAGE_KEYS, who) };
    }

    /** The page re-ranked for `who`: [{ id, score, reasons }], best first. */
    recommend(who, options) {
      const { raw, model, request } = this.#request(who, options, 'page.recommend');
      return decodeResults(unwrap(model._recommendPage(who._raw, raw, request)), layout, kinds);
    }

    /** The page re-ranked for `who` as places in the page (0 = its first candidate), best first; k defaults to the whole page. */
    order(who, options) {
      const o = checkOptions(options, 'page.order');
      const withK = o.k === undefined ? { ...o, k: Math.min(10000, Math.max(1, this.size)), explain: false } : { ...o, explain: false };
      const { raw, model, request } = this.#request(who, withK, 'page.order');
      return unwrap(model._orderPage(who._raw, raw, request));
    }
  }

  class Model extends Owned {
    constructor(secret, raw) {
      if (secret !== token) throw argError('create a Model with rr.train(log, options) or rr.Model.load(bytes)');
      super(raw, 'Model');
    }

    /** Trains a model; see rr.train. */
    static train(log, options) {
      if (!(log instanceof classes.Interactions)) {
        throw argError(`train needs an Interactions log as its first argument (got ${describe(log)})`);
      }
      const o = checkOptions(options, 'train');
      const algorithm = o.algorithm ?? 'itemknn';
      if (typeof algorithm !== 'string') throw argError(`train: algorithm must be a string (got ${describe(algorithm)})`);
      if (o.catalog !== undefined && o.catalog !== null && !(o.catalog instanceof classes.Catalog)) {
        throw argError(`train: catalog must be a Catalog (got ${describe(o.catalog)})`);
      }
      const algorithmOptions = {};
      for (const [key, value] of Object.entries(o)) {
        if (TRAIN_KEYS.has(key) || value === undefined) continue;
        algorithmOptions[key] = typeof value === 'boolean' ? (value ? 1 : 0) : checkNumber(value, `train: option '${key}'`);
      }
      const blend = blendFor(M, o.blend, 'train', '{ content: 0.5 }');
      if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw argError('train: onProgress must be a function');
      const signal = o.signal;
      if (signal?.aborted) throw new ReelRankError('E_CANCELLED', 'training was cancelled before it started');
      const progress = o.onProgress || signal ? guardCallback((iteration, iterations, loss, seconds, validation) => {
        if (signal?.aborted) return false;
        const verdict = o.onProgress?.({
          iteration, iterations, loss: Number.isNaN(loss) ? null : loss, seconds, validation: Number.isNaN(validation) ? null : validation,
        });
        return verdict !== false && !signal?.aborted;  // an abort during the report counts too
      }) : null;
      const weights = policyFor(M, o.weights, 'train');
      const catalogRaw = o.catalog ? o.catalog._raw : null;
      const logRaw = log._raw;
      const raw = new M._Model();
      try {
        const result = raw._train(logRaw, catalogRaw, {
          algorithm, options: algorithmOptions, weights, blend, onProgress: progress ? progress.call : null,
        });
        progress?.rethrowIfThrown();  // a throwing onProgress ends train with its own error
        unwrap(result);
      } catch (err) {
        raw.delete();
        throw err;
      }
      return new Model(token, raw);
    }

    /**
     * A model from item factors trained elsewhere:
     * Model.fromFactors({ items, factors, dim, itemBias?, globalMean? }) (see factors.js).
     */
    static fromFactors(spec) {
      return classes.fromFactors(spec);
    }

    /**
     * A SASRec model from a .safetensors file trained elsewhere:
     * Model.fromSafetensors(bytes, { items }) (see factors.js, docs/models.md).
     */
    static fromSafetensors(bytes, spec) {
      return classes.fromSafetensors(bytes, spec);
    }

    /** Loads a model saved with model.save(). */
    static load(bytes) {
      const data = checkBytes(bytes, 'Model.load: bytes');
      const raw = new M._Model();
      try {
        unwrap(raw._load(data));
      } catch (err) {
        raw.delete();
        throw err;
      }
      return new Model(token, raw);
    }

    /**
     * Ranks items for a Profile (private, on-device) or a user id from the
     * training log. Returns [{ id, score, reasons }], best first.
     */
    recommend(who, options) {
      const o = checkOptions(options, 'recommend');
      const request = recommendRequest(o, 'recommend', RECOMMEND_KEYS, who);
      const page = candidateList(o.candidates, 'recommend: candidates');
      Object.assign(request, { candidates: page.ids, candidateScores: page.scores, restrict: o.candidates !== undefined });
      const raw = this._raw;
      if (who instanceof classes.Profile) return decodeResults(unwrap(raw._recommendProfile(who._raw, request)), layout, kinds);
      checkId(who, 'recommend: the first argument (a Profile or a user id)');
      return decodeResults(unwrap(raw._recommendUser(who, request)), layout, kinds);
    }

    /**
     * A server's page of candidates, [{ id, score }], resolved once so it can
     * be re-ranked after every swipe without sending it again (ServerPage).
     */
    page(candidates) {
      checkArrayLike(candidates, 'page: candidates');
      if (candidates.length === 0) throw argError('page: candidates is empty; a page needs at least one { id, score }');
      const list = candidateList(candidates, 'page: candidates');
      if (list.scores === undefined) {
        throw argError('page: candidates must be a server\'s page of { id, score } (for plain ids use recommend\'s candidates)');
      }
      const raw = new M._ServerPage();
      try {
        unwrap(this._raw._resolvePage(raw, list.ids, list.scores.length, list.scores));
      } catch (err) {
        raw.delete();
        throw err;
      }
      return new ServerPage(token, raw, this);
    }

    /**
     * Predicted preference of `item` for a user id or Profile, on the scale of
     * the training values (ratings for a ratings log); null when the model has
     * no basis for a prediction.
     */
    predict(who, item) {
      checkId(item, 'predict: item');
      const raw = this._raw;
      if (who instanceof classes.Profile) return unwrap(raw._predictProfile(who._raw, item));
      checkId(who, 'predict: the first argument (a Profile or a user id)');
      return unwrap(raw._predictUser(who, item));
    }

    /** The n items most similar to `item`: [{ id, score }]. */
    similarItems(item, n = 10) {
      checkId(item, 'similarItems: item');
      checkNumber(n, 'similarItems: n', { min: 1, max: 10000, integer: true });
      const r = unwrap(this._raw._similarItems(item, n));
      const ids = splitNames(r.ids, r.count);
      return ids.map((id, i) => ({ id, score: r.scores[i] }));
    }

    /**
     * The tag mix of `ids` (each video weighs 1) against the person's history
     * as calibration reads it (their decayed interest), and the KL divergence
     * between the two (null when the history has no tagged video): what
     * recommend's `calibration` narrows. Computed by the core (rank/calibration.hpp).
     */
    tagMix(profile, ids) {
      if (!(profile instanceof classes.Profile)) {
        throw argError(`tagMix: the first argument must be a Profile (got ${describe(profile)}); the mix is of a private profile's history`);
      }
      const joined = idList(checkArrayLike(ids, 'tagMix: ids'), 'tagMix: ids');
      const r = unwrap(this._raw._tagMix(profile._raw, joined, ids.length));
      return { tags: splitNames(r.tags, r.tagCount), history: r.history, list: r.list, miscalibration: r.miscalibration };
    }

    /**
     * Who to reach for a video (a model video id, or a new video's
     * { tags, creator, embedding }): people ranked by predicted affinity and
     * the affinity of each audience segment (docs/analytics.md).
     */
    audienceFor(itemOrFeatures, options) {
      return modelAudienceFor(M, this, itemOrFeatures, options);
    }

    /** People of the training log most like the seed users: [{ user, score }] (docs/analytics.md). */
    lookalike(users, options) {
      return modelLookalike(M, this, users, options);
    }

    /**
     * The model as bytes. { includeUsers: false } strips the training users
     * (the private part of the log) for shipping; userknn needs them.
     */
    save(options) {
      const o = checkOptions(options, 'model.save');
      return unwrap(this._raw._save(checkBoolean(o.includeUsers, 'model.save: includeUsers', true)));
    }

    /** { algorithm, items, users, tags, creators, explicitRatings, hasUsers, weights } */
    get info() {
      const i = this._raw._info();
      return {
        algorithm: i.algorithm, items: i.items, users: i.users, tags: i.tags, creators: i.creators,
        explicitRatings: i.explicitRatings, hasUsers: i.hasUsers, weights: policyObject(i.policy),
      };
    }

    get algorithm() {
      return this.info.algorithm;
    }

    get itemCount() {
      return this._raw._info().items;
    }
  }
  // Wraps a raw _Model that another part of the package filled (factors.js).
  classes.adoptModel = (raw) => new Model(token, raw);
  return Model;
}
