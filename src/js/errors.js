// ReelRankError: every failure the library reports. `code` is stable and
// documented (docs/errors.md); `message` says what to do about it.
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

export const ErrorCodes = Object.freeze({
  ARG: 'E_ARG',
  UNKNOWN_ID: 'E_UNKNOWN_ID',
  CORRUPT: 'E_CORRUPT',
  VERSION: 'E_VERSION',
  EMPTY: 'E_EMPTY',
  MEMORY: 'E_MEMORY',
  STATE: 'E_STATE',
  CANCELLED: 'E_CANCELLED',
  DISPOSED: 'E_DISPOSED',
  LOAD: 'E_LOAD',
  DECRYPT: 'E_DECRYPT',
});

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
