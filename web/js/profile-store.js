// Where the feed profile is kept between visits: IndexedDB, database
// "reelrank-demo", object store "profile": the bytes of profile.save() under
// the key "me", and under "clock" the sample-world time (seconds) of the last
// event the feed recorded (feed.js explains the clock). Nothing else is
// stored. The requests
// and transactions are idb-keyval's; the database and store names are the ones
// the demo has always used, so a profile saved by an earlier version loads.
import { clear, createStore, getMany, setMany } from 'idb-keyval';

export const DB_NAME = 'reelrank-demo';
const STORE_NAME = 'profile';
const KEY = 'me';
const CLOCK = 'clock';

let store = null; // opened on first use, so a visitor who never acts creates no database
const profileStore = () => (store ??= createStore(DB_NAME, STORE_NAME));

/**
 * The saved profile: { bytes, clock }, bytes null when there are none, clock
 * null when the profile was saved by a version of the demo without the clock.
 */
export async function loadProfile() {
  if (!store && typeof indexedDB.databases === 'function') {
    // Do not create the database just to look.
    if (!(await indexedDB.databases()).some((d) => d.name === DB_NAME)) return { bytes: null, clock: null };
  }
  const [value, clock] = await getMany([KEY, CLOCK], profileStore());
  const bytes = value instanceof Uint8Array ? value : value instanceof ArrayBuffer ? new Uint8Array(value) : null;
  return { bytes, clock: Number.isFinite(clock) ? clock : null };
}

/** Saves the profile bytes (a copy) and the feed's clock. */
export function saveProfile(bytes, clock) {
  return setMany([[KEY, bytes.slice()], [CLOCK, clock]], profileStore());
}

/**
 * Deletes everything the demo stored: the store is emptied. (idb-keyval keeps
 * its connection open, which would block indexedDB.deleteDatabase until the
 * tab closes; an empty store holds no data.)
 */
export function deleteAll() {
  return clear(profileStore());
}
