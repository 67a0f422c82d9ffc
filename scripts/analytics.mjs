#!/usr/bin/env node
// The creator analytics on the real KuaiRand sample, in wasm, with timings
// (docs/analytics.md shows its output). Reads the TSV with the package's own
// reader, then prints: the engagement table (by video and by day), the
// audience segments and communities, and the audience of held-out videos
// checked against who really watched them.
//
//   node scripts/build.mjs && node scripts/analytics.mjs [file.tsv] [--videos 20] [--seed 1]
//
// Held-out protocol: for a video, keep its first 30% of viewers (by time of
// first view) in the log and remove every event of the other 70% on it; train
// itemknn on that log; ask model.audienceFor(video) and
// model.lookalike(first viewers); count how many of the people it puts first
// are among the 70% who really came.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli, wholeNumber } from './cli.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_FILE = join(root, '..', 'shared', 'data', 'kuairand-27k-likehate-kcore15', 'processed_standard_kcore_15.tsv');
const USAGE = `usage: node scripts/analytics.mjs [FILE.tsv] [--videos N] [--seed N]

  FILE.tsv      a KuaiRand TSV (default ${relative(process.cwd(), DEFAULT_FILE) || DEFAULT_FILE})
  --videos N    how many of the most watched videos are held out and their audience predicted (default 20)
  --seed N      seed of the segments and of the audience predictions (default 1)
  --help        this text

Needs dist/ built (node scripts/build.mjs). Prints markdown tables on stdout.`;
const { values, positionals } = parseCli({
  name: 'analytics', usage: USAGE, allowPositionals: true, maxPositionals: 1,
  options: { videos: { type: 'string', default: '20' }, seed: { type: 'string', default: '1' } },
});
const file = positionals[0] ?? DEFAULT_FILE;
const nVideos = wholeNumber('analytics', USAGE, values.videos, 'videos', { min: 1 });
const seed = wholeNumber('analytics', USAGE, values.seed, 'seed');
const { load, EVENT_TYPES } = await import('../dist/index.js');
const TOP = 50;

const rr = await load({ tools: true });
const timings = [];
function timed(label, fn, repeat = 1) {
  let result;
  const t = [];
  for (let i = 0; i < repeat; i++) {
    const a = performance.now();
    result = fn();
    t.push(performance.now() - a);
  }
  t.sort((x, y) => x - y);
  timings.push({ label, ms: t[Math.floor(t.length / 2)], repeat });
  return result;
}

