// Catalog: the videos a model can recommend.
import { argError, unwrap } from './errors.js';
import { Owned } from './lifecycle.js';
import { checkArrayLike, checkId, describe, isPlainObject } from './validate.js';

export function makeCatalogClass(M) {
  return class Catalog extends Owned {
    constructor() {
      super(new M._Catalog(), 'Catalog');
    }

    /** Adds one video: { id, tags?, creator?, duration?, embedding? }. */
    add(video) {
      this.addMany([video]);
      return this;
    }

    /** Adds videos atomically: if one is invalid, none is added. */
    addMany(videos) {
      if (!Array.isArray(videos)) throw argError(`catalog.addMany needs an array of videos (got ${describe(videos)})`);
      const n = videos.length;
      const ids = new Array(n);
      const tagCounts = new Int32Array(n);
      const tags = [];
      const creators = new Array(n);
      const durations = new Float64Array(n);
      const embeddingDims = new Int32Array(n);
      const embeddings = [];
      for (let i = 0; i < n; i++) {
        const v = videos[i];
        const at = n === 1 ? 'video' : `video ${i}`;
        if (!isPlainObject(v)) throw argError(`${at} must be an object like { id, tags, creator, duration }`);
        ids[i] = checkId(v.id, `${at}: id`);
        if (v.tags !== undefined) {
          if (!Array.isArray(v.tags)) throw argError(`${at}: tags must be an array of strings`);
          v.tags.forEach((t, j) => tags.push(checkId(t, `${at}: tags[${j}]`)));
          tagCounts[i] = v.tags.length;
        }
        creators[i] = v.creator === undefined || v.creator === null ? '' : checkId(v.creator, `${at}: creator`);
        if (v.duration !== undefined) {
          if (typeof v.duration !== 'number' || !Number.isFinite(v.duration) || v.duration < 0) {
            throw argError(`${at}: duration must be a finite number of seconds >= 0 (got ${describe(v.duration)})`);
          }
          durations[i] = v.duration;
        }
        if (v.embedding !== undefined) {
          checkArrayLike(v.embedding, `${at}: embedding`);
          embeddingDims[i] = v.embedding.length;
          for (const x of v.embedding) embeddings.push(x);
        }
      }
      unwrap(
        this._raw._addMany(ids.join('\0'), tagCounts, tags.join('\0'), creators.join('\0'), durations,
          Float32Array.from(embeddings), embeddingDims),
      );
      return this;
    }

    /** Number of videos. */
    get size() {
      return this._raw._size();
    }

    /** Dimension of the embeddings (0 when the catalogue has none). */
    get embeddingDim() {
      return this._raw._embeddingDim();
    }

    has(id) {
      return typeof id === 'string' && this._raw._has(id);
    }

    /** The stored video, or null. */
    get(id) {
      checkId(id, 'catalog.get: id');
      return this._raw._get(id);
    }

    /** All video ids in insertion order. */
    ids() {
      const joined = unwrap(this._raw._ids());
      return joined === '' && this.size === 0 ? [] : joined.split('\0');
    }
  };
}
