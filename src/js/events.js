// Events in JS -> columns for one wasm call. Ids are NUL-joined into a single
// string and numbers go in typed arrays, so a batch of a million events
// crosses the boundary in a handful of copies.
import { argError } from './errors.js';
import { checkId, describe, isPlainObject } from './validate.js';
// The core's event types in its EventType order (src/core/data/events.hpp),
// generated into dist/schema.js at build time: EVENT_TYPES is a module-level
// export, needed before load(). An event's code is its index.
import { EVENT_TYPES } from './schema.js';

export { EVENT_TYPES };
const TYPE_CODE = new Map(EVENT_TYPES.map((t, i) => [t, i]));

/** The core's code of an event type (its EventType value). */
export function eventTypeCode(type) {
  return TYPE_CODE.get(type);
}

function nowSeconds() {
  return Date.now() / 1000;
}

function finiteOr(value, fallback, what) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw argError(`${what} must be a finite number (got ${describe(value)})`);
  return value;
}

/**
 * Encodes events. `withUser` adds the user column (Interactions);
 * `withMeta` collects inline tags/creator (Profile).
 */
export function encodeEvents(events, { withUser, withMeta, where }) {
  const n = events.length;
  const users = withUser ? new Array(n) : null;
  const items = new Array(n);
  const types = new Uint8Array(n);
  const values = new Float64Array(n);
  const durations = new Float64Array(n);
  const timestamps = new Float64Array(n);
  let metaTagCounts = null;
  let metaTags = null;
  let metaCreators = null;
  const defaultTime = nowSeconds();
  for (let k = 0; k < n; k++) {
    const e = events[k];
    const at = n === 1 ? where : `${where}: event ${k}`;
    if (!isPlainObject(e)) throw argError(`${at} must be an object like { item, type } (got ${describe(e)})`);
    if (withUser) users[k] = checkId(e.user, `${at}: user`);
    items[k] = checkId(e.item, `${at}: item`);
    const code = TYPE_CODE.get(e.type);
    if (code === undefined) {
      throw argError(`${at}: unknown event type ${describe(e.type)}; use one of ${EVENT_TYPES.join(', ')}`);
    }
    types[k] = code;
    if (e.type === 'view') {
      if (typeof e.watchTime !== 'number' || !Number.isFinite(e.watchTime) || e.watchTime < 0) {
        throw argError(`${at}: a view needs watchTime, a finite number of seconds >= 0 (got ${describe(e.watchTime)})`);
      }
      values[k] = e.watchTime;
    } else if (e.type === 'rating') {
      if (typeof e.value !== 'number' || !Number.isFinite(e.value)) {
        throw argError(`${at}: a rating needs value, a finite number (got ${describe(e.value)})`);
      }
      values[k] = e.value;
    }
    const duration = finiteOr(e.duration, 0, `${at}: duration`);
    if (duration < 0) throw argError(`${at}: duration must be >= 0 seconds (got ${duration})`);
    durations[k] = duration;
    timestamps[k] = finiteOr(e.timestamp, defaultTime, `${at}: timestamp`);
    if (withMeta && (e.tags !== undefined || e.creator !== undefined)) {
      if (!metaTagCounts) {
        metaTagCounts = new Int32Array(n);
        metaTags = [];
        metaCreators = new Array(n).fill('');
      }
      if (e.tags !== undefined) {
        if (!Array.isArray(e.tags)) throw argError(`${at}: tags must be an array of strings`);
        e.tags.forEach((t, i) => metaTags.push(checkId(t, `${at}: tags[${i}]`)));
        metaTagCounts[k] = e.tags.length;
      }
      if (e.creator !== undefined) metaCreators[k] = checkId(e.creator, `${at}: creator`);
    }
  }
  return {
    users: users ? users.join('\0') : '',
    items: items.join('\0'),
    types,
    values,
    durations,
    timestamps,
    metaTagCounts: metaTagCounts ?? new Int32Array(0),
    metaTags: metaTags ? metaTags.join('\0') : '',
    metaCreators: metaCreators ? metaCreators.join('\0') : '',
  };
}