const f2 = (x) => (x === null || x === undefined ? '–' : x.toFixed(2));
const f3 = (x) => (x === null || x === undefined ? '–' : x.toFixed(3));
const pct = (x) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);
function table(headers, rows) {
  console.log(`| ${headers.join(' | ')} |`);
  console.log(`|${headers.map((h, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log();
}
const engagementHeaders = ['group', 'people', 'views', 'unique viewers', 'mean watch ratio', 'median', 'like', 'dislike',
  'comment', 'share', 'follow', 'skip', 'returning'];
const engagementRow = (g) => [g.other ? `other (${g.mergedGroups} groups)` : g.key, g.people, g.views, g.uniqueViewers,
  f2(g.meanWatchRatio), f2(g.watchRatio.median), pct(g.likeRate), pct(g.dislikeRate), pct(g.commentRate),
  pct(g.shareRate), pct(g.followRate), pct(g.skipRate), pct(g.returningViewerRate)];

// ---- read ------------------------------------------------------------------
const bytes = readFileSync(file);
const data = timed('readDataset (kuairand, 3.7 MB)', () => rr.readDataset(bytes, { format: 'kuairand' }));
const log = timed('Interactions from the dataset', () => data.addTo(new rr.Interactions()));
console.log(`# reelrank analytics on ${relative(root, file)}\n`);
console.log(`${data.lines} rows -> ${log.eventCount} events, ${log.userCount} people, ${log.itemCount} videos. ` +
  `Node ${process.version}, wasm.\n`);

// ---- engagement ------------------------------------------------------------
const byVideo = timed('engagement by video', () => rr.analytics.engagement(log, { by: 'video' }), 5);
console.log('## Engagement by video (top 10 by views, then the merged small groups)\n');
table(engagementHeaders, [engagementRow({ ...byVideo.overall, key: 'all videos' }),
  ...byVideo.groups.filter((g) => !g.other).slice(0, 10).map(engagementRow),
  ...byVideo.groups.filter((g) => g.other).map(engagementRow)]);
console.log(`${byVideo.groups.filter((g) => !g.other).length} videos shown on their own; privacy: ${byVideo.privacy.note}.\n`);
console.log('Watch-ratio histogram, all videos (bins of 0.1, last bin >= 1): ' +
  `${byVideo.overall.watchRatio.histogram.join(' ')}\n`);
const byDay = timed('engagement by day', () => rr.analytics.engagement(log, { by: 'day' }), 5);
console.log('## Engagement by day (UTC)\n');
table(engagementHeaders, byDay.groups.map(engagementRow));

// ---- segments --------------------------------------------------------------
const seg = timed('segments (k by silhouette, 2..8) + communities', () => rr.analytics.segments(log, { seed }), 3);
console.log(`## Audience segments (k-means++ on ${seg.features} vectors, ${seg.dims} dims; k = ${seg.k} chosen by silhouette)\n`);
console.log(`Silhouette by k: ${seg.tried.map((t) => `${t.k}: ${f3(t.silhouette)}`).join(', ')}.\n`);
const segmentRows = (list) => list.map((s) => {
  const e = s.engagement;
  return [s.other ? 'other' : `segment ${s.id}`, s.size, (e.views / s.size).toFixed(1), f2(e.meanWatchRatio),
    f2(e.watchRatio.median), pct(e.likeRate), pct(e.dislikeRate), pct(e.commentRate), pct(e.shareRate),
    pct(e.followRate), pct(e.skipRate),
    s.videos.slice(0, 3).map((v) => `${v.video} (x${v.lift.toFixed(1)}, ${v.people})`).join(', ')];
});
const segmentHeaders = ['segment', 'people', 'views/person', 'mean watch ratio', 'median', 'like', 'dislike', 'comment',
  'share', 'follow', 'skip', 'most distinctive videos (lift, people)'];
table(segmentHeaders, segmentRows(seg.segments));
console.log(`Privacy: ${seg.privacy.note}.\n`);
const seg4 = timed('segments (k = 4, no graph)', () => rr.analytics.segments(log, { seed, k: 4, graphNeighbors: 0 }), 3);
console.log('With k = 4:\n');
table(segmentHeaders, segmentRows(seg4.segments));
if (seg.communities) {
  console.log(`## Communities (Louvain on the 10-nearest-people graph): ${seg.communities.count} found, ` +
    `modularity ${f3(seg.communities.modularity)}\n`);
  table(['community', ...segmentHeaders.slice(1)], segmentRows(seg.communities.groups).map((r) => [r[0].replace('segment', 'community'), ...r.slice(1)]));
  console.log(`Privacy: ${seg.communities.privacy.note}.\n`);
}

// ---- held-out audiences ----------------------------------------------------
const cols = data._raw._columns(); // the reader's events, to hold some out (an internal accessor of rr.readDataset)
const users = cols.users.split('\0');
const items = cols.items.split('\0');
const events = users.map((user, k) => ({
  user, item: items[k], type: EVENT_TYPES[cols.types[k]], watchTime: cols.values[k], duration: cols.durations[k],
  timestamp: cols.timestamps[k],
}));
const firstView = new Map(); // video -> Map(user -> first view time)
const activity = new Map(); // user -> events (for the "most active people" baseline)
for (const e of events) {
  activity.set(e.user, (activity.get(e.user) ?? 0) + 1);
  if (e.type !== 'view') continue;
  if (!firstView.has(e.item)) firstView.set(e.item, new Map());
  const m = firstView.get(e.item);
  if (!m.has(e.user) || e.timestamp < m.get(e.user)) m.set(e.user, e.timestamp);
}
const ranked = [...firstView.entries()].sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1));

function auc(scored, positives) {
  // Mann-Whitney over all candidates, ties counted half.
  let pos = 0;
  let neg = 0;
  let above = 0;
  const sorted = [...scored].sort((a, b) => a.score - b.score);
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    let p = 0;
    let n = 0;
    while (j < sorted.length && sorted[j].score === sorted[i].score) {
      if (positives.has(sorted[j].user)) p++; else n++;
      j++;
    }
    above += p * neg + 0.5 * p * n;
    pos += p;
    neg += n;
    i = j;
  }
  return pos && neg ? above / (pos * neg) : null;
}

