// The main thread: connect() to the worker and await its methods. The wasm is
// loaded, trained and queried inside the worker only.
import { connect } from 'reelrank/worker';
import { ReelRankError, sampleVideos, simulateViewers } from 'reelrank';

const status = document.querySelector('#status');
const rr = connect(new Worker(new URL('./rank.worker.js', import.meta.url), { type: 'module' }));
try {
  await rr.ready();
  const videos = sampleVideos({ count: 2000 });
  const { events } = simulateViewers(videos, { people: 300 });
  await rr.loadCatalog(videos);
  await rr.addEvents(events);

  // The page stays responsive while the worker trains: count timer ticks.
  let ticks = 0;
  const timer = setInterval(() => { ticks += 1; }, 1);
  let progressReports = 0;
  const t0 = performance.now();
  const info = await rr.train({ algorithm: 'itemknn', onProgress: () => { progressReports += 1; } });
  const trainMs = performance.now() - t0;
  clearInterval(timer);

  // The person on this device.
  const first = (tag, n) => videos.filter((v) => v.tags[0] === tag).slice(0, n);
  await rr.record([...first('cooking', 4), ...first('travel', 3)].map((v) => ({ item: v.id, type: 'view', watchTime: v.duration })));
  await rr.record({ item: first('cooking', 1)[0].id, type: 'like' });
  const feed = await rr.recommend({ k: 10, diversity: 0.2 });
  const interests = await rr.interests(3);

  // Save the profile (bytes are transferred back), then load it again,
  // handing the buffer over instead of copying it.
  const saved = await rr.saveProfile();
  const savedBytes = saved.byteLength;
  await rr.loadProfile(saved, { transfer: true });
  const sameFeed = (await rr.recommend({ k: 10, diversity: 0.2 })).map((r) => r.id).join() === feed.map((r) => r.id).join();

  // Errors keep their code across the thread boundary.
  let caught = null;
  try {
    await rr.recommend({ k: 0 });
  } catch (err) {
    caught = { isReelRankError: err instanceof ReelRankError, code: err.code, message: err.message };
  }

  const byId = new Map(videos.map((v) => [v.id, v]));
  document.querySelector('#feed').replaceChildren(...feed.map((r) => {
    const li = document.createElement('li');
    li.textContent = `${byId.get(r.id).title} (${r.score.toFixed(3)})`;
    return li;
  }));
  status.textContent = `Trained ${info.algorithm} on ${info.items} videos in ${trainMs.toFixed(0)} ms while the page ticked ${ticks} times. ` +
    `Interests: ${interests.map((i) => i.tag).join(', ')}`;
  window.reelrankResult = {
    feed, interests, info, trainMs, ticks, progressReports, savedBytes, transferredLength: saved.byteLength, sameFeed, caught,
  };
  document.body.dataset.status = 'done';
} catch (err) {
  status.textContent = `Could not rank: ${err.message}`;
  window.reelrankResult = { error: { name: err.name, code: err.code, message: err.message } };
  document.body.dataset.status = 'error';
} finally {
  await rr.close();
}
