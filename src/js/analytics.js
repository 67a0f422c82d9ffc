// Creator and community analytics, on-device (docs/analytics.md):
//
//   rr.analytics.engagement(log, { by: 'video' | 'creator' | 'day', catalog, minGroupSize })
//   rr.analytics.segments(log, { k, model, catalog, seed, minGroupSize })
//   model.audienceFor('video-id' | { tags, creator, embedding }, { k })
//   model.lookalike(['user-a', 'user-b'], { k })
//
// Every aggregate that describes people passes the privacy guard: groups of
// fewer than minGroupSize people (default 5, never below 2) are merged into
// an "other" bucket or hidden, and each result's `privacy` says which.
import { argError, unwrap } from './errors.js';
import { policyFor } from './policy.js';
import { requireTools } from './tools.js';
import {
  checkArrayLike, checkBoolean, checkId, checkNumber, checkOptions, describe, isPlainObject, optionalNumber,
} from './validate.js';

export const DEFAULT_MIN_GROUP_SIZE = 5;
const GROUP_BY = ['video', 'creator', 'day'];
const FEATURES = ['auto', 'tags', 'items'];
const ENGAGEMENT_KEYS = ['by', 'catalog', 'minGroupSize', 'skipBelow', 'sessionGap'];
const SEGMENT_KEYS = ['k', 'kMax', 'model', 'catalog', 'seed', 'minGroupSize', 'features', 'dims', 'graphNeighbors',
  'top', 'members', 'weights'];
const AUDIENCE_KEYS = ['k', 'segments', 'kMax', 'seed', 'minGroupSize', 'includeSeen', 'features', 'dims', 'top', 'members'];
const LOOKALIKE_KEYS = ['k'];
const HISTOGRAM_EDGES = Object.freeze([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);

function checkKeys(o, known, where) {
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) throw argError(`${where}: unknown option '${key}'; known: ${known.join(', ')}`);
  }
}

function minGroupSize(value, where) {
  return optionalNumber(value, `${where}: minGroupSize`, DEFAULT_MIN_GROUP_SIZE, { min: 2, max: 1e6, integer: true });
}

const nullable = (x) => (Number.isFinite(x) ? x : null);

// The packed engagement rows' layout, named in the binding (kRowFields in
// src/bindings/analytics_bindings.cpp), read once per module.
const layouts = new WeakMap();
function rowLayout(M) {
  let l = layouts.get(M);
  if (!l) {
    l = unwrap(M._analyticsRowLayout());
    layouts.set(M, l);
  }
  return l;
}

// Unpacks the rows the binding sends as one Float64Array, each number by its name.
function decodeRows(packed, layout) {
  const { nums, count } = packed;
  const { stride, fields: at, histogram, bins } = layout;
  const keys = count === 0 ? [] : packed.keys.split('\0');
  const rows = new Array(count);
  for (let i = 0; i < count; i++) {
    const a = i * stride;
    const n = (name) => nums[a + at[name]];
    const row = { key: keys[i] };
    if (n('other') === 1) {
      row.other = true;
      row.mergedGroups = n('mergedGroups');
    }
    Object.assign(row, {
      people: n('people'), uniqueViewers: n('uniqueViewers'), impressions: n('impressions'), views: n('views'),
      skips: n('skips'), likes: n('likes'), dislikes: n('dislikes'), comments: n('comments'), shares: n('shares'),
      follows: n('follows'), exposures: n('exposures'), likers: n('likers'), dislikers: n('dislikers'),
      commenters: n('commenters'), sharers: n('sharers'), followers: n('followers'),
      watchSeconds: n('watchSeconds'), measuredViews: n('measuredViews'),
      meanWatchRatio: nullable(n('meanWatchRatio')),
      watchRatio: {
        p25: nullable(n('p25')), median: nullable(n('median')), p75: nullable(n('p75')),
        histogram: Array.from(nums.subarray(a + histogram, a + histogram + bins)),
      },
      likeRate: nullable(n('likeRate')), dislikeRate: nullable(n('dislikeRate')), commentRate: nullable(n('commentRate')),
      shareRate: nullable(n('shareRate')), followRate: nullable(n('followRate')), skipRate: nullable(n('skipRate')),
      returningViewerRate: nullable(n('returningViewerRate')),
    });
    rows[i] = row;
  }
  return rows;
}

function decodeGroup(g) {
  const out = { ...g };
  if (typeof g.members === 'string') out.members = g.members === '' ? [] : g.members.split('\0');
  return out;
}

function decodeGroups(list, layout) {
  const engagement = decodeRows(list.engagement, layout);
  return list.groups.map((g, i) => ({ ...decodeGroup(g), engagement: engagement[i] ?? null }));
}

function decodePeople(r) {
  const ids = r.count === 0 ? [] : r.ids.split('\0');
  return ids.map((user, i) => ({ user, score: r.scores[i] }));
}

