// Section 6's panels: the headline figures, the engagement table and charts,
// the audience-segment cards and the "who to reach" result. Each renders one
// rr.analytics result; none computes anything itself.
import { fixed, h, hueOf } from './dom.js';
import { COLORS, columnChart, miniHistogram, pairedBars } from './charts.js';

const DASH = '—';
export const pct = (x, digits = 1) => (x === null || x === undefined ? DASH : `${(x * 100).toFixed(digits)}%`);
const ratio = (x) => fixed(x, 2);
const count = (n) => n.toLocaleString('en');
const TOO_FEW = 'drawn from too few people: not shown';

const dayPart = (key, o) => new Date(`${key}T00:00:00Z`).toLocaleDateString('en-GB', { ...o, timeZone: 'UTC' });

/** "2023-11-15" -> ["Wed", "15"] (the days are UTC days; the month goes under the chart). */
export function dayLabel(key) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(key)) return [key];
  return [dayPart(key, { weekday: 'short' }), dayPart(key, { day: 'numeric' })];
}

const otherLabel = (row, one, many) => `Other: ${row.mergedGroups} smaller ${row.mergedGroups === 1 ? one : many}`;

function videoName(row, world) {
  if (row.other) return { label: otherLabel(row, 'video', 'videos'), sub: 'merged by the privacy guard' };
  const v = world.video(row.key);
  return { label: v ? v.title : row.key, sub: row.key };
}

/** The creator's headline figures, from the table's `overall` row. */
export function renderKpis(container, overall, minGroupSize) {
  if (!overall) {
    container.replaceChildren(h('p', { class: 'muted' },
      `This creator's audience has fewer than ${minGroupSize} people, so no figure about it can be shown.`));
    return;
  }
  const items = [
    ['views', 'Views', count(overall.views)],
    ['viewers', 'Unique viewers', count(overall.uniqueViewers)],
    ['watch', 'Mean watch ratio', ratio(overall.meanWatchRatio)],
    ['like', 'Like rate', pct(overall.likeRate)],
    ['skip', 'Skip rate', pct(overall.skipRate)],
    ['returning', 'Returning viewers', pct(overall.returningViewerRate)],
  ];
  container.replaceChildren(h('dl', { class: 'kpis' }, items.map(([key, label, value]) => h('div', { class: 'kpi', 'data-kpi': key },
    h('dt', {}, label), h('dd', {}, value)))));
}

/** The engagement table: one row per video (small ones merged), the whole channel in the footer. */
export function renderEngagementTable(table, caption, result, world, creator) {
  const head = [
    ['Video', ''], ['Views', ''], ['Unique viewers', ''], ['Mean watch ratio', 'watched time / duration, capped at 2'],
    ['Watch-ratio spread', '11 bins: 0–0.1 … 0.9–1, and a full watch or more'], ['Like', ''], ['Comment', ''], ['Share', ''],
    ['Follow', ''], ['Skip', 'skipped, or swiped away before 20%'], ['Returning', 'viewers who came back in another session'],
  ];
  const cells = (row) => {
    const wr = row.watchRatio;
    const spread = row.meanWatchRatio === null
      ? h('td', { class: 'muted', title: TOO_FEW }, DASH)
      : h('td', { class: 'spread' }, miniHistogram(wr.histogram),
        h('span', { class: 'visually-hidden' }, `quartiles ${ratio(wr.p25)}, ${ratio(wr.median)}, ${ratio(wr.p75)}`));
    return [
      h('td', {}, count(row.views)), h('td', {}, count(row.uniqueViewers)),
      h('td', { class: 'metric-watch' }, ratio(row.meanWatchRatio)), spread,
      h('td', {}, pct(row.likeRate)), h('td', {}, pct(row.commentRate)), h('td', {}, pct(row.shareRate)),
      h('td', {}, pct(row.followRate)), h('td', {}, pct(row.skipRate)), h('td', {}, pct(row.returningViewerRate)),
    ];
  };
  const rowHead = (row) => {
    const { label, sub } = videoName(row, world);
    return h('th', { scope: 'row' }, label, h('span', { class: 'row-sub' }, sub));
  };
  table.dataset.creator = creator;
  // The caption is a paragraph outside the sideways-scrolling box (a <caption>
  // would scroll away with the table on a phone); the table points at it.
  caption.textContent = `Engagement with @${creator}'s videos, most viewed first. Like, comment, share and follow rates are shares of the people shown the video (a like counts as shown, view or not); the skip rate is per impression (a view or a skip).`;
  table.setAttribute('aria-labelledby', caption.id);
  table.replaceChildren(
    h('thead', {}, h('tr', {}, head.map(([t, title]) => h('th', { scope: 'col', title: title || null }, t)))),
    h('tbody', {}, result.groups.length === 0
      ? h('tr', {}, h('td', { colspan: head.length, class: 'muted' }, 'Every video has too few people to be shown.'))
      : result.groups.map((row) => h('tr', { 'data-key': row.key, class: row.other ? 'other' : null }, rowHead(row), cells(row)))),
    ...(result.overall ? [h('tfoot', {}, h('tr', { 'data-key': 'overall' },
      h('th', { scope: 'row' }, 'All videos', h('span', { class: 'row-sub' }, `${count(result.overall.people)} people`)),
      cells(result.overall)))] : []));
}

