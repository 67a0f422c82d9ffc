#!/usr/bin/env node
// node --expose-gc bench/new-videos.mjs [--json]: the per-recommend() cost of
// the new-video step (newVideoBudget) in wasm through the JS API, on the
// workload of bench/run.mjs (10,000 videos, 2,000 simulated viewers,
// itemknn + content, k = 20). A script of its own because bench/run.mjs
// builds and runs every benchmark at once; this one needs only dist/.
import { parseCli } from '../scripts/cli.mjs';
import { makeWorkload } from './workload.mjs';
import { timeMs } from './timing.mjs';

const USAGE = `usage: node --expose-gc bench/new-videos.mjs [--json]

  --json   one JSON object with every figure on stdout
  --help   this text

Needs dist/ built. Prints the median time of recommend() without the new-video
step and with it (Thompson, UCB; in the default window, and in a 3650-day one
where every video under 20 impressions is new and only the cap bounds the
work), for the bench's person (40 events) and for a person with one event
(where the schedule leaves the budget almost whole).`;
const { values } = parseCli({ name: 'new-videos', usage: USAGE, options: { json: { type: 'boolean' } } });
const { load } = await import('../dist/index.js');
const repeats = 1000;

const { videos, events, profileEvents } = makeWorkload();
// Fresh videos, counted the way the core counts impressions (views, skips,
// dislikes), and those of them the default window calls new (first event at
// most `window` days before the log's newest, or none).
const shown = new Map(), first = new Map();
let newest = -Infinity;
for (const e of events) {
  if (e.type === 'view' || e.type === 'skip' || e.type === 'dislike') shown.set(e.item, (shown.get(e.item) ?? 0) + 1);
  first.set(e.item, Math.min(first.get(e.item) ?? Infinity, e.timestamp));
  newest = Math.max(newest, e.timestamp);
}
const rr = await load();
const nv = rr.schema.newVideos;
const thin = videos.filter((v) => (shown.get(v.id) ?? 0) < nv.freshImpressions);
const fresh = thin.length;
const inWindow = thin.filter((v) => !first.has(v.id) || newest - first.get(v.id) <= nv.window * 86400).length;

const rows = rr.scope(() => {
  const catalog = new rr.Catalog().addMany(videos);
  const model = rr.train(new rr.Interactions().addMany(events), { algorithm: 'itemknn', catalog });
  const people = {
    [`${profileEvents.length}-event profile`]: new rr.Profile({ catalog }).recordMany(profileEvents),
    'one-event profile': new rr.Profile({ catalog }).recordMany(profileEvents.slice(0, 1)),
  };
  const out = [];
  for (const [who, me] of Object.entries(people)) {
    // The last two: a window of 3650 days makes every video under 20
    // impressions new (the rule before the window), so only the cap of
    // rr.schema.newVideos.sampledCandidates bounds the work.
    const all = nv.maxWindow;
    const variants = [
      ['recommend(me, { k: 20 })', { k: 20 }],
      ["recommend(me, { k: 20, newVideoBudget: 0.2 }) (thompson)", { k: 20, newVideoBudget: 0.2 }],
      ["recommend(me, { k: 20, newVideoBudget: 0.2, newVideoMethod: 'ucb' })", { k: 20, newVideoBudget: 0.2, newVideoMethod: 'ucb' }],
      [`recommend(me, { k: 20, newVideoBudget: 0.2, newVideoWindow: ${all} }) (thompson)`, { k: 20, newVideoBudget: 0.2, newVideoWindow: all }],
      [`recommend(me, { k: 20, newVideoBudget: 0.2, newVideoMethod: 'ucb', newVideoWindow: ${all} })`,
        { k: 20, newVideoBudget: 0.2, newVideoMethod: 'ucb', newVideoWindow: all }],
    ];
    for (const [, o] of variants) for (let i = 0; i < 300; i++) model.recommend(me, { ...o, seed: i });
    globalThis.gc?.();
    let seed = 0;
    for (const [name, o] of variants) {
      const newVideos = model.recommend(me, o).filter((r) => r.reasons[0]?.kind === 'new').length;
      out.push({ who, call: name, ms: timeMs(repeats, () => model.recommend(me, { ...o, seed: seed++ })), newVideos });
    }
  }
  return out;
});

if (values.json) {
  console.log(JSON.stringify({ videos: videos.length, fresh, inWindow, repeats, rows }));
} else {
  console.log(`${videos.length} videos, ${fresh} of them under ${nv.freshImpressions} impressions, ${inWindow} of those new in the ${nv.window}-day window; `
    + `Thompson/UCB value at most ${nv.sampledCandidates}; median of ${repeats} calls\n`);
  console.log('| person | call | wasm, JS API | new videos in the feed |\n|---|---|---:|---:|');
  for (const r of rows) console.log(`| ${r.who} | \`${r.call}\` | ${r.ms.toFixed(3)} ms | ${r.newVideos} |`);
}
