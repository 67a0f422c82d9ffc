// The evaluation worker: loads reelrank on its own (Vite bundles the package
// into the worker, with its .wasm as an asset), builds the data, and evaluates
// every algorithm with the library's rr.readDataset and one of two protocols:
// rr.evaluate (top-N: each person's last 20% hidden) or rr.evaluateNextItem
// (next video: each person's last item hidden).
// Messages out: progress, done, error, and resources (the requests this
// worker made, for the privacy counter). Cancel = the page terminates it.
import { load, sampleVideos, simulateViewers } from 'reelrank';
import { sampleEventsToTsv } from './sample-tsv.js';

// The section compares the four algorithms the page teaches (the CLI,
// npm run eval, runs any of rr.algorithms); each must be one the core registers.
const TAUGHT = ['popularity', 'itemknn', 'userknn', 'content'];
// The next-video protocol compares the two order-blind baselines with the
// sequence models the feed offers (sasrec is left out: it trains for minutes).
const NEXT_ITEM = ['popularity', 'trending', 'itemknn', 'transitions', 'slist'];
const registered = (names) => names.filter((name) => rr.algorithms.some((a) => a.name === name && a.trainable));
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
    const videos = sampleVideos();
    const { events } = simulateViewers(videos, { people: viewers });
    dataset = `sample world: ${events.length.toLocaleString('en')} events of ${viewers.toLocaleString('en')} simulated viewers over ${videos.length.toLocaleString('en')} videos`;
    outcome = evaluateAll(sampleEventsToTsv(events, videos), 'kuairand', videos);
  }
  if (outcome.skippedLines) dataset += `, ${outcome.skippedLines} bad lines skipped`;
  const engine = next ? 'rr.evaluateNextItem (split last, k = 10)' : 'rr.evaluate (split time:0.2, k = 10)';
  return { ...outcome, protocol: next ? 'next' : 'topn', dataset, engine, seconds: (performance.now() - t0) / 1000 };
}

self.addEventListener('message', async ({ data }) => {
  if (data?.type !== 'run') return;
  try {
    const result = await run(data);
    postMessage({ type: 'done', ...result });
  } catch (err) {
    postMessage({ type: 'error', message: err?.code ? `${err.message} (${err.code})` : err?.message ?? String(err) });
  } finally {
    reportResources();
  }
});
