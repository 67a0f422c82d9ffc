// Where the feed profile is kept between visits: IndexedDB, database
// "reelrank-demo", object store "profile", one record under the key "me"
// holding the bytes of profile.save(). Nothing else is stored.
export const DB_NAME = 'reelrank-demo';
const STORE = 'profile';
const KEY = 'me';

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function open() {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return request(req);
}

async function withStore(mode, fn) {
  const db = await open();
  try {
    const tx = db.transaction(STORE, mode);
    const result = await request(fn(tx.objectStore(STORE)));
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  } finally {
    db.close();
  }
}

/** The saved profile bytes, or null when there are none. */
export async function loadProfileBytes() {
  const databases = typeof indexedDB.databases === 'function' ? await indexedDB.databases() : null;
  if (databases && !databases.some((d) => d.name === DB_NAME)) return null; // do not create the database just to look
  const value = await withStore('readonly', (s) => s.get(KEY));
  return value instanceof Uint8Array ? value : value instanceof ArrayBuffer ? new Uint8Array(value) : null;
}

/** Saves the profile bytes (a copy). */
export function saveProfileBytes(bytes) {
  return withStore('readwrite', (s) => s.put(bytes.slice(), KEY));
}

/** Deletes the whole database. */
export function deleteAll() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => resolve(); // another tab holds it open; it goes when that tab closes
  });
}
