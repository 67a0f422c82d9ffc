// Argument checks shared by the wrapper classes. They run before anything
// reaches wasm, so a bad call fails fast with a message naming the argument.
import { argError } from './errors.js';

const MAX_ID_LENGTH = 256;

export function isPlainObject(x) {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

export function checkOptions(options, where) {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw argError(`${where}: options must be an object`);
  return options;
}

export function checkId(value, what) {
  if (typeof value !== 'string' || value.length === 0) {
    throw argError(`${what} must be a non-empty string (got ${describe(value)})`);
  }
  if (value.length > MAX_ID_LENGTH) throw argError(`${what} is longer than ${MAX_ID_LENGTH} characters`);
  if (value.includes('\0')) throw argError(`${what} must not contain a NUL character`);
  return value;
}

/** Ids given as numbers (e.g. MovieLens user ids in a typed array) become strings. */
export function idFromStringOrNumber(value, what) {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw argError(`${what} must be a string or an integer (got ${value})`);
    return String(value);
  }
  return checkId(value, what);
}

export function checkNumber(value, what, { min = -Infinity, max = Infinity, integer = false } = {}) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw argError(`${what} must be a finite number (got ${describe(value)})`);
  }
  if (integer && !Number.isInteger(value)) throw argError(`${what} must be an integer (got ${value})`);
  if (value < min || value > max) throw argError(`${what} must be between ${min} and ${max} (got ${value})`);
  return value;
}

export function optionalNumber(value, what, fallback, range) {
  return value === undefined ? fallback : checkNumber(value, what, range);
}

export function checkBoolean(value, what, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw argError(`${what} must be true or false (got ${describe(value)})`);
  return value;
}

export function checkArrayLike(value, what) {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) {
    throw argError(`${what} must be an array or a typed array (got ${describe(value)})`);
  }
  return value;
}

export function checkBytes(value, what) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw argError(`${what} must be a Uint8Array or ArrayBuffer (got ${describe(value)})`);
}

export function describe(x) {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return x.length > 40 ? `a ${x.length}-character string` : JSON.stringify(x);
  if (typeof x === 'number') return String(x);
  return typeof x === 'object' ? (x.constructor?.name ?? 'an object') : typeof x;
}
