// Node 18+ ESM: `import { load } from 'reelrank'`. In Node the package reads
// its .wasm from disk next to its own files (no fetch, no network).
// Run: npm install reelrank && node index.mjs
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { load, ReelRankError, sampleVideos, simulateViewers } from 'reelrank';

const rr = await load();
const videos = sampleVideos({ count: 800 });
const { events } = simulateViewers(videos, { people: 200 });

const result = rr.scope(() => {
  const catalog = new rr.Catalog().addMany(videos);
  const log = new rr.Interactions().addMany(events);
  const model = rr.train(log, { algorithm: 'itemknn', catalog });
  const me = new rr.Profile({ catalog });
  const first = (tag, n) => videos.filter((v) => v.tags[0] === tag).slice(0, n);
  for (const v of [...first('cooking', 4), ...first('travel', 3)]) me.record({ item: v.id, type: 'view', watchTime: v.duration });
  me.record({ item: first('cooking', 1)[0].id, type: 'like' });
  return { feed: model.recommend(me, { k: 10, diversity: 0.2 }), interests: me.interests(3) };
});

// Hosts that move files can hand over the bytes themselves: the package
// exports its .wasm as 'reelrank/reelrank.wasm'.
const wasmBinary = await readFile(createRequire(import.meta.url).resolve('reelrank/reelrank.wasm'));
const again = await load({ wasmBinary });
const cosine = again.teach.cosine([1, 2, 3], [3, 2, 1]);

// A wrong path fails with a ReelRankError E_LOAD that names it.
let loadError = null;
try {
  await load({ wasmUrl: new URL('./no-such.wasm', import.meta.url) });
} catch (err) {
  loadError = { isReelRankError: err instanceof ReelRankError, code: err.code, message: err.message };
}

console.log(JSON.stringify({ ...result, cosine, loadError }));
