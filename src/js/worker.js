// reelrank/worker: run reelrank in a module Web Worker so the page's main
// thread never blocks on training or ranking.
//
//   // rank.worker.js, the whole file:
//   import { serve } from 'reelrank/worker';
//   serve();
//
//   // main thread:
//   import { connect } from 'reelrank/worker';
//   const rr = connect(new Worker(new URL('./rank.worker.js', import.meta.url), { type: 'module' }));
//   await rr.loadCatalog(videos);
//   await rr.addEvents(events);
//   await rr.train({ algorithm: 'itemknn' });
//   await rr.record({ item: 'v1', type: 'like' });
//   const feed = await rr.recommend({ k: 10 });
//
// The worker owns one catalogue, one training log, one model and one profile.
// Every method of the client returns a Promise; a failure rejects with a
// ReelRankError carrying the same code as in the worker. Bytes coming back
// (saveProfile, saveModel) are transferred, not copied; bytes going in are
// copied unless you pass { transfer: true }.
import { load } from './index.js';
import { ReelRankError } from './errors.js';

export { ReelRankError };

const TAG = '__reelrank';

function isBytes(x) {
  return x instanceof Uint8Array || x instanceof ArrayBuffer;
}

function errorPayload(err) {
  if (err instanceof ReelRankError) return { code: err.code, message: err.message, name: err.name };
  return { code: null, message: String(err?.message ?? err), name: String(err?.name ?? 'Error') };
}

