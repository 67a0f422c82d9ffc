// One person swiping on a SASRec model through the JS API: the set-up that
// every swipe benchmark shares (npm run bench, bench/sasrec-swipe.mjs, and
// bench/browser-swipe.html in Chromium). A random-weight model of the given
// shape (bench/sasrec-model.mjs; inference costs the same whatever the
// weights), a profile that keeps its newest `keptEvents` events (0: the
// default limit) after `history` distinct videos seen before them (a
// long-lived profile keeps those as items), and `maxLen` views to fill the
// window. Call it inside rr.scope(), which disposes what it makes.
import { randomSasrec } from './sasrec-model.mjs';

export function swipeWorld(rr, { items = 10_000, maxLen = 200, keptEvents = 200, history = 0 } = {}) {
  const ids = Array.from({ length: items }, (_, i) => `s${i}`);
  const model = rr.Model.fromSafetensors(randomSasrec({ items, maxLen }), { items: ids });
  const me = new rr.Profile(keptEvents > 0 ? { limits: { maxEvents: keptEvents } } : {});
  const view = (item, t) => me.record({ item, type: 'view', watchTime: 20, duration: 30, timestamp: 1_700_000_000 + t });
  for (let t = 0; t < history; t++) view(ids[t % items], t - 1_000_000);
  for (let t = 0; t < maxLen; t++) view(ids[(t * 7919) % items], t);
  let step = 0;
  return {
    model,
    profile: me,
    // One new event: a view of another video, a second later.
    record() {
      step++;
      view(ids[(step * 104729) % items], 1000 + step);
    },
    recommend: () => model.recommend(me, { k: 10 }),
    swipe() {
      this.record();
      return this.recommend();
    },
  };
}
