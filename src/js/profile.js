// Profile: one person's own events, kept on the device.
import { ReelRankError, argError, unwrap } from './errors.js';
import { checkPassphrase, decrypt, encrypt, isEncrypted } from './crypto.js';
import { encodeEvents } from './events.js';
import { Owned } from './lifecycle.js';
import { policyFor, policyObject } from './policy.js';
import { coreSchema } from './core-schema.js';
import { checkBytes, checkId, checkNumber, checkOptions, describe, isPlainObject } from './validate.js';

function optionalInteger(x) {
  if (x === undefined) return undefined;
  if (!Number.isInteger(x)) throw argError(`profile.save: iterations must be an integer (got ${describe(x)})`);
  return x;
}

export function makeProfileClass(M, classes) {
  class Profile extends Owned {
    #source = null; // the Catalog or Model that supplies tags/creators/durations

    /**
     * @param {{ catalog?: Catalog|Model, weights?: object, limits?: object }} [options]
     */
    constructor(options) {
      const o = checkOptions(options, 'new Profile');
      super(new M._Profile(), 'Profile');
      try {
        this.#setSource(o.catalog);
        if (o.weights !== undefined || o.limits !== undefined) {
          // Names, defaults and ranges are the core's (ProfileLimits, rr.schema.profileLimits).
          const known = coreSchema(M).profileLimits;
          const limits = {};
          if (o.limits !== undefined) {
            if (!isPlainObject(o.limits)) throw argError('new Profile: limits must be an object');
            for (const [k, v] of Object.entries(o.limits)) {
              if (!Object.hasOwn(known, k)) throw argError(`new Profile: unknown limit '${k}'; known limits: ${Object.keys(known).join(', ')}`);
              limits[k] = checkNumber(v, `new Profile: limits.${k}`, { min: known[k].min, max: known[k].max, integer: true });
            }
          }
          unwrap(this._raw._configure(policyFor(M, o.weights, 'new Profile'), limits));
        }
      } catch (err) {
        this.dispose();
        throw err;
      }
    }

    #setSource(source) {
      if (source === undefined || source === null) {
        this.#source = null;
        return;
      }
      if (!(source instanceof classes.Catalog) && !(source instanceof classes.Model)) {
        throw argError(`Profile catalog must be a Catalog or a Model from this reelrank instance (got ${describe(source)})`);
      }
      this.#source = source;
    }

    /** The Catalog or Model that supplies video metadata (or null). */
    get catalog() {
      return this.#source;
    }

    set catalog(source) {
      this.#setSource(source);
    }

    /**
     * Records one event: { item, type, watchTime?, duration?, value?, timestamp?, tags?, creator? }.
     * timestamp is in seconds (default: now).
     */
    record(event) {
      return this.recordMany([event]);
    }

    /** Records events atomically: if one is invalid, none is recorded. */
    recordMany(events) {
      if (!Array.isArray(events)) throw argError(`profile.recordMany needs an array of events (got ${describe(events)})`);
      const raw = this._raw;
      const c = encodeEvents(events, { withUser: false, withMeta: true, where: 'profile.record' });
      const src = this.#source;
      if (src && src.disposed) {
        throw new (classes.ReelRankError)('E_DISPOSED', "the catalog or model attached to this profile was disposed; set profile.catalog to a live one or null");
      }
      if (src instanceof classes.Model) {
        unwrap(src._raw._recordIntoProfile(raw, c.items, c.types, c.values, c.durations, c.timestamps, c.metaTagCounts, c.metaTags, c.metaCreators));
      } else {
        unwrap(raw._recordBatch(src ? src._raw : null, c.items, c.types, c.values, c.durations, c.timestamps, c.metaTagCounts, c.metaTags, c.metaCreators));
      }
      return this;
    }

    /** Strongest positive tag interests: [{ tag, weight }]. */
    interests(n = 10) {
      checkNumber(n, 'profile.interests: n', { min: 0, max: 100000, integer: true });
      return this._raw._interests(n, false);
    }

    /** Strongest positive creator interests: [{ creator, weight }]. */
    creators(n = 10) {
      checkNumber(n, 'profile.creators: n', { min: 0, max: 100000, integer: true });
      return this._raw._interests(n, true);
    }

    /** Never recommend this item, or anything by this creator: { item } or { creator }. */
    block(what) {
      if (!isPlainObject(what)) throw argError('profile.block needs { item } or { creator }');
      const item = what.item === undefined ? '' : checkId(what.item, 'profile.block: item');
      const creator = what.creator === undefined ? '' : checkId(what.creator, 'profile.block: creator');
      if (!item && !creator) throw argError('profile.block needs { item } or { creator }');
      unwrap(this._raw._block(item, creator));
      return this;
    }

    /** Raw events currently kept (at most limits.maxEvents). */
    get eventCount() {
      return this._raw._eventCount();
    }

    /** Events ever recorded, including those evicted from the raw list. */
    get totalRecorded() {
      return this._raw._totalRecorded();
    }

    get itemCount() {
      return this._raw._itemCount();
    }

    /** Approximate bytes held in wasm (bounded by the limits). */
    get memoryBytes() {
      return this._raw._memoryBytes();
    }

    /** The most memoryBytes can ever be under this profile's limits (docs/memory.md). */
    get memoryLimitBytes() {
      return this._raw._memoryBound();
    }

    get weights() {
      return policyObject(this._raw._policy());
    }

    /**
     * Removes events and everything derived from them (weights, interests,
     * the item itself): { item } or { before: timestampSeconds }.
     * Returns how many items ({ item }) or events ({ before }) were removed.
     */
    forget(what) {
      if (!isPlainObject(what) || (what.item === undefined) === (what.before === undefined)) {
        throw argError('profile.forget needs exactly one of { item } or { before }');
      }
      const raw = this._raw;
      if (what.item !== undefined) return unwrap(raw._forgetItem(checkId(what.item, 'profile.forget: item')));
      return unwrap(raw._forgetBefore(checkNumber(what.before, 'profile.forget: before')));
    }

    /**
     * The profile as bytes (a copy), for IndexedDB or a file. With
     * { passphrase } it returns a Promise of an encrypted export
     * (AES-GCM, PBKDF2-derived key; docs/privacy.md).
     */
    save(options) {
      const o = checkOptions(options, 'profile.save');
      const plain = this._raw._save();
      if (o.passphrase === undefined) return plain;
      const iterations = optionalInteger(o.iterations);
      return encrypt(plain, checkPassphrase(o.passphrase, 'profile.save'), iterations);
    }

    /**
     * Loads bytes written by save(). Options: { catalog, passphrase }; with a
     * passphrase (encrypted export) it returns a Promise.
     */
    static load(bytes, options) {
      const data = checkBytes(bytes, 'Profile.load: bytes');
      const o = checkOptions(options, 'Profile.load');
      if (o.passphrase !== undefined) {
        const passphrase = checkPassphrase(o.passphrase, 'Profile.load');
        return decrypt(data, passphrase).then((plain) => Profile.#fromPlain(plain, o.catalog));
      }
      if (isEncrypted(data)) {
        throw new ReelRankError('E_DECRYPT', 'these bytes are an encrypted profile export: pass Profile.load(bytes, { passphrase })');
      }
      return Profile.#fromPlain(data, o.catalog);
    }

    static #fromPlain(data, catalog) {
      const p = new Profile({ catalog });
      try {
        unwrap(p._raw._load(data));
      } catch (err) {
        p.dispose();
        throw err;
      }
      return p;
    }
  }
  return Profile;
}
