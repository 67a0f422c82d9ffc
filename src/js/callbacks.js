// A JS callback that wasm calls (onProgress in train and evaluate) must not
// throw through wasm frames: the call would end in the middle of C++ work.
// guardCallback wraps it so a throw is kept and answered with `stop` (false:
// "cancel"), the core then returns through its own cleanup, and the caller
// rethrows the kept error once wasm has returned: rethrowIfThrown().
export function guardCallback(fn, stop = false) {
  let thrown = null;
  return {
    call(...args) {
      if (thrown) return stop;
      try {
        return fn(...args);
      } catch (err) {
        thrown = { err };
        return stop;
      }
    },
    rethrowIfThrown() {
      if (thrown) throw thrown.err;
    },
  };
}
