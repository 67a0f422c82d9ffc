// A grouped bar chart (SVG, no library): NDCG@10 and Recall@10 per algorithm.
import { fixed } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const SERIES = [
  { key: 'ndcg', label: 'NDCG@10', color: '#3b6fd6' },
  { key: 'recall', label: 'Recall@10', color: '#e0803a' },
];

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export function renderChart(container, results) {
  const rows = results.filter((r) => !r.skipped);
  if (rows.length === 0) {
    container.replaceChildren();
    return;
  }
  const W = 460;
  const H = 250;
  const pad = { left: 40, right: 8, top: 34, bottom: 30 };
  const max = Math.max(0.1, Math.ceil(Math.max(...rows.flatMap((r) => SERIES.map((s) => r[s.key]))) * 10) / 10);
  const plotW = W - pad.left - pad.right;
  const plotH = H - pad.top - pad.bottom;
  const y = (v) => pad.top + plotH - (v / max) * plotH;
  const group = plotW / rows.length;
  const barW = Math.min(48, (group * 0.7) / SERIES.length);

  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart',
    'aria-label': `Bar chart: ${rows.map((r) => `${r.algorithm} NDCG@10 ${fixed(r.ndcg)}, Recall@10 ${fixed(r.recall)}`).join('; ')}` });
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    root.append(svg('line', { x1: pad.left, x2: W - pad.right, y1: y(v), y2: y(v), class: 'gridline' }),
      svg('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, fixed(v, 2)));
  }
  rows.forEach((r, g) => {
    const x0 = pad.left + g * group + (group - barW * SERIES.length) / 2;
    SERIES.forEach((s, j) => {
      const v = r[s.key];
      const x = x0 + j * barW;
      root.append(svg('rect', { x: x + 2, y: y(v), width: barW - 4, height: Math.max(0, y(0) - y(v)), fill: s.color, rx: 3 }),
        svg('text', { x: x + barW / 2, y: y(v) - 4, 'text-anchor': 'middle', class: 'bar-value-label' }, fixed(v, 3)));
    });
    root.append(svg('text', { x: pad.left + g * group + group / 2, y: H - pad.bottom + 18, 'text-anchor': 'middle', class: 'category' }, r.algorithm));
  });
  SERIES.forEach((s, j) => {
    const x = pad.left + j * 110;
    root.append(svg('rect', { x, y: 8, width: 12, height: 12, fill: s.color, rx: 2 }),
      svg('text', { x: x + 18, y: 18, class: 'legend' }, s.label));
  });
  container.replaceChildren(root);
}
