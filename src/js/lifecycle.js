// Ownership of wasm memory. Every object that owns wasm memory extends Owned:
// `dispose()` frees it (idempotent); using a disposed object throws
// E_DISPOSED. `scope(fn)` frees everything made inside fn when it ends.
import { ReelRankError } from './errors.js';

const scopes = [];

export class Owned {
  #raw;
  #kind;

  constructor(raw, kind) {
    this.#raw = raw;
    this.#kind = kind;
    if (scopes.length) scopes[scopes.length - 1].push(this);
  }

  /** The raw embind object; throws E_DISPOSED after dispose(). */
  get _raw() {
    if (!this.#raw) {
      throw new ReelRankError('E_DISPOSED', `this ${this.#kind} was disposed; create or load a new one`);
    }
    return this.#raw;
  }

  /** True once dispose() has run. */
  get disposed() {
    return !this.#raw;
  }

  /** Frees the wasm memory this object owns. Safe to call twice. */
  dispose() {
    if (this.#raw) {
      this.#raw.delete();
      this.#raw = null;
    }
  }

  /** Alias of dispose(), the embind spelling. */
  delete() {
    this.dispose();
  }

  /** Swaps in a new raw object (used when a call replaces the contents). */
  _replaceRaw(raw) {
    const old = this.#raw;
    this.#raw = raw;
    if (old) old.delete();
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Owned.prototype[Symbol.dispose] = function dispose() {
    this.dispose();
  };
}

function collectKept(value, kept) {
  if (value instanceof Owned) kept.add(value);
  else if (Array.isArray(value)) value.forEach((v) => collectKept(v, kept));
}

function release(made, result) {
  const kept = new Set();
  collectKept(result, kept);
  for (const obj of made) if (!kept.has(obj)) obj.dispose();
}

/**
 * Runs fn and disposes every reelrank object created while it runs, except
 * the ones it returns (directly or in an array). Works with async fn too.
 */
export function scope(fn) {
  const made = [];
  scopes.push(made);
  let result;
  try {
    result = fn();
  } catch (err) {
    scopes.pop();
    release(made, undefined);
    throw err;
  }
  if (result && typeof result.then === 'function') {
    // Objects created after an await are not tracked by this scope: the
    // scope stack is synchronous. They are documented as the caller's.
    scopes.pop();
    return result.then(
      (value) => {
        release(made, value);
        return value;
      },
      (err) => {
        release(made, undefined);
        throw err;
      },
    );
  }
  scopes.pop();
  release(made, result);
  return result;
}