/** Views and unique viewers per video, as paired bars. */
export function renderVideoChart(container, result, world) {
  if (result.groups.length === 0) {
    container.replaceChildren(h('p', { class: 'muted' }, 'Nothing to chart.'));
    return;
  }
  container.replaceChildren(pairedBars({
    container, id: 'dash-video-bars',
    label: 'Views and unique viewers per video',
    series: [{ key: 'views', label: 'views', color: COLORS.views }, { key: 'viewers', label: 'unique viewers', color: COLORS.viewers }],
    rows: result.groups.map((row) => {
      const { label } = videoName(row, world);
      return { key: row.key, label, other: row.other, values: { views: row.views, viewers: row.uniqueViewers } };
    }),
  }));
}

/** The distribution of watch ratios over all the creator's views. */
export function renderHistogram(container, overall, edges) {
  const hist = overall?.meanWatchRatio === null || !overall ? null : overall.watchRatio.histogram;
  if (!hist) {
    container.replaceChildren(h('p', { class: 'muted' }, 'Too few people to show the distribution.'));
    return;
  }
  const label = (i) => (i === edges.length - 1 ? '≥1' : String(edges[i]).replace(/^0\./, '.'));
  const total = hist.reduce((a, b) => a + b, 0) || 1;
  const columns = hist.map((c, i) => ({
    key: String(edges[i]), label: label(i), values: { n: c }, color: i === edges.length - 1 ? COLORS.views : COLORS.viewers,
    title: i === edges.length - 1 ? `${c} views watched to the end or more` : `${c} views with watch ratio ${edges[i]}–${edges[i + 1]}`,
  }));
  const q = overall.watchRatio;
  container.replaceChildren(
    columnChart({
      container, height: 180, className: 'hist', columns, series: [{ key: 'n', label: 'views', color: COLORS.viewers }],
      summary: `Watch-ratio histogram of ${count(total)} measured views: ${columns.map((c) => `${c.label}: ${c.values.n}`).join(', ')}`,
    }),
    h('p', { class: 'small muted chart-note' }, `Watch ratio (watched time / duration). Median ${ratio(q.median)}, ` +
      `quartiles ${ratio(q.p25)} and ${ratio(q.p75)}; ${pct(hist.at(-1) / total, 0)} of views reached the end (red).`));
}

/** Views and unique viewers per (UTC) day; merged small days last. */
export function renderDayChart(container, result) {
  if (result.groups.length === 0) {
    container.replaceChildren(h('p', { class: 'muted' }, 'Every day has too few people to be shown.'));
    return;
  }
  const columns = result.groups.map((row) => ({
    key: row.key, other: row.other,
    label: row.other ? ['other', `(${row.mergedGroups} ${row.mergedGroups === 1 ? 'day' : 'days'})`] : dayLabel(row.key),
    values: { views: row.views, viewers: row.uniqueViewers },
    title: `${row.views} views by ${row.uniqueViewers} viewers; like rate ${pct(row.likeRate)}; returning ${pct(row.returningViewerRate)}`,
  }));
  const months = [...new Set(result.groups.filter((r) => !r.other).map((r) => dayPart(r.key, { month: 'long', year: 'numeric' })))];
  container.replaceChildren(columnChart({
    container, className: 'days', columns,
    series: [{ key: 'views', label: 'views', color: COLORS.views }, { key: 'viewers', label: 'unique viewers', color: COLORS.viewers }],
    summary: `Views and unique viewers per day of ${months.join(' and ')}: ` +
      `${columns.map((c) => `${c.label.join(' ')}: ${c.values.views} views, ${c.values.viewers} viewers`).join('; ')}`,
  }), h('p', { class: 'small muted chart-note' }, `Days of ${months.join(' and ')}.`));
}

const tagChip = (t) => h('span', { class: 'chip', style: `--hue: ${hueOf(t.tag)}`, title: `${pct(t.share, 0)} of the group's engagement, ×${fixed(t.lift, 1)} everyone's` },
  `#${t.tag}`, h('span', { class: 'lift' }, ` ×${fixed(t.lift, 1)}`));

