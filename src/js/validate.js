// Argument checks shared by the wrapper classes. They run before anything
// reaches wasm, so a bad call fails fast with a message naming the argument.
import { argError } from './errors.js';
// The core's limits::kMaxIdBytes (src/core/common/limits.hpp, docs/limits.md):
// an id is at most this many bytes of UTF-8, the bytes the core receives.
// Generated into dist/schema.js at build time: these checks are plain
// functions that run without a module instance.
import { MAX_ID_BYTES } from './schema.js';

export { MAX_ID_BYTES };

/**
 * Bytes of `s` in UTF-8 as the core receives it: Emscripten's own count
 * (lengthBytesUTF8), where a surrogate pair is one 4-byte code point and a
 * lone surrogate, which has no UTF-8 form, is taken with the unit after it.
 */
export function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdfff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function isPlainObject(x) {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

export function checkOptions(options, where) {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw argError(`${where}: options must be an object`);
  return options;
}

/** True for an id that needs no closer look: a non-empty string too short to pass the byte limit, without NUL. */
export function isShortId(value) {
  return typeof value === 'string' && value.length > 0 && value.length * 3 + 1 <= MAX_ID_BYTES && !value.includes('\0');
}

export function checkId(value, what) {
  if (isShortId(value)) return value;
  if (typeof value !== 'string' || value.length === 0) {
    throw argError(`${what} must be a non-empty string (got ${describe(value)})`);
  }
  // n code units are at most 3n + 1 bytes (a lone surrogate at the end is 4): count only when it matters.
  if (value.length > MAX_ID_BYTES || (value.length * 3 + 1 > MAX_ID_BYTES && utf8Length(value) > MAX_ID_BYTES)) {
    throw argError(`${what} is ${utf8Length(value)} bytes long in UTF-8; the maximum is ${MAX_ID_BYTES} bytes`);
  }
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
