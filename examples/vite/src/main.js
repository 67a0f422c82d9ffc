// Vite: `import ... from 'reelrank'` and nothing else. Vite sees the package's
// `new URL('./reelrank.wasm', import.meta.url)` and, in `vite build`, copies
// the .wasm into dist/assets/ with a hashed name and rewrites the URL.
import { load, sampleVideos, simulateViewers } from 'reelrank';

const status = document.querySelector('#status');
try {
  const rr = await load();
  const videos = sampleVideos({ count: 800 });
  const { events } = simulateViewers(videos, { people: 200 });
  const { feed, interests } = rr.scope(() => {
    const catalog = new rr.Catalog().addMany(videos);
    const log = new rr.Interactions().addMany(events);
    const model = rr.train(log, { algorithm: 'itemknn', catalog });
    const me = new rr.Profile({ catalog });
    const first = (tag, n) => videos.filter((v) => v.tags[0] === tag).slice(0, n);
    for (const v of [...first('cooking', 4), ...first('travel', 3)]) me.record({ item: v.id, type: 'view', watchTime: v.duration });
    me.record({ item: first('cooking', 1)[0].id, type: 'like' });
    return { feed: model.recommend(me, { k: 10, diversity: 0.2 }), interests: me.interests(3) };
  });
  const byId = new Map(videos.map((v) => [v.id, v]));
  document.querySelector('#feed').replaceChildren(...feed.map((r) => {
    const li = document.createElement('li');
    li.textContent = `${byId.get(r.id).title} (${r.score.toFixed(3)})`;
    return li;
  }));
  status.textContent = `Interests: ${interests.map((i) => i.tag).join(', ')}`;
  window.reelrankResult = { feed, interests };
  document.body.dataset.status = 'done';
} catch (err) {
  status.textContent = `Could not rank: ${err.message}`;
  window.reelrankResult = { error: { name: err.name, code: err.code, message: err.message } };
  document.body.dataset.status = 'error';
}
