// The facts the core and JS share, read from the core at load(): error codes,
// event types, reason kinds (and the field each one's label goes in), the
// weighting policy's fields and defaults, the blend's, the profile limits,
// the id byte limit and the layout of recommend's packed results. JS keeps
// no copy of these; the few needed before load() (error codes, event types,
// the id limit) are in dist/schema.js, which scripts/build.mjs writes from
// the same binding. tests/js/schema.test.js checks the two agree.
import { unwrap } from './errors.js';

const cache = new WeakMap();

function deepFreeze(x) {
  if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.values(x).forEach(deepFreeze);
    Object.freeze(x);
  }
  return x;
}

/** The core's schema (rr.schema), read once per module instance. */
export function coreSchema(M) {
  let s = cache.get(M);
  if (!s) {
    s = deepFreeze(unwrap(M._schema()));
    cache.set(M, s);
  }
  return s;
}

/** Offsets in recommend's packed numbers, from the field names the binding gives. */
export function recommendLayout(M) {
  const { result, reason } = coreSchema(M).recommendLayout;
  const at = (list, name) => {
    const i = list.indexOf(name);
    if (i < 0) throw new Error(`reelrank: the core's recommend layout lacks '${name}'`);
    return i;
  };
  return {
    resultStride: result.length,
    score: at(result, 'score'),
    reasonCount: at(result, 'reasonCount'),
    reasonStride: reason.length,
    kind: at(reason, 'kind'),
    ref: at(reason, 'ref'),
    weight: at(reason, 'weight'),
  };
}
