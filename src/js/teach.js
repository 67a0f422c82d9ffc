// Teaching functions: the textbook algorithms step by step, on the same core
// code as the models.
import { argError, unwrap } from './errors.js';
import { checkArrayLike, checkBoolean, checkOptions, optionalNumber } from './validate.js';

function toFloat64(values, what) {
  checkArrayLike(values, what);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw argError(`${what}[${i}] must be a finite number`);
    out[i] = v;
  }
  return out;
}

export function makeTeach(M) {
  function cosineSteps(u, v) {
    const r = unwrap(M._teachCosine(toFloat64(u, 'teach.cosine: u'), toFloat64(v, 'teach.cosine: v')));
    return { products: Array.from(r.products), dot: r.dot, normA: r.normA, normB: r.normB, value: r.value };
  }

  return Object.freeze({
    /** Cosine similarity of two equal-length number arrays. */
    cosine(u, v) {
      return cosineSteps(u, v).value;
    },

    /** Cosine with every step: { products, dot, normA, normB, value }. */
    cosineSteps,

    /**
     * User-based collaborative filtering on a small matrix (rows = people,
     * columns = items; null = not rated). Options: { k = 2, normalize = true }.
     * Returns { similarity, neighbors, predictions, steps }.
     */
    userBasedCF(R, options) {
      const o = checkOptions(options, 'teach.userBasedCF');
      const k = optionalNumber(o.k, 'teach.userBasedCF: k', 2, { min: 1, max: 200, integer: true });
      const normalize = checkBoolean(o.normalize, 'teach.userBasedCF: normalize', true);
      if (!Array.isArray(R) || R.length === 0 || !R.every(Array.isArray)) {
        throw argError('teach.userBasedCF needs a non-empty array of rows, each an array of numbers or null');
      }
      const rows = R.length;
      const cols = R[0].length;
      if (cols === 0 || R.some((row) => row.length !== cols)) throw argError('teach.userBasedCF: every row must have the same, non-zero length');
      const flat = new Float64Array(rows * cols);
      R.forEach((row, u) => row.forEach((v, i) => {
        if (v === null || v === undefined) flat[u * cols + i] = NaN;
        else if (typeof v === 'number' && Number.isFinite(v)) flat[u * cols + i] = v;
        else throw argError(`teach.userBasedCF: R[${u}][${i}] must be a finite number or null`);
      }));
      const r = unwrap(M._teachUserCF(flat, rows, cols, k, normalize));
      const similarity = [];
      const predictions = [];
      for (let u = 0; u < rows; u++) {
        similarity.push(Array.from(r.similarity.subarray(u * rows, (u + 1) * rows)));
        predictions.push(Array.from(r.predictions.subarray(u * cols, (u + 1) * cols), (x) => (Number.isNaN(x) ? null : x)));
      }
      const neighbors = [];
      let at = 0;
      for (let u = 0; u < rows; u++) {
        const list = [];
        for (let j = 0; j < r.nbrCounts[u]; j++, at++) list.push({ user: r.nbrUsers[at], weight: r.nbrWeights[at] });
        neighbors.push(list);
      }
      const steps = [];
      at = 0;
      for (let c = 0; c < rows * cols; c++) {
        const terms = [];
        for (let j = 0; j < r.termCounts[c]; j++, at++) {
          terms.push({ user: r.termUsers[at], weight: r.termWeights[at], rating: r.termRatings[at], contribution: r.termWeights[at] * r.termRatings[at] });
        }
        const p = r.predictions[c];
        steps.push({ user: Math.floor(c / cols), item: c % cols, terms, numerator: r.numerators[c], denominator: r.denominators[c], prediction: Number.isNaN(p) ? null : p });
      }
      return { similarity, neighbors, predictions, steps };
    },
  });
}
