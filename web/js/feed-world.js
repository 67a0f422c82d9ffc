// The sample world shared by the feed (section 3) and the creator dashboard
// (section 6): reelrank's built-in deterministic catalogue of short videos and
// simulated viewers, and one model per algorithm, trained on first use and
// kept for the session.
import { sampleVideos, simulateViewers, SAMPLE_TOPICS } from 'reelrank';

export function createWorld(rr) {
  const videos = sampleVideos();
  const byId = new Map(videos.map((v) => [v.id, v]));
  const { events } = simulateViewers(videos);
  const catalog = new rr.Catalog().addMany(videos);
  const log = new rr.Interactions().addMany(events);
  const models = new Map(); // algorithm -> { model, trainMs }
  const trainable = new Set(rr.algorithms.filter((a) => a.trainable).map((a) => a.name));

  return {
    videos,
    events,
    topics: SAMPLE_TOPICS,
    catalog,
    log,
    video: (id) => byId.get(id) ?? null,
    /** The ids of every video whose main topic is `topic`. */
    idsOfTopic: (topic) => videos.filter((v) => v.tags[0] === topic).map((v) => v.id),
    isTrained: (algorithm) => models.has(algorithm),
    /** The model for an algorithm, trained now if this is its first use. */
    model(algorithm) {
      if (!trainable.has(algorithm)) throw new Error(`unknown algorithm ${algorithm}`);
      let entry = models.get(algorithm);
      if (!entry) {
        const t0 = performance.now();
        const model = rr.train(log, { algorithm, catalog });
        entry = { model, trainMs: performance.now() - t0 };
        models.set(algorithm, entry);
      }
      return entry;
    },
  };
}
