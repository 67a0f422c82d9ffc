// Unit tests (plain node, no browser) of the demo's own logic that the browser
// run may not reach: the JS holdout evaluation the worker falls back on when
// the library has no rr.evaluate, the CSV reader behind it, the sample
// world's KuaiRand-style export for rr.readDataset, and the dashboard's plain
// words for a privacy report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankingMetrics, temporalSplit, evaluateHoldout } from '../../web/js/holdout.js';
import { parseInteractionsCsv } from '../../web/js/csv.js';
import { sampleEventsToTsv } from '../../web/js/sample-tsv.js';
import { privacyWords } from '../../web/js/dashboard-privacy.js';
import { load, sampleVideos, simulateViewers } from '../../dist/index.js';

const close = (a, b) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

test('rankingMetrics: NDCG@k and Recall@k by the textbook definitions', () => {
  // Hits at ranks 1 and 3 of 3 relevant items; k = 5.
  const m = rankingMetrics(['a', 'x', 'b', 'y', 'z'], new Set(['a', 'b', 'c']), 5);
  close(m.recall, 2 / 3);
  close(m.precision, 2 / 5);
  close(m.ndcg, (1 + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3) + 1 / Math.log2(4)));
  assert.equal(m.hit, 1);
  // More relevant items than k: IDCG uses only k of them.
  const n = rankingMetrics(['a', 'b'], new Set(['a', 'b', 'c', 'd']), 2);
  close(n.ndcg, 1);
  close(n.recall, 0.5);
  // A short list and no hits.
  const z = rankingMetrics(['x'], new Set(['a']), 10);
  assert.deepEqual([z.ndcg, z.recall, z.hit], [0, 0, 0]);
});

test('temporalSplit: each person\'s last 20% by time, positives only, minus training items', () => {
  const ev = (user, item, t, type = 'like') => ({ user, item, type, timestamp: t });
  const events = [
    // u1: 10 events given out of time order; the last two by time are i9 (a skip) and i8.
    ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => ev('u1', `i${i}`, 100 + i)),
    ev('u1', 'i9', 200, 'skip'), ev('u1', 'i8', 150),
    // u2: 4 events: too few to hold any out.
    ...[0, 1, 2, 3].map((i) => ev('u2', `i${i}`, i)),
    // u3: 5 events; the held-out one was already seen in training, so u3 has nothing to find.
    ...[0, 1, 2, 3].map((i) => ev('u3', `j${i}`, i)), ev('u3', 'j0', 9),
  ];
  const { train, test } = temporalSplit(events);
  assert.deepEqual([...test.keys()], ['u1']);
  assert.deepEqual([...test.get('u1')], ['i8']);
  assert.equal(train.length, 8 + 4 + 4);
  assert.ok(!train.some((e) => e.user === 'u1' && (e.item === 'i8' || e.item === 'i9')));
});

test('parseInteractionsCsv: separators, header, optional timestamp, and errors that name the line', () => {
  const a = parseInteractionsCsv('user,item,rating,timestamp\n1,10,4,100\n1,11,3.5,90\n\n2,10,5,80\n');
  assert.equal(a.events.length, 3);
  assert.deepEqual(a.events[1], { user: '1', item: '11', type: 'rating', value: 3.5, timestamp: 90 });
  assert.deepEqual([a.users, a.items, a.hasTimestamps], [2, 2, true]);
  const b = parseInteractionsCsv('1\t10\t4\n2\t11\t1');
  assert.deepEqual(b.events.map((e) => [e.user, e.item, e.value, e.timestamp]), [['1', '10', 4, 0], ['2', '11', 1, 0]]);
  assert.equal(parseInteractionsCsv('1::10::4::978300760').events[0].timestamp, 978300760);
  assert.throws(() => parseInteractionsCsv('u,i,v\na,x,4\nb,y,lots'), /line 3 .*"lots" is not a number/);
  assert.throws(() => parseInteractionsCsv('a,x\n'), /line 1 .*found 2 fields/);
  assert.throws(() => parseInteractionsCsv('a,x,1,yesterday'), /line 1 .*timestamp/);
  assert.throws(() => parseInteractionsCsv('\n\n'), /empty/);
});

