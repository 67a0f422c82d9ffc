// Quick-start: train on the built-in sample world, then rank a feed for a
// sample person who likes cooking and travel, and print it with its reasons.
// Run: npm run quickstart   (or, after npm run build: node examples/quickstart.mjs)
import { load, sampleVideos, simulateViewers } from '../dist/index.js';

const rr = await load();
const videos = sampleVideos();
const { events } = simulateViewers(videos);

rr.scope(() => {
  const catalog = new rr.Catalog().addMany(videos);
  const log = new rr.Interactions().addMany(events);
  const t0 = performance.now();
  const model = rr.train(log, { algorithm: 'itemknn', catalog });
  const trainMs = performance.now() - t0;
  console.log(`Trained itemknn on ${log.eventCount} events from ${log.userCount} simulated viewers` +
    ` over ${catalog.size} videos in ${trainMs.toFixed(0)} ms (wasm).\n`);

  // A sample person, on their own device: they watched some cooking and
  // travel videos to the end, liked two, and skipped a gaming clip.
  const me = new rr.Profile({ catalog });
  const byTag = (tag) => videos.filter((v) => v.tags[0] === tag);
  let t = 1_700_900_000;
  for (const v of byTag('cooking').slice(0, 4)) me.record({ item: v.id, type: 'view', watchTime: v.duration, timestamp: t += 60 });
  for (const v of byTag('travel').slice(0, 3)) me.record({ item: v.id, type: 'view', watchTime: v.duration * 0.9, timestamp: t += 60 });
  me.record({ item: byTag('cooking')[1].id, type: 'like', timestamp: t += 5 });
  me.record({ item: byTag('travel')[0].id, type: 'share', timestamp: t += 5 });
  me.record({ item: byTag('gaming')[0].id, type: 'skip', timestamp: t += 5 });

  console.log('Their interests:', me.interests(5).map((i) => `${i.tag} ${i.weight.toFixed(2)}`).join(', '), '\n');
  const t1 = performance.now();
  const feed = model.recommend(me, { k: 10, diversity: 0.3, maxPerCreator: 2 });
  const rankMs = performance.now() - t1;
  const byId = new Map(videos.map((v) => [v.id, v]));
  console.log(`Their feed (ranked on-device in ${rankMs.toFixed(2)} ms):`);
  feed.forEach((r, i) => {
    const v = byId.get(r.id);
    const why = r.reasons.map((x) => x.kind === 'similar' ? `because you watched ${x.item} (${byId.get(x.item).tags.join(' ')})`
      : x.kind === 'tag' ? `you like #${x.tag}` : x.kind === 'creator' ? `you watch ${x.creator}`
        : x.kind === 'people' ? `${x.count} people like you liked it` : x.kind === 'explore' ? 'something new' : 'popular now').join('; ');
    console.log(`${String(i + 1).padStart(2)}. ${r.id}  ${v.tags.map((x) => `#${x}`).join(' ').padEnd(30)} ${r.score.toFixed(3)}  ${why}`);
  });
  console.log(`\nThe profile is ${me.save().length} bytes; it never left this process.`);
});
