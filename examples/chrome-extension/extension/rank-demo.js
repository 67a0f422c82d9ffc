// Shared by the three contexts that run reelrank in this extension (the feed
// page, the service worker and the offscreen document): train on the sample
// world and rank a feed for a person who watched cooking and travel videos.
import { load, sampleVideos, simulateViewers } from './reelrank/index.js';

let loaded = null;

export async function rankSampleFeed(where) {
  loaded ??= load(); // fetches ./reelrank/reelrank.wasm from the extension itself
  const rr = await loaded;
  const videos = sampleVideos({ count: 600 });
  const { events } = simulateViewers(videos, { people: 150 });
  const t0 = performance.now();
  const result = rr.scope(() => {
    const catalog = new rr.Catalog().addMany(videos);
    const log = new rr.Interactions().addMany(events);
    const model = rr.train(log, { algorithm: 'itemknn', catalog });
    const me = new rr.Profile({ catalog });
    const first = (tag, n) => videos.filter((v) => v.tags[0] === tag).slice(0, n);
    for (const v of [...first('cooking', 4), ...first('travel', 3)]) me.record({ item: v.id, type: 'view', watchTime: v.duration });
    me.record({ item: first('cooking', 1)[0].id, type: 'like' });
    const byId = new Map(videos.map((v) => [v.id, v]));
    const feed = model.recommend(me, { k: 10, diversity: 0.2 }).map((r) => ({ id: r.id, title: byId.get(r.id).title, score: r.score }));
    return { feed, interests: me.interests(3).map((i) => i.tag) };
  });
  return { where, ms: Math.round(performance.now() - t0), ...result };
}

/** A ReelRankError (or any error) as plain data that survives chrome.runtime messaging. */
export function errorData(err) {
  return { name: err?.name, code: err?.code, message: String(err?.message ?? err) };
}
