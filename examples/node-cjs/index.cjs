// CommonJS: reelrank is an ES module, so load it with a dynamic import(),
// which works in every CommonJS file on Node 18 and later. Plain
// `require('reelrank')` works only where Node can require ES modules
// (20.19+ and 22.12+); older versions throw ERR_REQUIRE_ESM.
// Run: npm install reelrank && node index.cjs
async function main() {
  const { load, sampleVideos, simulateViewers } = await import('reelrank');
  const rr = await load();
  const videos = sampleVideos({ count: 800 });
  const { events } = simulateViewers(videos, { people: 200 });
  const catalog = new rr.Catalog().addMany(videos);
  const log = new rr.Interactions().addMany(events);
  const model = rr.train(log, { algorithm: 'popularity', catalog });
  const me = new rr.Profile({ catalog });
  me.record({ item: videos[0].id, type: 'like' });
  const feed = model.recommend(me, { k: 5 });
  for (const x of [me, model, log, catalog]) x.dispose();

  let required;
  try {
    required = typeof require('reelrank').load === 'function' ? 'ok' : 'no load()';
  } catch (err) {
    required = err.code ?? err.message;
  }
  console.log(JSON.stringify({ feed, require: required, node: process.versions.node }));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
