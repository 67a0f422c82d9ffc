// The demo's charts, drawn by Observable Plot (SVG, so the text stays legible
// and each bar carries its number as a <title>): grouped columns (the
// evaluation, the watch-ratio histogram, engagement by day), horizontal paired
// bars (views and viewers per video) and the tiny watch-ratio histogram of a
// table row. Each chart is drawn at its container's width, so it fits a phone.
// The legends are HTML, above the chart.
import { barX, barY, plot, ruleX, ruleY, text } from '@observablehq/plot';
import { h } from './dom.js';

export const COLORS = { views: '#d33c5a', viewers: '#3b6fd6', other: '#9a968c', ndcg: '#3b6fd6', recall: '#e0803a' };
const STYLE = { background: 'transparent', fontFamily: 'inherit', fontSize: '11px', color: 'var(--ink)', overflow: 'visible' };
const count = (v) => v.toLocaleString('en');
const lines = (label) => [label].flat().join('\n');

/** The width to draw at: the container's, within limits (a hidden container gives 0). */
function widthOf(container, fallback = 460) {
  const w = Math.round(container?.clientWidth || 0);
  return Math.max(260, Math.min(960, w || fallback));
}

/** The chart's text alternative and the class the page styles. */
function finish(svg, summary, className) {
  svg.classList.add('chart', ...className.split(/\s+/).filter(Boolean));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', summary);
  return svg;
}

export function legend(series) {
  if (series.length < 2) return null;
  return h('p', { class: 'chart-legend', 'aria-hidden': 'true' }, series.map((s) => h('span', { class: 'legend-item' },
    h('span', { class: 'legend-swatch', style: { background: s.color } }), s.label)));
}

/**
 * Vertical columns: [{ key, label, values: { key: n }, other, color }], one
 * group of bars per column (one bar per series); a label may be an array of
 * lines. `summary` is the text alternative of the whole chart. Each bar's
 * <title> is "label: value series".
 */
export function columnChart({ container, columns, series, summary, format = count, height = 220, yFormat, yDomain, className = '' }) {
  const data = columns.flatMap((c) => series.map((s) => {
    const value = c.values[s.key] ?? 0;
    return {
      key: c.key, series: s.key, value, fill: c.other ? COLORS.other : c.color ?? s.color,
      title: `${lines(c.label).replace(/\n/g, ' ')}: ${format(value)} ${s.label}${c.title ? `\n${c.title}` : ''}`,
    };
  }));
  const labelOf = new Map(columns.map((c) => [c.key, lines(c.label)]));
  const grouped = series.length > 1;
  const position = grouped ? { fx: 'key', x: 'series' } : { x: 'key' };
  const keys = columns.map((c) => c.key);
  const twoLines = columns.some((c) => Array.isArray(c.label) && c.label.length > 1);
  const svg = plot({
    width: widthOf(container), height, style: STYLE, marginTop: 18, marginLeft: 44, marginBottom: twoLines ? 34 : 22,
    ...(grouped
      ? { fx: { domain: keys, tickFormat: (k) => labelOf.get(k), label: null, padding: 0.12, axis: 'bottom', tickSize: 0 },
        x: { domain: series.map((s) => s.key), axis: null, padding: 0.08 } }
      : { x: { domain: keys, tickFormat: (k) => labelOf.get(k), label: null, padding: 0.12, tickSize: 0 } }),
    y: { grid: true, label: null, nice: true, ticks: 4, ...(yDomain ? { domain: yDomain } : {}), ...(yFormat ? { tickFormat: yFormat } : {}) },
    marks: [
      barY(data, { ...position, y: 'value', fill: 'fill', title: 'title', rx: 2 }),
      text(data, { ...position, y: 'value', text: (d) => format(d.value), dy: -6, fontSize: 10, fill: 'var(--muted)', fontFamily: 'var(--mono)' }),
      ruleY([0], { stroke: 'var(--line)' }),
    ],
  });
  return h('div', { class: 'colchart' }, legend(series), finish(svg, summary, className));
}

/**
 * Horizontal paired bars, one row per entry: [{ key, label, values: { key: n }, other }].
 * series: [{ key, label, color }]. Each bar's <title> is "label: value series";
 * `format` writes the values (counts by default).
 */
export function pairedBars({ container, rows, series, label, id, format = count }) {
  const width = widthOf(container);
  const marginLeft = Math.min(170, Math.round(width * 0.36));
  const maxChars = Math.max(8, Math.floor((marginLeft - 8) / 6.8)); // 11px labels, about 6.5px a character
  const short = (s) => (s.length > maxChars ? `${s.slice(0, maxChars - 1)}…` : s);
  const labelOf = new Map(rows.map((r) => [r.key, short(r.label)]));
  const data = rows.flatMap((r) => series.map((s) => {
    const value = r.values[s.key] ?? 0;
    return { key: r.key, series: s.key, value, fill: r.other ? COLORS.other : s.color, title: `${r.label}: ${format(value)} ${s.label}` };
  }));
  const svg = plot({
    width, height: 24 + rows.length * 26, style: STYLE, marginLeft, marginRight: 44, marginTop: 4, marginBottom: 20,
    fy: { domain: rows.map((r) => r.key), tickFormat: (k) => labelOf.get(k), label: null, padding: 0.18, axis: 'left', tickSize: 0 },
    y: { domain: series.map((s) => s.key), axis: null, padding: 0.05 },
    x: { grid: true, label: null, nice: true, ticks: Math.max(2, Math.floor(width / 110)) },
    marks: [
      barX(data, { fy: 'key', y: 'series', x: 'value', fill: 'fill', title: 'title', rx: 2 }),
      text(data, { fy: 'key', y: 'series', x: 'value', text: (d) => format(d.value), dx: 4, textAnchor: 'start', fontSize: 10,
        fill: 'var(--muted)', fontFamily: 'var(--mono)' }),
      ruleX([0], { stroke: 'var(--line)' }),
    ],
  });
  if (id) svg.id = id;
  const summary = `${label}: ${rows.map((r) => `${r.label}: ${series.map((s) => `${format(r.values[s.key] ?? 0)} ${s.label}`).join(', ')}`).join('; ')}`;
  return h('div', { class: 'pbars' }, legend(series), finish(svg, summary, ''));
}

/**
 * An 11-bin watch-ratio histogram small enough for a table cell (decorative:
 * the cell also carries the quartiles as text). The last bin, a full watch or
 * more, is drawn in the accent colour; a non-empty bin is never invisibly low.
 */
export function miniHistogram(counts) {
  const max = Math.max(1, ...counts);
  const bins = counts.map((c, i) => ({ i, c, y: c === 0 ? 0 : Math.max(c, max * 0.08), last: i === counts.length - 1 }));
  const svg = plot({
    width: 66, height: 20, margin: 0, marginBottom: 1, style: { background: 'transparent', overflow: 'visible' },
    x: { axis: null, domain: bins.map((b) => b.i), padding: 0.12 },
    y: { axis: null, domain: [0, max] },
    marks: [
      ruleY([0], { stroke: 'var(--line)' }),
      barY(bins, { x: 'i', y: 'y', fill: (b) => (b.last ? COLORS.views : COLORS.viewers) }),
    ],
  });
  svg.classList.add('mini-hist');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  return svg;
}
