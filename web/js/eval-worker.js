// The evaluation worker: loads reelrank on its own (Vite bundles the package
// into the worker, with its .wasm as an asset), builds the data, and evaluates
// every algorithm with the library's rr.readDataset and one of two protocols:
// rr.evaluate (top-N: each person's last 20% hidden) or rr.evaluateNextItem
// (next video: each person's last item hidden).
// A 'curve' message runs rr.evaluate on the sample world for each
// popularityCorrection of the curve and answers 'curve-done'.
// Messages out: progress, done, curve-done, error, and resources (the requests
// this worker made, for the privacy counter). Cancel = the page terminates it.
import { load, sampleVideos, simulateViewers } from 'reelrank';
import { sampleEventsToTsv } from './sample-tsv.js';

// The section compares the four algorithms the page teaches (the CLI,
// npm run eval, runs any of rr.algorithms); each must be one the core registers.
const TAUGHT = ['popularity', 'itemknn', 'userknn', 'content'];
// The next-video protocol compares the two order-blind baselines with the
// sequence models the feed offers (sasrec is left out: it trains for minutes).
const NEXT_ITEM = ['popularity', 'trending', 'itemknn', 'transitions', 'slist'];
const registered = (names) => names.filter((name) => rr.algorithms.some((a) => a.name === name && a.trainable));
// The popularity curve's corrections (within rr.schema.popularityCorrection's
// 0..4) and two algorithms that lean on popular videos to different degrees.
const CURVE_BETAS = [0, 0.25, 0.5, 1];
const CURVE_ALGORITHMS = ['itemknn', 'userknn'];
let rr = null;
let reported = 0;

function reportResources() {
  const list = performance.getEntriesByType('resource').slice(reported);
  reported += list.length;
  if (list.length) {
    postMessage({ type: 'resources', entries: list.map((e) => ({ url: e.name, epochMs: performance.timeOrigin + e.startTime })) });
  }
}

function progress(fraction, text) {
  postMessage({ type: 'progress', fraction, text });
}

/** One rr.evaluate result as a row of the results table. */
function row(r, algorithm) {
  if (typeof r?.ndcg !== 'number' || typeof r?.recall !== 'number') throw new Error('rr.evaluate returned no ndcg/recall');
  return {
    algorithm: r.algorithm ?? algorithm, ndcg: r.ndcg, recall: r.recall, precision: r.precision ?? null,
    hitrate: r.hitrate ?? null, users: r.users ?? null, fitSeconds: r.fitSeconds ?? null, recommendSeconds: r.recommendSeconds ?? null,
  };
}

/**
 * The library's own evaluation: rr.readDataset parses the text in wasm, then
 * rr.evaluate splits (each person's last 20% by time), trains, ranks, scores.
 */
function viaLibrary(text, format, catalog, algorithms) {
  const data = rr.readDataset(text, { format });
  try {
    const results = [];
    let lastPost = 0;
    algorithms.forEach((algorithm, i) => {
      if (algorithm === 'content' && !catalog) {
        results.push({ algorithm, skipped: 'needs video tags; a CSV has none' });
        return;
      }
      progress(i / algorithms.length, `evaluating ${algorithm}`);
      const r = rr.evaluate(data, {
        algorithm, split: 'time:0.2', k: 10, ...(catalog ? { catalog } : {}),
        onProgress: (p) => {
          const now = performance.now();
          if (now - lastPost < 50 || !(p?.total > 0)) return;
          lastPost = now;
          progress((i + p.done / p.total) / algorithms.length, `evaluating ${algorithm}${p.stage ? ` (${p.stage})` : ''}`);
        },
      });
      results.push(row(r, algorithm));
    });
    progress(1, 'done');
    const tested = results.find((r) => r.users)?.users;
    return { results, testUsers: tested ?? null, lines: data.lines, skippedLines: data.skipped };
  } finally {
    data.dispose();
  }
}

/** One rr.evaluateNextItem result as a row of the results table. */
function nextItemRow(r, algorithm) {
  const t = r?.test;
  if (typeof t?.ndcg !== 'number' || typeof t?.hitrate !== 'number') throw new Error('rr.evaluateNextItem returned no ndcg/hitrate');
  return {
    algorithm: r.algorithm ?? algorithm, ndcg: t.ndcg, hitrate: t.hitrate, mrr: t.mrr ?? null, coverage: t.coverage ?? null,
    people: t.people ?? null, unseenTargets: t.unseenTargets ?? null, fitSeconds: t.fitSeconds ?? null, rankSeconds: t.rankSeconds ?? null,
    sequence: r.sequence ?? [],
  };
}

/**
 * The next-video protocol: rr.evaluateNextItem holds out each person's last
 * item (split 'last'), trains on everything before it, and asks for ten.
 */
