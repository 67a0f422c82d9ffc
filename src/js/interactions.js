// Interactions: many people's events, the training input of a model.
import { argError, unwrap } from './errors.js';
import { encodeEvents, eventTypeCode } from './events.js';
import { Owned } from './lifecycle.js';
import { checkArrayLike, describe, idFromStringOrNumber, isPlainObject } from './validate.js';

export function makeInteractionsClass(M) {
  return class Interactions extends Owned {
    constructor() {
      super(new M._Interactions(), 'Interactions');
    }

    /** Adds one event: { user, item, type, watchTime?, duration?, value?, timestamp? }. */
    add(event) {
      return this.addMany([event]);
    }

    /** Adds events atomically: if one is invalid, none is added. */
    addMany(events) {
      if (!Array.isArray(events)) throw argError(`interactions.addMany needs an array of events (got ${describe(events)})`);
      const c = encodeEvents(events, { withUser: true, withMeta: false, where: 'interactions' });
      unwrap(this._raw._addBatch(c.users, c.items, c.types, c.values, c.durations, c.timestamps));
      return this;
    }

    /**
     * Adds explicit ratings in columns: { users, items, values, timestamps? }.
     * Ids may be strings or integers (typed arrays welcome).
     */
    addRatings(columns) {
      if (!isPlainObject(columns)) throw argError('interactions.addRatings needs { users, items, values }');
      const { users, items, values, timestamps } = columns;
      checkArrayLike(users, 'addRatings: users');
      checkArrayLike(items, 'addRatings: items');
      checkArrayLike(values, 'addRatings: values');
      const n = users.length;
      if (items.length !== n || values.length !== n || (timestamps !== undefined && timestamps.length !== n)) {
        throw argError(`addRatings: users, items, values (and timestamps) must have the same length (got ${n}, ${items.length}, ${values.length})`);
      }
      const u = new Array(n);
      const it = new Array(n);
      const vals = Float64Array.from(values);
      for (let k = 0; k < n; k++) {
        u[k] = idFromStringOrNumber(users[k], `addRatings: users[${k}]`);
        it[k] = idFromStringOrNumber(items[k], `addRatings: items[${k}]`);
        if (!Number.isFinite(vals[k])) throw argError(`addRatings: values[${k}] must be a finite number`);
      }
      const ts = timestamps === undefined ? new Float64Array(n).fill(Date.now() / 1000) : Float64Array.from(timestamps);
      unwrap(this._raw._addBatch(u.join('\0'), it.join('\0'), new Uint8Array(n).fill(eventTypeCode('rating')), vals, new Float64Array(n), ts));
      return this;
    }

    get eventCount() {
      return this._raw._eventCount();
    }

    get userCount() {
      return this._raw._userCount();
    }

    get itemCount() {
      return this._raw._itemCount();
    }
  };
}
