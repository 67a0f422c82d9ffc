// Evaluation and creator analytics live in reelrank-tools.wasm, which a page
// asks for with load({ tools: true }); the default module leaves them out to
// stay small (docs/benchmarks.md). Calls without it fail with a clear E_STATE.
import { ReelRankError } from './errors.js';

export function hasTools(M) {
  return typeof M._evaluate === 'function';
}

export function requireTools(M, what) {
  if (!hasTools(M)) {
    throw new ReelRankError('E_STATE', `${what} needs reelrank's tools module (evaluation and analytics): load it with load({ tools: true })`);
  }
}
