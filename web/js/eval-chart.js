// The evaluation's two headline metrics per algorithm, as grouped columns
// (charts.js, Observable Plot): NDCG@10 and Recall@10 for the top-N protocol,
// NDCG@10 and HR@10 for the next-video one. Each bar's <title> is
// "algorithm: value metric".
import { COLORS, columnChart } from './charts.js';
import { fixed } from './dom.js';

export const SERIES = {
  topn: [
    { key: 'ndcg', label: 'NDCG@10', color: COLORS.ndcg },
    { key: 'recall', label: 'Recall@10', color: COLORS.recall },
  ],
  next: [
    { key: 'ndcg', label: 'NDCG@10', color: COLORS.ndcg },
    { key: 'hitrate', label: 'HR@10', color: COLORS.recall },
  ],
};

export function renderChart(container, results, series = SERIES.topn) {
  const rows = results.filter((r) => !r.skipped);
  if (rows.length === 0) {
    container.replaceChildren();
    return;
  }
  const max = Math.max(0.1, Math.ceil(Math.max(...rows.flatMap((r) => series.map((s) => r[s.key]))) * 10) / 10);
  const valuesOf = (r) => Object.fromEntries(series.map((s) => [s.key, r[s.key]]));
  container.replaceChildren(columnChart({
    container, height: 260, className: 'eval', format: (v) => fixed(v, 3), yFormat: (v) => fixed(v, 2), yDomain: [0, max],
    columns: rows.map((r) => ({ key: r.algorithm, label: r.algorithm, values: valuesOf(r) })),
    series,
    summary: `Bar chart: ${rows.map((r) => `${r.algorithm} ${series.map((s) => `${s.label} ${fixed(r[s.key])}`).join(', ')}`).join('; ')}`,
  }));
}