const results = [];
let detail = null;
for (const [video, viewers] of ranked.slice(0, nVideos)) {
  const order = [...viewers.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([u]) => u);
  const keep = Math.floor(order.length * 0.3);
  const early = order.slice(0, keep);
  const later = new Set(order.slice(keep));
  const heldLog = new rr.Interactions().addMany(events.filter((e) => !(e.item === video && later.has(e.user))));
  const first = results.length === 0;
  const model = first ? timed('train itemknn (held-out log)', () => rr.train(heldLog, { algorithm: 'itemknn' }))
    : rr.train(heldLog, { algorithm: 'itemknn' });
  const people = model.info.users;
  // Every candidate ranked (for the AUC); the first video also gets the segment view.
  const aud = model.audienceFor(video, { k: people, seed, segments: false });
  const withSegments = first
    ? timed(`model.audienceFor (k = ${TOP}, segments by silhouette)`, () => model.audienceFor(video, { k: TOP, seed, members: true }), 3)
    : null;
  if (first) timed(`model.audienceFor (k = ${TOP}, segments: false)`, () => model.audienceFor(video, { k: TOP, segments: false }), 5);
  const look = first ? timed('model.lookalike (k = 50)', () => model.lookalike(early, { k: TOP }), 5) : model.lookalike(early, { k: TOP });
  const hits = (list) => list.slice(0, TOP).filter((p) => later.has(p.user)).length;
  const reachedNow = new Set(early);
  const active = [...activity.keys()].filter((u) => !reachedNow.has(u))
    .sort((a, b) => activity.get(b) - activity.get(a) || (a < b ? -1 : 1)).map((user) => ({ user }));
  const r = {
    video, viewers: order.length, early: keep, later: later.size, candidates: aud.candidates,
    audience: hits(aud.people) / TOP, lookalike: hits(look) / TOP, active: hits(active) / TOP,
    base: later.size / aud.candidates, auc: auc(aud.people, later),
  };
  results.push(r);
  if (first) detail = { r, aud: withSegments, later };
  heldLog.dispose();
  model.dispose();
}

console.log(`## Audience of held-out videos\n`);
const d = detail.r;
console.log(`Video ${d.video}: ${d.viewers} viewers; the first ${d.early} stay in the log, the other ${d.later} are ` +
  `held out. ${detail.aud.candidates} people not yet reached are ranked.\n`);
console.log(`Segments of the model's people (k = ${detail.aud.segmentK} by silhouette), by predicted affinity, with the ` +
  'share of each that really watched the video later:\n');
table(['segment', 'people', 'already reached', 'mean affinity', 'share of top 50', 'really came later'],
  detail.aud.segments.map((s) => {
    const came = s.members.filter((u) => detail.later.has(u)).length;
    const open = s.members.length - s.reached;
    return [s.other ? 'other' : `segment ${s.id}`, s.size, s.reached, f3(s.meanAffinity), pct(s.topShare),
      `${came} of ${open} (${pct(open ? came / open : null)})`];
  }));
console.log(`Top 10 people to reach: ${detail.aud.people.slice(0, 10).map((p) => `${p.user}${detail.later.has(p.user) ? '*' : ''}`).join(', ')} ` +
  '(* = really watched it later).\n');
console.log(`Over the ${results.length} most-watched videos (precision among the first ${TOP} people; base = share of ` +
  'candidates who really came):\n');
const mean = (k) => results.reduce((s, r) => s + r[k], 0) / results.length;
table(['video', 'viewers', 'held out', 'base', 'audienceFor', 'lookalike(first viewers)', 'most active people', 'audienceFor AUC'],
  [...results.map((r) => [r.video, r.viewers, r.later, pct(r.base), pct(r.audience), pct(r.lookalike), pct(r.active), f3(r.auc)]),
    ['**mean**', '', '', pct(mean('base')), `**${pct(mean('audience'))}**`, `**${pct(mean('lookalike'))}**`,
      pct(mean('active')), `**${f3(mean('auc'))}**`]]);

console.log('## Timings (wasm, median of the repeats)\n');
table(['step', 'ms', 'repeats'], timings.map((t) => [t.label, t.ms.toFixed(1), t.repeat]));
log.dispose();
data.dispose();
