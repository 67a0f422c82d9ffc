#!/usr/bin/env node
// Endurance: many recommend calls and create/dispose cycles with the wasm heap
// flat, and a profile fed millions of events staying within its memory cap.
//   node scripts/endurance.mjs [--recommends N] [--cycles N] [--events N]
// Defaults are the figures (1,000,000 / 100,000 / 10,000,000); npm test
// runs a smaller version. Exits 1 if the heap grows or the cap is exceeded.
import { parseCli, wholeNumber } from './cli.mjs';

const USAGE = `usage: node scripts/endurance.mjs [--recommends N] [--cycles N] [--events N]

  --recommends N   recommend calls on a changing profile, heap checked flat (default 1000000)
  --cycles N       create/use/dispose cycles (profile, recommend, a failed load, a model load), heap checked flat (default 100000)
  --events N       events fed to one profile, which must stay within its memory cap (default 10000000)
  --help           this text

Needs dist/ built (node scripts/build.mjs). Exits 1 if the heap grows or the cap is exceeded.`;
const { values } = parseCli({
  name: 'endurance', usage: USAGE,
  options: { recommends: { type: 'string', default: '1000000' }, cycles: { type: 'string', default: '100000' }, events: { type: 'string', default: '10000000' } },
});
const recommends = wholeNumber('endurance', USAGE, values.recommends, 'recommends');
const cycles = wholeNumber('endurance', USAGE, values.cycles, 'cycles');
const events = wholeNumber('endurance', USAGE, values.events, 'events');
const { load, sampleVideos, simulateViewers } = await import('../dist/index.js');
const rr = await load();
const videos = sampleVideos({ count: 2000 });
const catalog = new rr.Catalog().addMany(videos);
const log = new rr.Interactions().addMany(simulateViewers(videos).events);
const model = rr.train(log, { algorithm: 'itemknn', catalog });
let failed = false;
const mb = (b) => `${(b / 1048576).toFixed(2)} MB`;

// 1. recommend calls on a profile that keeps changing.
{
  const me = new rr.Profile({ catalog });
  for (let i = 0; i < 50; i++) me.record({ item: videos[i].id, type: 'like', timestamp: i });
  for (let i = 0; i < 1000; i++) model.recommend(me, { k: 10 });
  const before = rr.heapInUse();
  const t0 = performance.now();
  for (let i = 0; i < recommends; i++) {
    model.recommend(me, { k: 10, diversity: i % 2 ? 0.3 : 0, exploration: i % 3 ? 0 : 0.2 });
    if (i % 1000 === 0) me.record({ item: videos[(i / 1000) % videos.length].id, type: 'view', watchTime: 5, timestamp: 100 + i });
  }
  const after = rr.heapInUse();
  const grew = after - before;
  console.log(`recommend x ${recommends.toLocaleString('en')}: ${((performance.now() - t0) / 1000).toFixed(1)} s, heap in use ${mb(before)} -> ${mb(after)}`);
  // The profile itself grows as it records: allow its own growth, nothing else.
  if (grew > me.memoryBytes) { console.log('  FAIL: the heap grew beyond the profile\'s own size'); failed = true; }
  me.dispose();
}

// 2. create/use/dispose cycles.
{
  const smallModelBytes = rr.scope(() => {
    const c = new rr.Catalog().addMany(videos.slice(0, 50));
    const l = new rr.Interactions().addMany(simulateViewers(videos.slice(0, 50), { people: 20, perPerson: 10 }).events);
    return rr.train(l, { algorithm: 'itemknn', catalog: c }).save();
  });
  const cycle = () => {
    const p = new rr.Profile({ catalog });
    p.record({ item: videos[0].id, type: 'like', timestamp: 1 });
    model.recommend(p, { k: 5 });
    try { rr.Profile.load(new Uint8Array([1, 2, 3])); } catch { /* error path */ }
    const m = rr.Model.load(smallModelBytes);
    m.dispose();
    p.dispose();
  };
  for (let i = 0; i < 100; i++) cycle();
  const before = rr.heapInUse();
  const t0 = performance.now();
  for (let i = 0; i < cycles; i++) cycle();
  const after = rr.heapInUse();
  console.log(`create/dispose x ${cycles.toLocaleString('en')}: ${((performance.now() - t0) / 1000).toFixed(1)} s, heap in use ${mb(before)} -> ${mb(after)}`);
  if (after !== before) { console.log('  FAIL: the heap is not flat'); failed = true; }
}

// 3. a profile fed many events stays within its cap.
{
  const me = new rr.Profile({ catalog });
  const batch = 100_000;
  let peak = 0;
  const t0 = performance.now();
  for (let done = 0; done < events; done += batch) {
    const chunk = [];
    for (let k = 0; k < batch; k++) {
      const n = done + k;
      // Ever-new items (n % 50,000) force item eviction; tags come from the catalogue for the first 2,000.
      chunk.push({ item: n % 7 ? `vid${String(n % 2000).padStart(4, '0')}` : `new${n % 50_000}`, type: n % 5 ? 'view' : 'like', watchTime: 3, timestamp: n });
    }
    me.recordMany(chunk);
    peak = Math.max(peak, me.memoryBytes);
  }
  const cap = me.memoryLimitBytes;
  console.log(`profile fed ${events.toLocaleString('en')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${me.eventCount} raw events kept, ` +
    `${me.itemCount} items, peak ${mb(peak)} (documented cap ${mb(cap)}), wasm memory ${mb(rr.memoryBytes())}`);
  if (peak > cap || me.eventCount > 5000 || me.itemCount > 10000) { console.log('  FAIL: over the documented cap'); failed = true; }
  me.dispose();
}
for (const x of [model, log, catalog]) x.dispose();
process.exit(failed ? 1 : 0);
