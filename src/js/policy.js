// The weighting policy (docs/weighting.md) as it crosses to wasm: an object
// of named numbers. The names and defaults are the core's
// (weightPolicyFields() in src/core/data/events.hpp), read at load().
import { argError } from './errors.js';
import { coreSchema } from './core-schema.js';
import { checkNumber, isPlainObject } from './validate.js';

/** The policy with `weights` applied over the core's defaults: { view, like, ... }. */
export function policyFor(M, weights, where) {
  const defaults = coreSchema(M).weights;
  const out = { ...defaults };
  if (weights === undefined) return out;
  if (!isPlainObject(weights)) throw argError(`${where}: weights must be an object like { like: 4, halfLifeDays: 14 }`);
  for (const [key, value] of Object.entries(weights)) {
    if (!Object.hasOwn(defaults, key)) {
      throw argError(`${where}: unknown weight '${key}'; known weights: ${Object.keys(defaults).join(', ')}`);
    }
    out[key] = checkNumber(value, `${where}: weights.${key}`);
  }
  return out;
}

/** The same policy as numbers in the core's field order (the evaluate binding's form). */
export function policyArray(M, weights, where) {
  return Float64Array.from(Object.values(policyFor(M, weights, where)));
}

/** A policy the binding returned, as a fresh object for the caller. */
export function policyObject(policy) {
  return { ...policy };
}

/**
 * The blend weights a caller gave ({ content: 0.5 }), checked against the
 * core's names (rr.schema.blend); the binding fills the rest from the core's
 * defaults. `example` is the shape the message suggests.
 */
export function blendFor(M, blend, where, example) {
  if (blend === undefined) return {};
  if (!isPlainObject(blend)) throw argError(`${where}: blend must be an object like ${example}`);
  const known = coreSchema(M).blend;
  const out = {};
  for (const [key, value] of Object.entries(blend)) {
    if (!Object.hasOwn(known, key)) throw argError(`${where}: unknown blend weight '${key}'; known: ${Object.keys(known).join(', ')}`);
    out[key] = checkNumber(value, `${where}: blend.${key}`, { min: 0 });
  }
  return out;
}

/** The same blend as numbers in the core's order, each missing one the core's default (the evaluate binding's form). */
export function blendArray(M, blend, where, example) {
  const given = blendFor(M, blend, where, example);
  return Float64Array.from(Object.entries(coreSchema(M).blend), ([key, fallback]) => given[key] ?? fallback);
}
