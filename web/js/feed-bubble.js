// The feed's "your bubble" panel: the tag mix of Up next against the tag mix of
// the person's history, as calibration reads them (model.tagMix, computed by
// the core, so the page holds no copy of the formula), the miscalibration
// (KL divergence) between them, and a sentence saying what the last knob or
// swipe changed in the feed's mix.
import { COLORS, pairedBars } from './charts.js';
import { fmt, h } from './dom.js';

const SHOWN = 6; // tags drawn; the rest are summed as "other"
const pct = (x) => `${Math.round(x * 100)}%`;

/** { tags, history, list, miscalibration } as { tag: { history, feed } } plus the sums. */
export function mixRows(mix) {
  const rows = mix.tags.map((tag, i) => ({ tag, history: mix.history[i], feed: mix.list[i] }))
    .filter((r) => r.history > 0 || r.feed > 0)
    .sort((a, b) => b.history + b.feed - (a.history + a.feed) || (a.tag < b.tag ? -1 : 1));
  const sum = (key) => mix[key].reduce((s, x) => s + x, 0);
  return { rows, historySum: sum('history'), feedSum: sum('list') };
}

/**
 * What changed between two mixes, in words: the tag whose feed share moved
 * most. `cause` names the knob or the swipe ("calibration 0.5", "your like").
 */
export function describeChange(before, after, cause) {
  if (!before || !cause) return '';
  const share = (mix, tag, key) => {
    const i = mix.tags.indexOf(tag);
    return i < 0 ? 0 : mix[key][i];
  };
  let best = null;
  for (const tag of new Set([...before.tags, ...after.tags])) {
    const delta = share(after, tag, 'list') - share(before, tag, 'list');
    if (!best || Math.abs(delta) > Math.abs(best.delta)) best = { tag, delta };
  }
  const kl = (m) => (m.miscalibration === null ? 'none' : fmt(m.miscalibration, 2));
  if (!best || Math.round(Math.abs(best.delta) * 100) === 0) return `${cause}: the feed's tag mix did not change (miscalibration ${kl(after)}).`;
  return `${cause}: the feed's #${best.tag} share ${pct(share(before, best.tag, 'list'))} → ${pct(share(after, best.tag, 'list'))}, ` +
    `history ${pct(share(after, best.tag, 'history'))}; miscalibration ${kl(before)} → ${kl(after)}.`;
}

export function renderBubble(el, mix, sentence) {
  const { rows, historySum, feedSum } = mixRows(mix);
  el.dataset.historySum = String(historySum);
  el.dataset.feedSum = String(feedSum);
  el.dataset.miscalibration = mix.miscalibration === null ? '' : String(mix.miscalibration);
  el.dataset.tags = String(rows.length);
  if (historySum === 0) {
    el.replaceChildren(h('p', { class: 'empty' }, 'Nothing in your history yet: watch or like a video and its tags appear here, beside Up next\'s.'));
    return;
  }
  const shown = rows.slice(0, SHOWN).map((r) => ({ key: r.tag, label: `#${r.tag}`, values: { history: r.history, feed: r.feed } }));
  if (rows.length > SHOWN) {
    const rest = rows.slice(SHOWN);
    shown.push({ key: '(other)', label: `${rest.length} other tags`, other: true,
      values: { history: rest.reduce((s, r) => s + r.history, 0), feed: rest.reduce((s, r) => s + r.feed, 0) } });
  }
  el.replaceChildren(
    pairedBars({
      container: el, rows: shown, format: pct, label: 'Tag mix of your history and of Up next',
      series: [{ key: 'history', label: 'your history', color: COLORS.viewers }, { key: 'feed', label: 'Up next', color: COLORS.views }],
    }),
    h('p', { class: 'small' }, 'Miscalibration (how far Up next\'s mix is from your history\'s; 0 = the same): ',
      h('strong', { class: 'bubble-kl' }, mix.miscalibration === null ? '—' : fmt(mix.miscalibration, 2))),
    sentence ? h('p', { class: 'small bubble-change' }, sentence) : null);
}
