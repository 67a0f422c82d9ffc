// Section 4's popularity curve: NDCG@10 against long-tail share for a few
// values of recommend's popularityCorrection (score − β × popularity), one
// line per algorithm (Observable Plot); the worker (eval-worker.js) picks the
// values. Each point's <title> names its β.
import { dot, line, plot, text } from '@observablehq/plot';
import { COLORS, legend } from './charts.js';
import { fixed } from './dom.js';

const STROKES = [COLORS.ndcg, COLORS.recall, COLORS.views];

/** points: [{ algorithm, beta, ndcg, longTailShare }]. */
export function renderCurve(container, points) {
  const drawn = points.filter((p) => typeof p.ndcg === 'number' && typeof p.longTailShare === 'number');
  const algorithms = [...new Set(drawn.map((p) => p.algorithm))];
  const stroke = (a) => STROKES[algorithms.indexOf(a) % STROKES.length];
  const width = Math.max(260, Math.min(720, Math.round(container.clientWidth || 460)));
  const svg = plot({
    width, height: 260, marginLeft: 48, marginRight: 24, marginTop: 18, marginBottom: 36,
    style: { background: 'transparent', fontFamily: 'inherit', fontSize: '11px', color: 'var(--ink)', overflow: 'visible' },
    x: { label: 'long-tail share of the ten →', grid: true, nice: true, tickFormat: (v) => `${Math.round(v * 100)}%` },
    y: { label: '↑ NDCG@10', grid: true, nice: true, zero: true },
    marks: [
      ...algorithms.map((a) => line(drawn.filter((p) => p.algorithm === a), { x: 'longTailShare', y: 'ndcg', stroke: stroke(a), strokeWidth: 2 })),
      dot(drawn, { x: 'longTailShare', y: 'ndcg', fill: (p) => stroke(p.algorithm), r: 4,
        title: (p) => `${p.algorithm}, β ${p.beta}: NDCG@10 ${fixed(p.ndcg)}, long-tail share ${fixed(p.longTailShare)}` }),
      text(drawn, { x: 'longTailShare', y: 'ndcg', text: (p) => `β ${p.beta}`, dy: -9, fontSize: 10, fill: 'var(--muted)' }),
    ],
  });
  svg.classList.add('chart', 'eval-curve');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Line chart, NDCG@10 against long-tail share: ${drawn.map((p) =>
    `${p.algorithm} β ${p.beta} NDCG ${fixed(p.ndcg)} long tail ${fixed(p.longTailShare)}`).join('; ')}`);
  container.dataset.points = String(drawn.length);
  container.replaceChildren(...[legend(algorithms.map((a) => ({ label: a, color: stroke(a) }))), svg].filter(Boolean));
}