function segmentName(s) {
  return s.other ? `Other: ${s.mergedGroups} small ${s.mergedGroups === 1 ? 'segment' : 'segments'}` : `Segment ${s.id + 1}`;
}

/** The audience segments of the creator's viewers: one card each, with a bar for its share of the audience. */
export function renderSegments(list, result, creator) {
  const others = (s) => s.creators.filter((c) => c.creator !== creator);
  list.replaceChildren(...result.segments.map((s) => {
    const e = s.engagement;
    const share = s.size / Math.max(1, result.people);
    return h('li', { class: `segment-card${s.other ? ' other' : ''}`, 'data-size': String(s.size), 'data-id': s.id === null ? 'other' : String(s.id) },
      h('h4', {}, h('span', {}, segmentName(s)), h('span', { class: 'seg-size' }, `${count(s.size)} people`)),
      h('div', { class: 'seg-bar', role: 'img', 'aria-label': `${pct(share, 0)} of the audience` },
        h('span', { style: { width: `${Math.max(1, share * 100)}%` } })),
      h('p', { class: 'small muted seg-share' }, `${pct(share, 0)} of the ${count(result.people)} people in this audience`),
      s.tags.length
        ? h('p', { class: 'seg-tags' }, h('span', { class: 'seg-key' }, 'Watch more than others: '), s.tags.slice(0, 4).map(tagChip))
        : h('p', { class: 'small muted' }, 'No tag is shared by enough members to describe them.'),
      others(s).length
        ? h('p', { class: 'small seg-creators' }, h('span', { class: 'seg-key' }, 'Also watch: '), others(s).slice(0, 3).map((c) => `@${c.creator}`).join(', '))
        : null,
      e ? h('dl', { class: 'seg-eng' },
        [['watch ratio', ratio(e.meanWatchRatio)], ['likes', pct(e.likeRate, 0)], ['shares', pct(e.shareRate, 0)], ['skips', pct(e.skipRate, 0)]]
          .map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v)))) : null);
  }));
  if (result.segments.length === 0) list.replaceChildren(h('li', { class: 'empty' }, 'Every segment is smaller than the minimum group size, so none can be shown.'));
}

/**
 * Who to reach with a new video: how many people have some affinity, and the
 * model's segments ranked by mean predicted affinity. Counts only, never names.
 */
export function renderReach(container, { audience, positive, total, listSize }) {
  const segs = audience.segments ?? [];
  const best = Math.max(1e-9, ...segs.map((s) => s.meanAffinity ?? 0));
  // "Reach first": the segments at least half as keen as the keenest one.
  const first = (s) => s.meanAffinity !== null && s.meanAffinity >= 0.5 * best;
  const affinity = (x) => (x === null ? DASH : fixed(Math.abs(x) < 5e-4 ? 0 : x, 3));
  const rows = segs.map((s) => {
    const onList = Math.round(s.topShare * listSize);
    // These are segments of everyone the model knows (not of the creator's
    // audience above), so they are named by what they watch.
    const tags = s.tags.slice(0, 3).map((t) => `#${t.tag}`).join(' ');
    const name = s.other ? segmentName(s) : tags ? `People into ${tags}` : `Group ${s.id + 1}`;
    return h('li', { class: `reach-row${first(s) ? ' top' : ''}${s.other ? ' other' : ''}`, 'data-size': String(s.size) },
      h('span', { class: 'reach-name' }, name, first(s) ? h('span', { class: 'reach-first' }, 'reach first') : null),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' },
        h('span', { class: 'bar-fill', style: { width: `${Math.max(1, (100 * Math.max(0, s.meanAffinity ?? 0)) / best)}%` } })),
      h('span', { class: 'reach-meta small' }, `${count(s.size)} people · ${onList} on the reach list · affinity ${affinity(s.meanAffinity)}`));
  });
  container.replaceChildren(
    h('p', { class: 'reach-count' }, h('strong', { class: 'big-count', id: 'dash-reach-count' }, count(positive)),
      ` of the ${count(total)} simulated viewers have some predicted affinity for this video; the ${listSize} most likely form the reach list.`),
    h('p', { class: 'small muted' }, audience.basis === 'content'
      ? 'Cold start: no one has seen the video yet, so the prediction uses only its tags and its creator.'
      : 'The model already knows this video.'),
    segs.length
      ? h('ol', { class: 'reach-list', 'aria-label': 'Segments of all viewers, by mean predicted affinity' }, rows)
      : h('p', { class: 'muted' }, 'Every segment is smaller than the minimum group size, so none can be shown.'),
    h('p', { class: 'small muted' }, 'People are counted here, never named.'));
}
