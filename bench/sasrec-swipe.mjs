// One swipe on a SASRec model through the JS API, split into its parts:
// record() alone, recommend() alone (k 10, after the swipe's record), and
// the two together, in the set-up of bench/sasrec-swipe-world.mjs: a
// profile that keeps its newest --profile-events events (limits.maxEvents;
// 0: the default limit, so the profile grows with every swipe), after
// --history distinct videos seen before them.
//   node bench/sasrec-swipe.mjs [--items 10000] [--max-len 200] [--profile-events 200] [--history 0] [--repeats 200]
import { parseArgs } from 'node:util';
import { load } from '../dist/index.js';
import { swipeWorld } from './sasrec-swipe-world.mjs';
import { median } from './timing.mjs';

const { values } = parseArgs({ options: {
  items: { type: 'string', default: '10000' }, 'max-len': { type: 'string', default: '200' },
  'profile-events': { type: 'string', default: '200' }, history: { type: 'string', default: '0' },
  repeats: { type: 'string', default: '200' } } });
const n = Number(values.items), maxLen = Number(values['max-len']), repeats = Number(values.repeats);
const kept = Number(values['profile-events']), history = Number(values.history);
const rr = await load();
rr.scope(() => {
  const world = swipeWorld(rr, { items: n, maxLen, keptEvents: kept, history });
  const rec = [], recommend = [], both = [];
  for (let i = 0; i < 50 + repeats; i++) {
    const a = performance.now();
    world.record();
    const b = performance.now();
    world.recommend();
    const c = performance.now();
    if (i >= 50) { rec.push(b - a); recommend.push(c - b); both.push(c - a); }
  }
  const f = (x) => `${median(x).toFixed(3)} ms`;
  const profile = (kept > 0 ? `a profile of its newest ${kept} events` : `a profile growing to ${world.profile.eventCount} events`) +
    (history > 0 ? ` after ${history.toLocaleString('en')} earlier videos` : '');
  console.log(`sasrec swipe, ${n.toLocaleString('en')} videos, d 64, 2 blocks, maxLen ${maxLen}, ${profile}, k 10, median of ${repeats}:`);
  console.log(`  record ${f(rec)}   recommend ${f(recommend)}   record + recommend ${f(both)}`);
});
