// A small holdout evaluation in plain JS, used by the evaluation worker when
// the library has no rr.evaluate. Definitions (as in the literature):
// - split: per person, the last 20% of their events by time (at least one)
//   are hidden; people with fewer than 5 events stay entirely in training;
// - relevant items: the person's hidden items with a positive event (not a
//   skip or dislike), minus anything they already had in training (training
//   items are excluded from the ranking, so they could never count);
// - Recall@k = hits / |relevant|;
//   NDCG@k = DCG / IDCG with DCG = Σ_{r=1..k} rel_r / log2(r+1) and IDCG the
//   DCG of min(|relevant|, k) hits at the top; both averaged over the people
//   with at least one relevant item.

const NOT_POSITIVE = new Set(['skip', 'dislike']);

/** Splits events: { train: event[], test: Map(user -> Set(item)) }. */
export function temporalSplit(events, { fraction = 0.2, minEvents = 5 } = {}) {
  const byUser = new Map();
  events.forEach((e, index) => {
    let list = byUser.get(e.user);
    if (!list) byUser.set(e.user, (list = []));
    list.push({ e, index });
  });
  const train = [];
  const test = new Map();
  for (const [user, list] of byUser) {
    list.sort((a, b) => (a.e.timestamp ?? 0) - (b.e.timestamp ?? 0) || a.index - b.index);
    const nTest = list.length >= minEvents ? Math.max(1, Math.floor(list.length * fraction)) : 0;
    const cut = list.length - nTest;
    const seen = new Set();
    for (let i = 0; i < cut; i++) {
      train.push(list[i].e);
      seen.add(list[i].e.item);
    }
    const relevant = new Set();
    for (let i = cut; i < list.length; i++) {
      const e = list[i].e;
      if (!NOT_POSITIVE.has(e.type) && !seen.has(e.item)) relevant.add(e.item);
    }
    if (relevant.size > 0 && cut > 0) test.set(user, relevant);
  }
  return { train, test };
}

/** NDCG@k, Recall@k, Precision@k and hit for one ranked list of ids. */
export function rankingMetrics(ranked, relevant, k) {
  let dcg = 0;
  let hits = 0;
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) {
    if (relevant.has(ranked[r])) {
      hits++;
      dcg += 1 / Math.log2(r + 2);
    }
  }
  let idcg = 0;
  for (let r = 0; r < Math.min(relevant.size, k); r++) idcg += 1 / Math.log2(r + 2);
  return { ndcg: idcg > 0 ? dcg / idcg : 0, recall: hits / relevant.size, precision: hits / k, hit: hits > 0 ? 1 : 0 };
}

/**
 * Trains each algorithm on the training part and scores its top-k for every
 * test person. onProgress(fraction, text) is called as it goes.
 * Returns { results: [{ algorithm, ndcg, recall, precision, hitrate, users, fitSeconds, recommendSeconds } |
 *   { algorithm, skipped }], trainEvents, testUsers }.
 */
export function evaluateHoldout(rr, events, { algorithms, catalog = null, k = 10, onProgress = () => {} }) {
  const { train, test } = temporalSplit(events);
  if (test.size === 0) throw new Error('no person has enough events to hold some out (each needs at least 5)');
  const users = [...test.keys()];
  const results = [];
  const log = new rr.Interactions();
  try {
    log.addMany(train);
    const total = algorithms.length * (users.length + 1);
    let done = 0;
    for (const algorithm of algorithms) {
      if (algorithm === 'content' && !catalog) {
        results.push({ algorithm, skipped: 'needs video tags; a CSV has none' });
        done += users.length + 1;
        continue;
      }
      onProgress(done / total, `training ${algorithm}`);
      const t0 = performance.now();
      const model = rr.train(log, { algorithm, catalog });
      const fitSeconds = (performance.now() - t0) / 1000;
      done++;
      const sum = { ndcg: 0, recall: 0, precision: 0, hit: 0 };
      let recommendMs = 0;
      try {
        users.forEach((user, i) => {
          const t1 = performance.now();
          let ranked = [];
          try {
            ranked = model.recommend(user, { k, explain: false }).map((r) => r.id);
          } catch (err) {
            if (err?.code !== 'E_UNKNOWN_ID') throw err; // a person the model kept nothing of: no hits
          }
          recommendMs += performance.now() - t1;
          const m = rankingMetrics(ranked, test.get(user), k);
          for (const key of Object.keys(sum)) sum[key] += m[key];
          done++;
          if (i % 25 === 24) onProgress(done / total, `scoring ${algorithm}: ${i + 1} of ${users.length} people`);
        });
      } finally {
        model.dispose();
      }
      results.push({
        algorithm, users: users.length, ndcg: sum.ndcg / users.length, recall: sum.recall / users.length,
        precision: sum.precision / users.length, hitrate: sum.hit / users.length, fitSeconds,
        recommendSeconds: recommendMs / 1000,
      });
    }
    onProgress(1, 'done');
  } finally {
    log.dispose();
  }
  return { results, trainEvents: train.length, testUsers: users.length };
}