test('sampleEventsToTsv: one row per view or skip, with its likes, comments, shares and follows', () => {
  const videos = [{ id: 'v1', duration: 30 }, { id: 'v2', duration: 10 }];
  const tsv = sampleEventsToTsv([
    { user: 'a', item: 'v1', type: 'view', watchTime: 12.5, duration: 30, timestamp: 1000 },
    { user: 'a', item: 'v1', type: 'like', timestamp: 1001 },
    { user: 'a', item: 'v1', type: 'share', timestamp: 1002 },
    { user: 'a', item: 'v2', type: 'skip', timestamp: 1100 },
  ], videos);
  assert.deepEqual(tsv.split('\n'), [
    'user_id\tvideo_id\ttime_ms\tis_follow\tis_comment\tis_forward\tplay_time_ms\tduration_ms\tis_like\tis_hate',
    'a\tv1\t1000000\t0\t0\t1\t12500\t30000\t1\t0',
    'a\tv2\t1100000\t0\t0\t0\t0\t10000\t0\t1',
  ]);
});

test('evaluateHoldout runs every algorithm on the sample world with sane numbers', async () => {
  const rr = await load({ tools: true });
  const videos = sampleVideos();
  const { events } = simulateViewers(videos, { people: 120 });
  const catalog = new rr.Catalog().addMany(videos);
  const seen = [];
  const out = evaluateHoldout(rr, events, {
    algorithms: ['popularity', 'itemknn', 'userknn', 'content'], catalog, onProgress: (f) => seen.push(f),
  });
  assert.equal(out.results.length, 4);
  for (const r of out.results) {
    assert.ok(r.ndcg >= 0 && r.ndcg <= 1 && r.recall >= 0 && r.recall <= 1, JSON.stringify(r));
    assert.equal(r.users, out.testUsers);
  }
  assert.ok(out.results.some((r) => r.ndcg > 0.02), 'some algorithm beats nothing');
  assert.equal(seen.at(-1), 1);
  assert.ok(seen.every((f, i) => i === 0 || f >= seen[i - 1]), 'progress only goes up');
  const noCatalog = evaluateHoldout(rr, events, { algorithms: ['content'] });
  assert.match(noCatalog.results[0].skipped, /tags/);
  catalog.dispose();
});

test('privacyWords: what the guard merged, hid or left out, in plain words', () => {
  const base = { minGroupSize: 5, mergedGroups: 0, mergedPeople: 0, otherShown: false, hiddenGroups: 0, hiddenPeople: 0, hiddenLabels: 0, note: '' };
  const videos = { one: 'video', many: 'videos' };
  assert.deepEqual(privacyWords(base, videos),
    { changed: false, text: 'Every video has at least 5 people, so nothing is merged or hidden.' });
  assert.deepEqual(privacyWords({ ...base, mergedGroups: 4, mergedPeople: 6, otherShown: true }, videos),
    { changed: true, text: '4 videos with fewer than 5 people each are merged into one “other” group (6 people together).' });
  assert.deepEqual(privacyWords({ ...base, minGroupSize: 20, mergedGroups: 1, hiddenGroups: 1, hiddenPeople: 1 }, { one: 'day', many: 'days' }),
    { changed: true, text: '1 day with fewer than 20 people is hidden, because even merged it came to only 1 person.' });
  const segments = { one: 'segment', many: 'segments', labels: ['tag or creator', 'tags and creators'] };
  assert.deepEqual(privacyWords({ ...base, hiddenLabels: 1 }, segments),
    { changed: false, text: 'Every segment has at least 5 people, so nothing is merged or hidden; 1 tag or creator that fewer than 5 members engaged with is not listed.' });
  assert.match(privacyWords({ ...base, hiddenLabels: 1466 }, segments).text, /; 1,466 tags and creators that fewer than 5 members engaged with are not listed\.$/);
});