function viaNextItem(text, format, catalog, algorithms) {
  const data = rr.readDataset(text, { format });
  try {
    const results = [];
    let lastPost = 0;
    algorithms.forEach((algorithm, i) => {
      progress(i / algorithms.length, `training ${algorithm}`);
      const r = rr.evaluateNextItem(data, {
        algorithm, split: 'last', k: 10, ...(catalog ? { catalog } : {}),
        onProgress: (p) => {
          const now = performance.now();
          if (now - lastPost < 50 || !(p?.total > 0)) return;
          lastPost = now;
          const what = p.done === 0 ? `training ${algorithm}`
            : `evaluating ${algorithm} (${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} people)`;
          progress((i + p.done / p.total) / algorithms.length, what);
        },
      });
      results.push(nextItemRow(r, algorithm));
    });
    progress(1, 'done');
    const first = results[0];
    return { results, testUsers: first?.people ?? null, sequence: first?.sequence ?? [], lines: data.lines, skippedLines: data.skipped };
  } finally {
    data.dispose();
  }
}

function csvFormat(text) {
  const first = text.slice(0, 4096).split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return first.includes('::') ? 'movielens' : first.includes('\t') ? 'tsv' : 'csv';
}

async function run({ source, viewers, file, protocol }) {
  const next = protocol === 'next';
  const evaluateAll = (text, format, catalog) => (next
    ? viaNextItem(text, format, catalog, registered(NEXT_ITEM))
    : viaLibrary(text, format, catalog, registered(TAUGHT)));
  const t0 = performance.now();
  progress(0, 'loading reelrank in the worker');
  rr ??= await load({ tools: true });
  reportResources();

  progress(0, 'preparing the data');
  let outcome;
  let dataset;
  if (source === 'csv') {
    if (!file) throw new Error('choose a CSV file first');
    const text = await file.text();
    dataset = `file ${file.name} (${(file.size / 1024).toFixed(0)} KB)`;
    outcome = evaluateAll(text, csvFormat(text), null);
    if (outcome.lines) dataset += `: ${outcome.lines.toLocaleString('en')} lines`;
  } else {
    const world = sampleWorld(viewers);
    dataset = world.dataset;
    outcome = evaluateAll(world.text, 'kuairand', world.videos);
  }
  if (outcome.skippedLines) dataset += `, ${outcome.skippedLines} bad lines skipped`;
  const engine = next ? 'rr.evaluateNextItem (split last, k = 10)' : 'rr.evaluate (split time:0.2, k = 10)';
  return { ...outcome, protocol: next ? 'next' : 'topn', dataset, engine, seconds: (performance.now() - t0) / 1000 };
}

function sampleWorld(viewers) {
  const videos = sampleVideos();
  const { events } = simulateViewers(videos, { people: viewers });
  const dataset = `sample world: ${events.length.toLocaleString('en')} events of ${viewers.toLocaleString('en')} simulated viewers over ${videos.length.toLocaleString('en')} videos`;
  return { videos, text: sampleEventsToTsv(events, videos), dataset };
}

/**
 * The popularity curve: the top-N protocol on the sample world for every
 * algorithm and correction β of the curve, keeping NDCG@10 and the share of
 * the recommended videos from the long tail.
 */
async function curve({ viewers }) {
  const t0 = performance.now();
  progress(0, 'loading reelrank in the worker');
  rr ??= await load({ tools: true });
  reportResources();
  const world = sampleWorld(viewers);
  const data = rr.readDataset(world.text, { format: 'kuairand' });
  try {
    const runs = CURVE_ALGORITHMS.filter((a) => registered([a]).length).flatMap((algorithm) => CURVE_BETAS.map((beta) => ({ algorithm, beta })));
    const points = runs.map(({ algorithm, beta }, i) => {
      progress(i / runs.length, `evaluating ${algorithm} with popularityCorrection ${beta}`);
      const r = rr.evaluate(data, { algorithm, split: 'time:0.2', k: 10, catalog: world.videos, popularityCorrection: beta });
      return { algorithm, beta, ndcg: r.ndcg, longTailShare: r.longTailShare };
    });
    progress(1, 'done');
    return { points, dataset: world.dataset, seconds: (performance.now() - t0) / 1000 };
  } finally {
    data.dispose();
  }
}

self.addEventListener('message', async ({ data }) => {
  if (data?.type !== 'run' && data?.type !== 'curve') return;
  try {
    if (data.type === 'curve') postMessage({ type: 'curve-done', ...(await curve(data)) });
    else postMessage({ type: 'done', ...(await run(data)) });
  } catch (err) {
    postMessage({ type: 'error', message: err?.code ? `${err.message} (${err.code})` : err?.message ?? String(err) });
  } finally {
    reportResources();
  }
});