function checkCatalog(classes, catalog, where) {
  if (catalog === undefined || catalog === null) return null;
  if (!(catalog instanceof classes.Catalog)) throw argError(`${where}: catalog must be a Catalog (got ${describe(catalog)})`);
  return catalog._raw;
}

function checkLog(classes, log, where) {
  if (!(log instanceof classes.Interactions)) {
    throw argError(`${where} needs an Interactions log as its first argument (got ${describe(log)})`);
  }
  return log._raw;
}

function checkFeatures(value, where) {
  const f = value ?? 'auto';
  if (!FEATURES.includes(f)) throw argError(`${where}: features must be one of ${FEATURES.join(', ')} (got ${describe(value)})`);
  return f;
}

const seedOf = (value, where) => optionalNumber(value, `${where}: seed`, 1, { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });

/** Who to reach for a video; the body of model.audienceFor. */
export function modelAudienceFor(M, model, target, options) {
  requireTools(M, 'model.audienceFor');
  const where = 'audienceFor';
  const o = checkOptions(options, where);
  checkKeys(o, AUDIENCE_KEYS, where);
  // The default k never asks for more people than the model has; an explicit one may (E_ARG).
  const k = optionalNumber(o.k, `${where}: k`, Math.max(1, Math.min(20, model.info.users)), { min: 1, max: 1e6, integer: true });
  let segments = 0;
  if (o.segments === false) segments = -1;
  else if (o.segments !== undefined && o.segments !== true) {
    segments = checkNumber(o.segments, `${where}: segments (false, true or a number of segments)`, { min: 1, max: 50, integer: true });
  }
  const kMax = optionalNumber(o.kMax, `${where}: kMax`, 8, { min: 2, max: 50, integer: true });
  const seed = seedOf(o.seed, where);
  const min = minGroupSize(o.minGroupSize, where);
  const includeSeen = checkBoolean(o.includeSeen, `${where}: includeSeen`, false);
  const features = checkFeatures(o.features, where);
  const dims = optionalNumber(o.dims, `${where}: dims`, 32, { min: 2, max: 256, integer: true });
  const top = optionalNumber(o.top, `${where}: top`, 5, { min: 0, max: 100, integer: true });
  const members = checkBoolean(o.members, `${where}: members`, false);
  let item = '';
  let tags = '';
  let creator = '';
  let embedding = new Float32Array(0);
  if (typeof target === 'string') {
    item = checkId(target, `${where}: the video id`);
  } else if (isPlainObject(target)) {
    for (const key of Object.keys(target)) {
      if (!['tags', 'creator', 'embedding', 'id'].includes(key)) {
        throw argError(`${where}: unknown video feature '${key}'; a new video is { tags, creator, embedding }`);
      }
    }
    if (target.tags !== undefined) {
      if (!Array.isArray(target.tags)) throw argError(`${where}: tags must be an array of strings`);
      tags = target.tags.map((t, i) => checkId(t, `${where}: tags[${i}]`)).join('\0');
    }
    if (target.creator !== undefined && target.creator !== null) creator = checkId(target.creator, `${where}: creator`);
    if (target.embedding !== undefined) {
      checkArrayLike(target.embedding, `${where}: embedding`);
      embedding = Float32Array.from(target.embedding);
    }
    if (tags === '' && creator === '' && embedding.length === 0) {
      throw argError(`${where}: a new video needs at least one of tags, creator or embedding`);
    }
  } else {
    throw argError(`${where} needs a video id or a new video's { tags, creator, embedding } (got ${describe(target)})`);
  }
  const video = item ? { item } : { tags, creator, embedding };
  const r = unwrap(M._analyticsAudience(model._raw, video, {
    k, segments, kMax, seed, minGroupSize: min, includeSeen, features, dims, top, members,
  }));
  return {
    basis: r.basis,
    people: decodePeople(r),
    candidates: r.candidates,
    reached: r.reached,
    segments: r.segments ? r.segments.map(decodeGroup) : null,
    segmentK: r.segments ? r.segmentK : null,
    silhouette: r.segments ? r.silhouette : null,
    privacy: r.privacy,
  };
}

/** People most like a seed group; the body of model.lookalike. */
export function modelLookalike(M, model, users, options) {
  requireTools(M, 'model.lookalike');
  const where = 'lookalike';
  const o = checkOptions(options, where);
  checkKeys(o, LOOKALIKE_KEYS, where);
  const k = optionalNumber(o.k, `${where}: k`, Math.max(1, Math.min(20, model.info.users)), { min: 1, max: 1e6, integer: true });
  checkArrayLike(users, `${where}: users`);
  if (users.length === 0) throw argError(`${where} needs at least one seed user`);
  const ids = Array.from(users, (u, i) => checkId(typeof u === 'number' ? String(u) : u, `${where}: users[${i}]`));
  return decodePeople(unwrap(M._analyticsLookalike(model._raw, ids.join('\0'), k)));
}

