// Section 6's charts, in plain HTML and CSS (no library, no canvas), so they
// reflow on a phone and keep their text legible: horizontal paired bars, a
// column chart, and the tiny watch-ratio histogram of a table row.
import { h } from './dom.js';

export const COLORS = { views: '#d33c5a', viewers: '#3b6fd6', other: '#9a968c' };

/**
 * Horizontal paired bars, one row per entry: [{ label, sub, values: { key: n }, other }].
 * series: [{ key, label, color }]. The rows are a list, so a screen reader
 * reads each row's label and numbers.
 */
export function pairedBars({ rows, series, label, id }) {
  const max = Math.max(1, ...rows.flatMap((r) => series.map((s) => r.values[s.key] ?? 0)));
  return h('div', { class: 'pbars' },
    legend(series),
    h('ol', { class: 'pbar-list', 'aria-label': label, id },
      rows.map((r) => h('li', { class: `pbar-row${r.other ? ' other' : ''}`, 'data-key': r.key },
        h('span', { class: 'pbar-label', title: r.title ?? r.label }, r.label, r.sub ? h('span', { class: 'pbar-sub' }, r.sub) : null),
        h('span', { class: 'pbar-track', 'aria-hidden': 'true' },
          series.map((s) => h('span', {
            class: `pbar pbar-${s.key}`,
            style: { width: `${Math.max(0.5, (100 * (r.values[s.key] ?? 0)) / max)}%`, background: r.other ? COLORS.other : s.color },
          }))),
        h('span', { class: 'pbar-value' }, series.map((s) => h('span', { class: `pbar-num pbar-num-${s.key}` },
          h('span', { class: 'visually-hidden' }, `${s.label} `), (r.values[s.key] ?? 0).toLocaleString('en'))))))));
}

/**
 * Vertical columns: [{ key, label, values: { key: n }, other, color }], one
 * group of bars per column; a label may be an array of lines. `summary` is the
 * text alternative of the whole chart.
 */
export function columnChart({ columns, series, summary, format = (v) => v.toLocaleString('en'), className = '' }) {
  const max = Math.max(1, ...columns.flatMap((c) => series.map((s) => c.values[s.key] ?? 0)));
  return h('div', { class: `colchart ${className}` },
    series.length > 1 ? legend(series) : null,
    h('div', { class: 'colchart-plot', role: 'img', 'aria-label': summary, style: `--cols: ${columns.length}` },
      columns.map((c) => h('div', { class: `colchart-col${c.other ? ' other' : ''}`, 'data-key': c.key, title: c.title ?? '' },
        h('div', { class: 'colchart-bars' }, series.map((s) => {
          const v = c.values[s.key] ?? 0;
          return h('div', { class: 'colchart-bar-wrap' },
            h('span', { class: 'colchart-value' }, format(v)),
            h('span', { class: 'colchart-bar', style: { height: `${(100 * v) / max}%`, background: c.other ? COLORS.other : c.color ?? s.color } }));
        })),
        h('span', { class: 'colchart-label' }, [c.label].flat().map((line) => h('span', {}, line)))))));
}

function legend(series) {
  if (series.length < 2) return null;
  return h('p', { class: 'chart-legend', 'aria-hidden': 'true' }, series.map((s) => h('span', { class: 'legend-item' },
    h('span', { class: 'legend-swatch', style: { background: s.color } }), s.label)));
}

const NS = 'http://www.w3.org/2000/svg';
function svg(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/**
 * An 11-bin watch-ratio histogram small enough for a table cell (decorative:
 * the cell also carries the quartiles as text). The last bin, a full watch or
 * more, is drawn in the accent colour.
 */
export function miniHistogram(counts) {
  const W = 66;
  const H = 20;
  const bw = W / counts.length;
  const max = Math.max(1, ...counts);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'mini-hist', 'aria-hidden': 'true', focusable: 'false' });
  root.append(svg('line', { x1: 0, x2: W, y1: H - 0.5, y2: H - 0.5, class: 'mini-hist-base' }));
  counts.forEach((c, i) => {
    const bh = c === 0 ? 0 : Math.max(1.5, ((H - 1) * c) / max);
    root.append(svg('rect', { x: i * bw + 0.5, y: H - 1 - bh, width: bw - 1, height: bh, class: i === counts.length - 1 ? 'full' : '' }));
  });
  return root;
}
