// ReelRankError: every failure the library reports. `code` is stable and
// documented (docs/errors.md); `message` says what to do about it.
import { ERROR_CODES } from './schema.js';
export class ReelRankError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = 'ReelRankError';
    this.code = code;
  }
}

// Codes only the wrapper raises: no core call fails this way (a disposed
// object, a wasm file that does not load, an export that does not decrypt).
export const WRAPPER_ERROR_CODES = Object.freeze(['E_DISPOSED', 'E_LOAD', 'E_DECRYPT']);

// The core's codes (ErrorCode in src/core/common/status.hpp, generated into
// dist/schema.js at build time) and then the wrapper's: { ARG: 'E_ARG', ... }.
export const ErrorCodes = Object.freeze(Object.fromEntries(
  [...ERROR_CODES, ...WRAPPER_ERROR_CODES].map((code) => [code.slice(2), code])));

export function argError(message) {
  return new ReelRankError('E_ARG', message);
}

/** Turns a raw binding result into a value, throwing when it is an error. */
export function unwrap(result) {
  if (result !== null && typeof result === 'object' && typeof result.rrError === 'string') {
    throw new ReelRankError(result.rrError, result.message);
  }
  return result;
}
