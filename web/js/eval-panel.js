// Section 4: runs the evaluation in a Web Worker (eval-worker.js) with a
// progress bar and a cancel button (which terminates the worker), then shows
// the results as a chart and a table. A second button draws the popularity
// curve (eval-curve.js) with the same worker.
import { byId, fixed, fmt, h } from './dom.js';
import { SERIES, renderChart } from './eval-chart.js';
import { renderCurve } from './eval-curve.js';

export function initEvaluation({ onResources }) {
  const form = byId('eval-form');
  const runButton = byId('eval-run');
  const cancelButton = byId('eval-cancel');
  const progressEl = byId('eval-progress');
  const status = byId('eval-status');
  const fileInput = byId('eval-file');
  const viewers = byId('eval-viewers');
  const chart = byId('eval-chart');
  const table = byId('eval-table');
  const caption = byId('eval-chart-caption');
  const legendEl = byId('eval-legend');
  const TOPN_LEGEND = legendEl.textContent.replace(/\s+/g, ' ').trim();
  const curveButton = byId('eval-curve-run');
  const curveEl = byId('eval-curve');
  const curveStatus = byId('eval-curve-status');
  const curveReading = byId('eval-curve-reading');
  let worker = null;
  let started = 0;

  const sourceRadio = (value) => form.querySelector(`input[name="eval-source"][value="${value}"]`);
  fileInput.addEventListener('change', () => { if (fileInput.files?.length) sourceRadio('csv').checked = true; });
  viewers.addEventListener('change', () => { sourceRadio('sample').checked = true; });

  function setRunning(running) {
    runButton.disabled = running;
    curveButton.disabled = running;
    cancelButton.disabled = !running;
    if (running) form.dataset.state = 'running';
  }

  /** Ends a run. The worker is kept for the next run unless it is cancelled or failed. */
  function finish(state, text) {
    if (state !== 'done') {
      worker?.terminate();
      worker = null;
    }
    setRunning(false);
    form.dataset.state = state;
    status.textContent = text;
    if (state !== 'done' && curveEl.dataset.state === 'running') {
      curveEl.dataset.state = state;
      curveStatus.textContent = text;
    }
  }

  function onMessage(data) {
    if (data.type === 'resources') onResources(data.entries);
    else if (data.type === 'progress') {
      progressEl.value = data.fraction;
      status.textContent = `${Math.round(data.fraction * 100)}% · ${data.text}`;
    } else if (data.type === 'error') {
      finish('error', `The evaluation stopped: ${data.message}`);
    } else if (data.type === 'curve-done') {
      progressEl.value = 1;
      renderCurve(curveEl, data.points);
      curveReading.textContent = readCurve(data.points);
      curveReading.hidden = false;
      curveEl.dataset.state = 'done';
      finish('done', `Curve done in ${fmt(data.seconds, 1)} s.`);
      curveStatus.textContent = `Drawn in ${fmt(data.seconds, 1)} s on the ${data.dataset}: ${data.points.length} evaluations by rr.evaluate (split time:0.2, k = 10).`;
    } else if (data.type === 'done') {
      progressEl.value = 1;
      const next = data.protocol === 'next';
      const series = next ? SERIES.next : SERIES.topn;
      caption.textContent = `${series.map((s) => s.label).join(' and ')} per algorithm`;
      renderChart(chart, data.results, series);
      if (next) renderNextItemTable(data.results);
      else renderTable(data.results);
      form.dataset.protocol = data.protocol;
      const hidden = !data.testUsers ? ''
        : next ? `${data.testUsers.toLocaleString('en')} people each had their last ${sequenceName(data.sequence)} hidden; `
          : `${data.testUsers} people had hidden items; `;
      finish('done', `Done in ${fmt(data.seconds, 1)} s on the ${data.dataset}; ${hidden}computed by ${data.engine}.`);
    }
  }

  /**
   * The worker: started on the first run (it loads reelrank once) and reused
   * after. The literal `new Worker(new URL(...), { type: 'module' })` form is
   * what Vite recognises, in the dev server and in the static build.
   */
  function ensureWorker() {
    if (worker) return worker;
    const mine = new Worker(new URL('./eval-worker.js', import.meta.url), { type: 'module', name: 'reelrank-evaluation' });
    mine.addEventListener('message', ({ data }) => { if (worker === mine) onMessage(data); });
    mine.addEventListener('error', (e) => {
      e.preventDefault();
      if (worker === mine) finish('error', `The evaluation worker failed: ${e.message || 'it could not start'}`);
    });
    worker = mine;
    return mine;
  }

  /** The event types that made the sequences (r.sequence), as words: ['like'] -> "liked video". */
  function sequenceName(types) {
    const words = { like: 'liked video', view: 'watched video', rating: 'rated item', share: 'shared video' };
    return types?.length ? types.map((t) => words[t] ?? `${t} event`).join(' or ') : 'item';
  }

  function renderNextItemTable(results) {
    const head = ['Algorithm', 'NDCG@10', 'HR@10', 'MRR@10', 'Coverage@10', 'Train'];
    legendEl.textContent = 'HR = hit rate, the share of people whose hidden item is among their ten; MRR = mean of 1 / its rank ' +
      '(0 when missing); Coverage = the share of the items in the training data that appear in anyone\'s ten; Train = training time. ' +
      'All in this tab\'s WebAssembly.';
    legendEl.hidden = false;
    table.replaceChildren(h('caption', {}, 'Next-video results (higher is better)'),
      h('thead', {}, h('tr', {}, head.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, results.map((r) => h('tr', { 'data-algorithm': r.algorithm }, h('th', { scope: 'row' }, r.algorithm),
        h('td', { class: 'metric-ndcg' }, fixed(r.ndcg)), h('td', { class: 'metric-hitrate' }, fixed(r.hitrate)),
        h('td', { class: 'metric-mrr' }, fixed(r.mrr)), h('td', { class: 'metric-coverage' }, fixed(r.coverage)),
        h('td', {}, r.fitSeconds === null ? '—' : `${fmt(r.fitSeconds * 1000, 0)} ms`)))));
  }

  function renderTable(results) {
    const head = ['Algorithm', 'NDCG@10', 'Recall@10', 'P@10', 'Hit@10', 'Train', 'Rank / person'];
    legendEl.textContent = TOPN_LEGEND;
    legendEl.hidden = false;
    table.replaceChildren(h('caption', {}, 'Results (higher is better)'),
      h('thead', {}, h('tr', {}, head.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, results.map((r) => (r.skipped
        ? h('tr', {}, h('th', { scope: 'row' }, r.algorithm), h('td', { colspan: head.length - 1, class: 'muted' }, `not run: ${r.skipped}`))
        : h('tr', { 'data-algorithm': r.algorithm }, h('th', { scope: 'row' }, r.algorithm),
          h('td', { class: 'metric-ndcg' }, fixed(r.ndcg)), h('td', { class: 'metric-recall' }, fixed(r.recall)),
          h('td', {}, fixed(r.precision)), h('td', {}, fixed(r.hitrate)),
          h('td', {}, r.fitSeconds === null ? '—' : `${fmt(r.fitSeconds * 1000, 0)} ms`),
          h('td', {}, r.recommendSeconds === null || !r.users ? '—' : `${fmt((r.recommendSeconds * 1000) / r.users, 2)} ms`))))));
  }

  function start(event) {
    event.preventDefault();
    const source = form.querySelector('input[name="eval-source"]:checked').value;
    const protocol = form.querySelector('input[name="eval-protocol"]:checked')?.value ?? 'topn';
    const file = fileInput.files?.[0] ?? null;
    if (source === 'csv' && !file) {
      status.textContent = 'Choose a CSV file first (user,item,value[,timestamp] per line).';
      fileInput.focus();
      return;
    }
    started = performance.now();
    progressEl.value = 0;
    setRunning(true);
    status.textContent = worker ? 'Starting…' : 'Starting the worker…';
    ensureWorker().postMessage({ type: 'run', source, viewers: Number(viewers.value), file, protocol });
  }

  /** What the curve shows, in one sentence, from its own points. */
  function readCurve(points) {
    const parts = [...new Set(points.map((p) => p.algorithm))].map((a) => {
      const mine = points.filter((p) => p.algorithm === a);
      const [first, last] = [mine[0], mine[mine.length - 1]];
      return `${a} from NDCG ${fixed(first.ndcg)} and ${Math.round(first.longTailShare * 100)}% long tail at β ${first.beta} ` +
        `to ${fixed(last.ndcg)} and ${Math.round(last.longTailShare * 100)}% at β ${last.beta}`;
    });
    const trades = points.every((p, i) => i === 0 || p.algorithm !== points[i - 1].algorithm
      || (p.longTailShare >= points[i - 1].longTailShare && p.ndcg <= points[i - 1].ndcg));
    return trades
      ? `Each step of β moves the points right and down: more of the ten come from the long tail and fewer hidden ` +
        `videos are found (${parts.join('; ')}). Here the correction trades accuracy for reach into the long tail.`
      : `A larger β does not trade one for the other steadily here (${parts.join('; ')}).`;
  }

  function startCurve() {
    started = performance.now();
    progressEl.value = 0;
    setRunning(true);
    curveEl.dataset.state = 'running';
    curveStatus.textContent = 'Running the evaluation for each β…';
    ensureWorker().postMessage({ type: 'curve', viewers: 300 });
  }

  form.addEventListener('submit', start);
  curveButton.addEventListener('click', startCurve);
  cancelButton.addEventListener('click', () => {
    if (!worker) return;
    const pct = Math.round(progressEl.value * 100);
    finish('cancelled', `Cancelled after ${fmt((performance.now() - started) / 1000, 1)} s (${pct}% done). Nothing was kept.`);
    progressEl.value = 0;
  });
}
