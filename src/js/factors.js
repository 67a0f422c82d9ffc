// Item factors trained elsewhere (Spark MLlib ALS, Python `implicit`, ...)
// and the NumPy .npy reader that brings them in (docs/models.md has the
// end-to-end recipe).
//
//   const f = rr.readNpy(new Uint8Array(await (await fetch('item_factors.npy')).arrayBuffer()));
//   const items = (await (await fetch('item_ids.txt')).text()).split('\n').filter(Boolean);
//   const model = rr.Model.fromFactors({ items, factors: f });   // dim from f.shape
//   model.recommend(profile);  // the person's vector is solved on the device
import { argError, unwrap } from './errors.js';
import { checkBoolean, checkBytes, checkNumber, checkOptions, describe, idFromStringOrNumber } from './validate.js';

const SPEC_KEYS = new Set(['items', 'factors', 'dim', 'itemBias', 'globalMean', 'regularization', 'biasRegularization',
  'alpha', 'scaleRegularization']);
const MAX_DIM = 1024;

function isNpy(x) {
  return x !== null && typeof x === 'object' && Array.isArray(x.shape) && x.data instanceof Float32Array;
}

// Numbers as a Float32Array: a typed array, a plain array of numbers, or a readNpy result.
function floats(value, what) {
  const data = isNpy(value) ? value.data : value;
  if (data instanceof Float32Array) return data;
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return Float32Array.from(data);
  if (Array.isArray(data)) {
    data.forEach((x, i) => {
      if (typeof x !== 'number') throw argError(`${what}[${i}] must be a number (got ${describe(x)})`);
    });
    return Float32Array.from(data);
  }
  throw argError(`${what} must be a Float32Array, a Float64Array, an array of numbers or an rr.readNpy result (got ${describe(value)})`);
}

export function makeFactors(M, classes) {
  /**
   * Reads a NumPy .npy file (format 1.0-3.0, float32 or float64, C order).
   * @returns {{ shape: number[], data: Float32Array, dtype: 'float32'|'float64' }}
   */
  function readNpy(bytes) {
    const r = unwrap(M._readNpy(checkBytes(bytes, 'readNpy: bytes')));
    return { shape: r.shape, data: r.data, dtype: r.dtype };
  }

  /**
   * A Model from item factors trained elsewhere. A Profile's vector is solved
   * against them on the device (implicit form, or explicit with biases when
   * itemBias or globalMean is given). Returns a new Model (dispose() it).
   */
  function fromFactors(spec) {
    const o = checkOptions(spec, 'Model.fromFactors');
    for (const key of Object.keys(o)) {
      if (!SPEC_KEYS.has(key)) throw argError(`Model.fromFactors: unknown option '${key}'; known: ${[...SPEC_KEYS].join(', ')}`);
    }
    if (!Array.isArray(o.items) || o.items.length === 0) {
      throw argError(`Model.fromFactors: items must be a non-empty array of item ids (got ${describe(o.items)})`);
    }
    const ids = o.items.map((id, i) => idFromStringOrNumber(id, `Model.fromFactors: items[${i}]`));
    const n = ids.length;
    const factors = floats(o.factors, 'Model.fromFactors: factors');
    let dim = o.dim;
    if (isNpy(o.factors)) {
      const { shape } = o.factors;
      if (shape.length !== 2) throw argError(`Model.fromFactors: factors must be a 2-d array (items x dim); its shape is (${shape.join(', ')})`);
      if (dim !== undefined && dim !== shape[1]) throw argError(`Model.fromFactors: dim is ${dim} but the factors' shape is (${shape.join(', ')})`);
      dim = shape[1];
    }
    if (dim === undefined) throw argError('Model.fromFactors: dim (the number of factors per item) is required');
    checkNumber(dim, 'Model.fromFactors: dim', { min: 1, max: MAX_DIM, integer: true });
    if (factors.length !== n * dim) {
      throw argError(`Model.fromFactors: factors must hold items x dim = ${n} x ${dim} = ${n * dim} numbers (got ${factors.length})`);
    }
    const itemBias = o.itemBias === undefined ? new Float32Array(0) : floats(o.itemBias, 'Model.fromFactors: itemBias');
    if (o.itemBias !== undefined && itemBias.length !== n) {
      throw argError(`Model.fromFactors: itemBias must hold one number per item (${n}, got ${itemBias.length})`);
    }
    const globalMean = o.globalMean === undefined ? NaN : checkNumber(o.globalMean, 'Model.fromFactors: globalMean');
    const range = { min: 0, max: 1e6 };
    const solve = Float64Array.of(
      o.regularization === undefined ? 0.1 : checkNumber(o.regularization, 'Model.fromFactors: regularization', range),
      o.alpha === undefined ? 1 : checkNumber(o.alpha, 'Model.fromFactors: alpha', range),
      checkBoolean(o.scaleRegularization, 'Model.fromFactors: scaleRegularization', false) ? 1 : 0,
      o.biasRegularization === undefined ? 0.1 : checkNumber(o.biasRegularization, 'Model.fromFactors: biasRegularization', range),
    );
    // The factors cross once, into the model's own memory (no save/load round trip).
    const raw = new M._Model();
    try {
      unwrap(M._importFactors(raw, ids.join('\0'), n, factors, dim, itemBias, globalMean, solve));
    } catch (err) {
      raw.delete();
      throw err;
    }
    return classes.adoptModel(raw);
  }

  /**
   * A SASRec model from a .safetensors file trained elsewhere (PyTorch):
   * Model.fromSafetensors(bytes, { items }), items[r] the id of embedding row
   * r + 1 (row 0 is padding). docs/models.md has the tensor names and a recipe.
   */
  function fromSafetensors(bytes, spec) {
    const data = checkBytes(bytes, 'Model.fromSafetensors: bytes');
    const o = checkOptions(spec, 'Model.fromSafetensors');
    for (const key of Object.keys(o)) {
      if (key !== 'items') throw argError(`Model.fromSafetensors: unknown option '${key}'; known: items`);
    }
    if (!Array.isArray(o.items) || o.items.length === 0) {
      throw argError(`Model.fromSafetensors: items must be a non-empty array of item ids, one per embedding row after the padding row (got ${describe(o.items)})`);
    }
    const ids = o.items.map((id, i) => idFromStringOrNumber(id, `Model.fromSafetensors: items[${i}]`));
    const raw = new M._Model();
    try {
      unwrap(M._importSafetensors(raw, data, ids.join('\0'), ids.length));
    } catch (err) {
      raw.delete();
      throw err;
    }
    return classes.adoptModel(raw);
  }

  classes.fromFactors = fromFactors;  // Model.fromFactors delegates here
  classes.fromSafetensors = fromSafetensors;  // and Model.fromSafetensors here
  return { readNpy };
}
