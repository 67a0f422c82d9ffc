// The evaluation worker: loads reelrank on its own (the page passes the URL its
// import map resolves 'reelrank' to, since import maps do not reach workers),
// builds the data, and evaluates every algorithm with the library's
// rr.readDataset + rr.evaluate when it has them, otherwise with the small
// holdout evaluation in holdout.js (same split and metric definitions).
// Messages out: progress, done, error, and resources (the requests this
// worker made, for the privacy counter). Cancel = the page terminates it.
import { evaluateHoldout } from './holdout.js';
import { parseInteractionsCsv } from './csv.js';
import { sampleEventsToTsv } from './sample-tsv.js';

const ALGORITHMS = ['popularity', 'itemknn', 'userknn', 'content'];
let lib = null;
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

function csvFormat(text) {
  const first = text.slice(0, 4096).split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return first.includes('::') ? 'movielens' : first.includes('\t') ? 'tsv' : 'csv';
}

async function run({ libUrl, source, viewers, file }) {
  const t0 = performance.now();
  progress(0, 'loading reelrank in the worker');
  lib ??= await import(libUrl);
  rr ??= await lib.load({ tools: true });
  reportResources();
  const libraryCanEvaluate = typeof rr.evaluate === 'function' && typeof rr.readDataset === 'function';

  progress(0, 'preparing the data');
  let text = null;
  let videos = null;
  let events = null;
  let dataset;
  if (source === 'csv') {
    if (!file) throw new Error('choose a CSV file first');
    text = await file.text();
    dataset = `file ${file.name} (${(file.size / 1024).toFixed(0)} KB)`;
  } else {
    videos = lib.sampleVideos();
    events = lib.simulateViewers(videos, { people: viewers }).events;
    dataset = `sample world: ${events.length.toLocaleString('en')} events of ${viewers.toLocaleString('en')} simulated viewers over ${videos.length.toLocaleString('en')} videos`;
  }

  let engine = 'the demo’s JS holdout (each person’s last 20% of events hidden)';
  if (libraryCanEvaluate) {
    try {
      const outcome = videos
        ? viaLibrary(sampleEventsToTsv(events, videos), 'kuairand', videos, ALGORITHMS)
        : viaLibrary(text, csvFormat(text), null, ALGORITHMS);
      if (!videos && outcome.lines) dataset += `: ${outcome.lines.toLocaleString('en')} lines`;
      if (outcome.skippedLines) dataset += `, ${outcome.skippedLines} bad lines skipped`;
      return { ...outcome, dataset, engine: 'rr.evaluate (split time:0.2, k = 10)', seconds: (performance.now() - t0) / 1000 };
    } catch (err) {
      if (source === 'csv' && err?.code === 'E_ARG') throw err; // the file itself is malformed: say so
      engine += ` (rr.evaluate could not run: ${err?.message ?? err})`;
    }
  }

  let catalog = null;
  try {
    if (videos) {
      catalog = new rr.Catalog().addMany(videos);
    } else {
      const parsed = parseInteractionsCsv(text);
      events = parsed.events;
      dataset += `: ${events.length.toLocaleString('en')} events, ${parsed.users.toLocaleString('en')} people, ` +
        `${parsed.items.toLocaleString('en')} items${parsed.hasTimestamps ? '' : ' (no timestamps: file order decides)'}`;
    }
    const outcome = evaluateHoldout(rr, events, { algorithms: ALGORITHMS, catalog, k: 10, onProgress: progress });
    return { ...outcome, dataset, engine, seconds: (performance.now() - t0) / 1000 };
  } finally {
    catalog?.dispose();
  }
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
