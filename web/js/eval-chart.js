// NDCG@10 and Recall@10 per algorithm, as grouped columns (charts.js, Observable Plot).
import { COLORS, columnChart } from './charts.js';
import { fixed } from './dom.js';

const SERIES = [
  { key: 'ndcg', label: 'NDCG@10', color: COLORS.ndcg },
  { key: 'recall', label: 'Recall@10', color: COLORS.recall },
];

export function renderChart(container, results) {
  const rows = results.filter((r) => !r.skipped);
  if (rows.length === 0) {
    container.replaceChildren();
    return;
  }
  const max = Math.max(0.1, Math.ceil(Math.max(...rows.flatMap((r) => SERIES.map((s) => r[s.key]))) * 10) / 10);
  container.replaceChildren(columnChart({
    container, height: 260, className: 'eval', format: (v) => fixed(v, 3), yFormat: (v) => fixed(v, 2), yDomain: [0, max],
    columns: rows.map((r) => ({ key: r.algorithm, label: r.algorithm, values: { ndcg: r.ndcg, recall: r.recall } })),
    series: SERIES,
    summary: `Bar chart: ${rows.map((r) => `${r.algorithm} NDCG@10 ${fixed(r.ndcg)}, Recall@10 ${fixed(r.recall)}`).join('; ')}`,
  }));
}