export function makeAnalytics(M, classes) {
  /**
   * Engagement per video, creator or day: views, unique viewers, watch-ratio
   * mean and distribution, like/dislike/comment/share/follow/skip rates,
   * returning-viewer rate. Groups under minGroupSize people are merged.
   */
  function engagement(log, options) {
    requireTools(M, 'rr.analytics.engagement');
    const where = 'analytics.engagement';
    const o = checkOptions(options, where);
    checkKeys(o, ENGAGEMENT_KEYS, where);
    const logRaw = checkLog(classes, log, where);
    const by = o.by ?? 'video';
    if (!GROUP_BY.includes(by)) throw argError(`${where}: by must be one of ${GROUP_BY.join(', ')} (got ${describe(o.by)})`);
    const catalogRaw = checkCatalog(classes, o.catalog, where);
    if (by === 'creator' && !catalogRaw) throw argError(`${where}: by 'creator' needs { catalog } (creators come from it)`);
    const min = minGroupSize(o.minGroupSize, where);
    const skipBelow = optionalNumber(o.skipBelow, `${where}: skipBelow`, 0.2, { min: 0, max: 1 });
    const gap = optionalNumber(o.sessionGap, `${where}: sessionGap`, 1800, { min: 1, max: 1e9 });
    const r = unwrap(M._analyticsEngagement(logRaw, catalogRaw, { by, minGroupSize: min, skipBelow, sessionGap: gap }));
    const layout = rowLayout(M);
    return {
      by,
      groups: decodeRows(r.rows, layout),
      overall: r.overall ? decodeRows(r.overall, layout)[0] : null,
      events: r.events,
      unattributedEvents: r.unattributedEvents,
      histogramEdges: HISTOGRAM_EDGES,
      privacy: r.privacy,
    };
  }

  /**
   * Audience segments (k-means++ on interest vectors, k given or chosen by
   * silhouette) with their size, distinguishing tags/creators/videos and
   * engagement, plus communities from the people-similarity graph.
   */
  function segments(log, options) {
    requireTools(M, 'rr.analytics.segments');
    const where = 'analytics.segments';
    const o = checkOptions(options, where);
    checkKeys(o, SEGMENT_KEYS, where);
    const logRaw = checkLog(classes, log, where);
    const k = o.k === undefined ? 0 : checkNumber(o.k, `${where}: k`, { min: 1, max: 1e6, integer: true });
    const kMax = optionalNumber(o.kMax, `${where}: kMax`, 8, { min: 2, max: 50, integer: true });
    if (o.model !== undefined && o.model !== null && !(o.model instanceof classes.Model)) {
      throw argError(`${where}: model must be a Model (got ${describe(o.model)})`);
    }
    const modelRaw = o.model ? o.model._raw : null;
    const catalogRaw = checkCatalog(classes, o.catalog, where);
    const seed = seedOf(o.seed, where);
    const min = minGroupSize(o.minGroupSize, where);
    const features = checkFeatures(o.features, where);
    const dims = optionalNumber(o.dims, `${where}: dims`, 32, { min: 2, max: 256, integer: true });
    const graphNeighbors = optionalNumber(o.graphNeighbors, `${where}: graphNeighbors`, 10, { min: 0, max: 100, integer: true });
    const top = optionalNumber(o.top, `${where}: top`, 5, { min: 0, max: 100, integer: true });
    const members = checkBoolean(o.members, `${where}: members`, false);
    // Without a model the log is weighted by the default policy (or weights:
    // {...}); with one, by the model's own policy unless weights are given.
    const policy = modelRaw && o.weights === undefined ? null : policyFor(M, o.weights, where);
    const r = unwrap(M._analyticsSegments(logRaw, catalogRaw, modelRaw, policy, {
      k, kMax, seed, minGroupSize: min, features, dims, graphNeighbors, top, members,
    }));
    const layout = rowLayout(M);
    return {
      people: r.people,
      k: r.k,
      features: r.features,
      dims: r.dims,
      silhouette: r.silhouette,
      tried: r.tried,
      inertia: r.inertia,
      segments: decodeGroups(r.segments, layout),
      privacy: r.privacy,
      communities: r.communities ? {
        count: r.communities.count,
        modularity: r.communities.modularity,
        groups: decodeGroups(r.communities, layout),
        privacy: r.communities.privacy,
      } : null,
    };
  }

  return Object.freeze({
    /** False when the wasm was built without the analytics bindings (every call then throws E_STATE). */
    engagement,
    segments,
    audienceFor: (model, target, options) => {
      if (!(model instanceof classes.Model)) throw argError(`analytics.audienceFor needs a Model (got ${describe(model)})`);
      return modelAudienceFor(M, model, target, options);
    },
    lookalike: (model, users, options) => {
      if (!(model instanceof classes.Model)) throw argError(`analytics.lookalike needs a Model (got ${describe(model)})`);
      return modelLookalike(M, model, users, options);
    },
    DEFAULT_MIN_GROUP_SIZE,
  });
}
