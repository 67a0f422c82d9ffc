// The evaluation worker: loads reelrank on its own (Vite bundles the package
// into the worker, with its .wasm as an asset), builds the data, and evaluates
// every algorithm with the library's rr.readDataset + rr.evaluate.
// Messages out: progress, done, error, and resources (the requests this
// worker made, for the privacy counter). Cancel = the page terminates it.
import { load, sampleVideos, simulateViewers } from 'reelrank';
import { sampleEventsToTsv } from './sample-tsv.js';

// The section compares the four algorithms the page teaches (the CLI,
// npm run eval, runs any of rr.algorithms); each must be one the core registers.
const TAUGHT = ['popularity', 'itemknn', 'userknn', 'content'];
const taught = () => TAUGHT.filter((name) => rr.algorithms.some((a) => a.name === name && a.trainable));
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

async function run({ source, viewers, file }) {
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
    outcome = viaLibrary(text, csvFormat(text), null, taught());
    if (outcome.lines) dataset += `: ${outcome.lines.toLocaleString('en')} lines`;
  } else {
    const videos = sampleVideos();
    const { events } = simulateViewers(videos, { people: viewers });
    dataset = `sample world: ${events.length.toLocaleString('en')} events of ${viewers.toLocaleString('en')} simulated viewers over ${videos.length.toLocaleString('en')} videos`;
    outcome = viaLibrary(sampleEventsToTsv(events, videos), 'kuairand', videos, taught());
  }
  if (outcome.skippedLines) dataset += `, ${outcome.skippedLines} bad lines skipped`;
  return { ...outcome, dataset, engine: 'rr.evaluate (split time:0.2, k = 10)', seconds: (performance.now() - t0) / 1000 };
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
