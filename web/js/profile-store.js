// Where the feed profile is kept between visits: IndexedDB, database
// "reelrank-demo", object store "profile", one record under the key "me"
// holding the bytes of profile.save(). Nothing else is stored. The requests
// and transactions are idb-keyval's; the database and store names are the ones
// the demo has always used, so a profile saved by an earlier version loads.
import { clear, createStore, get, set } from 'idb-keyval';

export const DB_NAME = 'reelrank-demo';
const STORE_NAME = 'profile';
const KEY = 'me';

let store = null; // opened on first use, so a visitor who never acts creates no database
const profileStore = () => (store ??= createStore(DB_NAME, STORE_NAME));

/** The saved profile bytes, or null when there are none. */
export async function loadProfileBytes() {
  if (!store && typeof indexedDB.databases === 'function') {
    // Do not create the database just to look.
    if (!(await indexedDB.databases()).some((d) => d.name === DB_NAME)) return null;
  }
  const value = await get(KEY, profileStore());
  return value instanceof Uint8Array ? value : value instanceof ArrayBuffer ? new Uint8Array(value) : null;
}

/** Saves the profile bytes (a copy). */
export function saveProfileBytes(bytes) {
  return set(KEY, bytes.slice(), profileStore());
}

/**
 * Deletes everything the demo stored: the store is emptied. (idb-keyval keeps
 * its connection open, which would block indexedDB.deleteDatabase until the
 * tab closes; an empty store holds no data.)
 */
export function deleteAll() {
  return clear(profileStore());
}
