// The weighting policy (docs/weighting.md) as it crosses to wasm: eleven
// numbers in a fixed order. Defaults come from the core, so they live in one place.
import { argError } from './errors.js';
import { checkNumber, isPlainObject } from './validate.js';

export const POLICY_KEYS = Object.freeze([
  'view', 'maxWatchRatio', 'like', 'comment', 'share', 'follow', 'skip', 'dislike', 'rating', 'confidenceAlpha',
  'halfLifeDays',
]);

export function policyArray(M, weights, where) {
  const out = Float64Array.from(M._defaultPolicy());
  if (weights === undefined) return out;
  if (!isPlainObject(weights)) throw argError(`${where}: weights must be an object like { like: 4, halfLifeDays: 14 }`);
  for (const [key, value] of Object.entries(weights)) {
    const i = POLICY_KEYS.indexOf(key);
    if (i < 0) throw argError(`${where}: unknown weight '${key}'; known weights: ${POLICY_KEYS.join(', ')}`);
    out[i] = checkNumber(value, `${where}: weights.${key}`);
  }
  return out;
}

export function policyObject(array) {
  const o = {};
  POLICY_KEYS.forEach((k, i) => {
    o[k] = array[i];
  });
  return o;
}