function errorFromPayload(e) {
  if (e.code) return new ReelRankError(e.code, e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

/**
 * Buffers inside a value that can be transferred (no duplicates). Only a view
 * that covers its whole buffer is transferred: a view into a larger buffer
 * (such as wasm memory) is copied instead.
 */
function transferables(value, out = new Set()) {
  if (ArrayBuffer.isView(value)) {
    if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) out.add(value.buffer);
  } else if (value instanceof ArrayBuffer) out.add(value);
  else if (Array.isArray(value)) value.forEach((v) => transferables(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => transferables(v, out));
  return [...out];
}

// ---------------------------------------------------------------------------
// Worker side

/**
 * Answers reelrank requests arriving on `scope` (the worker's global by
 * default). Call it once, at the top level of a module worker. Options are
 * load()'s ({ wasmUrl, wasmBinary }) plus `scope`. Returns a Promise of the
 * loaded API, for workers that want to do more with it.
 */
export function serve(options = {}) {
  const { scope = globalThis, ...loadOptions } = options;
  if (!scope || typeof scope.addEventListener !== 'function' || typeof scope.postMessage !== 'function') {
    throw new ReelRankError('E_ARG', 'serve() runs inside a module Web Worker (or pass { scope: aMessagePort })');
  }
  const ready = load(loadOptions);
  ready.catch(() => {}); // reported to each caller instead
  const state = { rr: null, catalog: null, log: null, model: null, profile: null, profileOptions: {} };

  const newProfile = (rr) => new rr.Profile({ ...state.profileOptions, catalog: state.model ?? state.catalog });
  const needModel = () => {
    if (!state.model) throw new ReelRankError('E_STATE', 'no model yet: call train() or loadModel(bytes) first');
    return state.model;
  };
  const profileSummary = () => ({ eventCount: state.profile.eventCount, totalRecorded: state.profile.totalRecorded });
  const replace = (key, value) => {
    state[key]?.dispose();
    state[key] = value;
  };

  const methods = {
    ready: (rr) => ({ memoryBytes: rr.memoryBytes() }),
    loadCatalog(rr, [videos]) {
      const catalog = new rr.Catalog();
      try {
        catalog.addMany(videos);
      } catch (err) {
        catalog.dispose();
        throw err;
      }
      replace('catalog', catalog);
      if (!state.model) state.profile.catalog = catalog;
      return { size: catalog.size };
    },
    addEvents(rr, [events]) {
      state.log ??= new rr.Interactions();
      state.log.addMany(events);
      return { eventCount: state.log.eventCount, userCount: state.log.userCount, itemCount: state.log.itemCount };
    },
    addRatings(rr, [columns]) {
      state.log ??= new rr.Interactions();
      state.log.addRatings(columns);
      return { eventCount: state.log.eventCount, userCount: state.log.userCount, itemCount: state.log.itemCount };
    },
    clearEvents() {
      replace('log', null);
      return null;
    },
    train(rr, [options = {}], progress) {
      if (!state.log) throw new ReelRankError('E_STATE', 'no events yet: call addEvents() or addRatings() before train()');
      const o = { ...options, catalog: state.catalog };
      if (progress) o.onProgress = progress;
      replace('model', rr.train(state.log, o));
      state.profile.catalog = state.model;
      return state.model.info;
    },
    loadModel(rr, [bytes]) {
      replace('model', rr.Model.load(bytes));
      state.profile.catalog = state.model;
      return state.model.info;
    },
    saveModel(rr, [options]) {
      return needModel().save(options);
    },
    modelInfo() {
      return needModel().info;
    },
    record(rr, [events]) {
      state.profile.recordMany(Array.isArray(events) ? events : [events]);
      return profileSummary();
    },
    recommend(rr, [options]) {
      return needModel().recommend(state.profile, options);
    },
    recommendFor(rr, [user, options]) {
      return needModel().recommend(user, options);
    },
    predict(rr, [item]) {
      return needModel().predict(state.profile, item);
    },
    similarItems(rr, [item, n]) {
      return needModel().similarItems(item, n);
    },
    interests(rr, [n]) {
      return state.profile.interests(n);
    },
    creators(rr, [n]) {
      return state.profile.creators(n);
    },
    block(rr, [what]) {
      state.profile.block(what);
      return null;
    },
    saveProfile() {
      return state.profile.save();
    },
    loadProfile(rr, [bytes]) {
      replace('profile', rr.Profile.load(bytes, { catalog: state.model ?? state.catalog }));
      return profileSummary();
    },
    resetProfile(rr, [options = {}]) {
      const { catalog, ...rest } = options; // the worker supplies the catalogue
      state.profileOptions = rest;
      replace('profile', newProfile(rr));
      return profileSummary();
    },
    stats(rr) {
      return {
        catalogSize: state.catalog?.size ?? 0,
        eventCount: state.log?.eventCount ?? 0,
        model: state.model ? state.model.info : null,
        profile: profileSummary(),
        heapInUse: rr.heapInUse(),
        memoryBytes: rr.memoryBytes(),
      };
    },
    dispose(rr) {
      for (const key of ['profile', 'model', 'log', 'catalog']) replace(key, null);
      state.profile = newProfile(rr);
      return null;
    },
  };

  const reply = (message) => {
    let transfer = [];
    try {
      transfer = transferables(message.value);
    } catch {
      transfer = [];
    }
    try {
      scope.postMessage(message, transfer);
    } catch (err) {
      if (!transfer.length) throw err;
      scope.postMessage(message); // a buffer that cannot move (shared or wasm memory): copy it
    }
  };

  scope.addEventListener('message', async (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object' || msg[TAG] !== 1 || msg.kind !== 'call') return;
    const { id, method, args = [], wantsProgress } = msg;
    try {
      const rr = await ready;
      if (!state.rr) {
        state.rr = rr;
        state.profile = newProfile(rr);
      }
      const fn = Object.hasOwn(methods, method) ? methods[method] : null;
      if (!fn) throw new ReelRankError('E_ARG', `reelrank/worker: unknown method ${JSON.stringify(method)}`);
      const progress = wantsProgress ? (p) => {
        scope.postMessage({ [TAG]: 1, kind: 'progress', id, value: p });
      } : null;
      const value = fn(rr, args, progress);
      reply({ [TAG]: 1, kind: 'result', id, ok: true, value: value === undefined ? null : value });
    } catch (err) {
      // Also reached when a result cannot be sent (DataCloneError): the caller still gets an answer.
      scope.postMessage({ [TAG]: 1, kind: 'result', id, ok: false, error: errorPayload(err) });
    }
  });
  return ready;
}

// ---------------------------------------------------------------------------
// Main-thread side

const CLIENT_METHODS = [
  'ready', 'loadCatalog', 'addEvents', 'addRatings', 'clearEvents', 'train', 'loadModel', 'saveModel', 'modelInfo',
  'record', 'recommend', 'recommendFor', 'predict', 'similarItems', 'interests', 'creators', 'block', 'saveProfile',
  'loadProfile', 'resetProfile', 'stats', 'dispose',
];
// Methods whose last argument may be { transfer: true } (bytes or typed arrays going in).
const TRANSFER_OK = new Set(['addRatings', 'loadModel', 'loadProfile']);

/**
 * Talks to a worker that called serve(). `worker` is a Worker (or anything
 * with postMessage and addEventListener, such as a MessagePort). Returns a
 * client whose methods return Promises.
 */
export function connect(worker) {
  if (!worker || typeof worker.postMessage !== 'function' || typeof worker.addEventListener !== 'function') {
    throw new ReelRankError('E_ARG', 'connect needs a Worker (or a MessagePort) whose script calls serve()');
  }
  let nextId = 1;
  let closed = null;
  const pending = new Map();

  const failAll = (err) => {
    for (const { reject } of pending.values()) reject(err);
    pending.clear();
  };
  const onMessage = (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object' || msg[TAG] !== 1) return;
    const call = pending.get(msg.id);
    if (!call) return;
    if (msg.kind === 'progress') {
      try {
        call.onProgress?.(msg.value);
      } catch {
        // a throwing progress callback must not break the call
      }
      return;
    }
    pending.delete(msg.id);
    if (msg.ok) call.resolve(msg.value);
    else call.reject(errorFromPayload(msg.error));
  };
  const onError = (event) => {
    event.preventDefault?.();
    const where = event.filename ? ` (${event.filename}${event.lineno ? `:${event.lineno}` : ''})` : '';
    const why = event.message || 'the worker script could not be loaded or threw while starting';
    failAll(new ReelRankError('E_LOAD', `reelrank/worker: the worker failed${where}: ${why}`));
  };
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);
  worker.addEventListener('messageerror', () => failAll(new ReelRankError('E_STATE', 'reelrank/worker: a message could not be deserialised')));
  worker.start?.(); // MessagePort

  function call(method, args) {
    if (closed) return Promise.reject(closed);
    let transfer = [];
    let onProgress = null;
    if (method === 'train' && args[0] && typeof args[0] === 'object') {
      const { onProgress: cb, signal, ...rest } = args[0];
      if (signal !== undefined) {
        return Promise.reject(new ReelRankError('E_ARG', 'train: signal is not supported through reelrank/worker; terminate the worker to stop'));
      }
      if (cb !== undefined && typeof cb !== 'function') return Promise.reject(new ReelRankError('E_ARG', 'train: onProgress must be a function'));
      onProgress = cb ?? null;
      args = [rest];
    }
    if (TRANSFER_OK.has(method)) {
      const last = args[args.length - 1];
      if (args.length > 1 && last && typeof last === 'object' && !isBytes(last) && 'transfer' in last) {
        args = args.slice(0, -1);
        if (last.transfer === true) transfer = transferables(args);
      }
    }
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress });
      try {
        worker.postMessage({ [TAG]: 1, kind: 'call', id, method, args, wantsProgress: !!onProgress }, transfer);
      } catch (err) {
        pending.delete(id);
        reject(err?.name === 'DataCloneError'
          ? new ReelRankError('E_ARG', `${method}: an argument cannot be sent to a worker (${err.message}); pass plain data`)
          : err);
      }
    });
  }

  const client = {};
  for (const method of CLIENT_METHODS) client[method] = (...args) => call(method, args);
  /** Frees the worker's wasm objects, then terminates the worker (when it is a Worker). */
  client.close = async () => {
    if (closed) return;
    try {
      await call('dispose', []);
    } catch {
      // closing anyway
    }
    closed = new ReelRankError('E_DISPOSED', 'reelrank/worker: this client was closed');
    failAll(closed);
    worker.removeEventListener('message', onMessage);
    worker.removeEventListener('error', onError);
    worker.terminate?.();
  };
  client.worker = worker;
  return Object.freeze(client);
}
