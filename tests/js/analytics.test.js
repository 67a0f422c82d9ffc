// Creator analytics through the built package: engagement by hand, segments
// and communities on planted tastes, who-to-reach, the privacy guard over
// random logs, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rrTools as rr, expectCode } from './helpers.js';
import { sampleVideos, simulateViewers, seededRandom } from '../../dist/index.js';

test('rr.analytics is there with its documented default minimum group size', () => {
  assert.equal(typeof rr.analytics.engagement, 'function');
  assert.equal(rr.analytics.DEFAULT_MIN_GROUP_SIZE, 5);
});

const close = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);

function adjustedRandIndex(a, b) {
  const pairs = (x) => (x * (x - 1)) / 2;
  const cells = new Map();
  const rows = new Map();
  const cols = new Map();
  a.forEach((x, i) => {
    const key = `${x}|${b[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(x, (rows.get(x) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  });
  const sum = (m) => [...m.values()].reduce((s, v) => s + pairs(v), 0);
  const index = sum(cells);
  const sa = sum(rows);
  const sb = sum(cols);
  const expected = (sa * sb) / pairs(a.length);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

// The native suite's tiny log: video a (10 s) and b (20 s).
function tiny() {
  const catalog = new rr.Catalog().addMany([
    { id: 'a', creator: 'alice', duration: 10 },
    { id: 'b', creator: 'bob', duration: 20 },
  ]);
  const log = new rr.Interactions().addMany([
    { user: 'u1', item: 'a', type: 'view', watchTime: 5, timestamp: 0 },
    { user: 'u1', item: 'a', type: 'like', timestamp: 1 },
    { user: 'u1', item: 'a', type: 'view', watchTime: 10, timestamp: 4000 },
    { user: 'u2', item: 'a', type: 'view', watchTime: 10, timestamp: 50 },
    { user: 'u2', item: 'a', type: 'share', timestamp: 51 },
    { user: 'u3', item: 'a', type: 'skip', timestamp: 100 },
    { user: 'u1', item: 'b', type: 'view', watchTime: 1, timestamp: 200 },
    { user: 'u2', item: 'b', type: 'view', watchTime: 30, duration: 20, timestamp: 300 },
    { user: 'u2', item: 'b', type: 'follow', timestamp: 301 },
  ]);
  return { catalog, log };
}

// Planted tastes: `groups` groups of `per` people, each watching its own
// topic's videos; returns the truth per user.
function planted(groups = 3, per = 20, videosPer = 12, seed = 5) {
  const rand = seededRandom(seed);
  const videos = [];
  for (let g = 0; g < groups; g++) {
    for (let v = 0; v < videosPer; v++) videos.push({ id: `g${g}v${v}`, tags: [`topic${g}`], creator: `maker${g}`, duration: 30 });
  }
  const events = [];
  const truth = new Map();
  let t = 1_700_000_000;
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < per; i++) {
      const user = `p${g}_${i}`;
      truth.set(user, g);
      for (let v = 0; v < videosPer; v++) {
        if (rand() < 0.3) continue;
        events.push({ user, item: `g${g}v${v}`, type: 'view', watchTime: 20 + 10 * rand(), duration: 30, timestamp: t += 60 });
        if (rand() < 0.5) events.push({ user, item: `g${g}v${v}`, type: 'like', timestamp: t += 1 });
      }
      events.push({ user, item: `g${(g + 1) % groups}v0`, type: 'view', watchTime: 2, duration: 30, timestamp: t += 60 });
    }
  }
  return { catalog: new rr.Catalog().addMany(videos), log: new rr.Interactions().addMany(events), truth };
}

test('analytics.engagement: hand-computed figures by video, creator and day', () => {
  const { catalog, log } = tiny();
  const r = rr.analytics.engagement(log, { catalog, minGroupSize: 2 });
  assert.equal(r.by, 'video');
  assert.deepEqual(r.groups.map((g) => g.key), ['a', 'b']);
  const a = r.groups[0];
  assert.equal(a.people, 3);
  assert.equal(a.views, 3);
  assert.equal(a.impressions, 4);
  assert.equal(a.uniqueViewers, 2);
  close(a.meanWatchRatio, 2.5 / 3);
  close(a.watchRatio.p25, 0.75);
  close(a.watchRatio.median, 1);
  assert.equal(a.watchRatio.histogram.length, 11);
  assert.equal(a.watchRatio.histogram[5], 1);
  assert.equal(a.watchRatio.histogram[10], 2);
  // Action rates are shares of a's 3 exposures (its people); the skip rate is of its 4 impressions.
  assert.deepEqual([a.exposures, a.likers, a.dislikers, a.commenters, a.sharers, a.followers], [3, 1, 0, 0, 1, 0]);
  close(a.likeRate, 1 / 3);
  close(a.shareRate, 1 / 3);
  close(a.skipRate, 0.25);
  close(a.returningViewerRate, 0.5);
  const b = r.groups[1];
  close(b.meanWatchRatio, (0.05 + 1.5) / 2, 1e-6);
  close(b.skipRate, 0.5);
  close(b.followRate, 0.5);
  assert.equal(r.overall.views, 5);
  // Overall, rates divide by the 5 (person, video) exposures: u1 a, u1 b, u2 a, u2 b, u3 a.
  assert.equal(r.overall.exposures, 5);
  close(r.overall.likeRate, 1 / 5);
  close(r.overall.followRate, 1 / 5);
  close(r.overall.skipRate, 2 / 6);
  assert.equal(r.privacy.minGroupSize, 2);
  assert.equal(r.privacy.mergedGroups, 0);

  const byCreator = rr.analytics.engagement(log, { by: 'creator', catalog, minGroupSize: 2 });
  assert.deepEqual(byCreator.groups.map((g) => g.key), ['alice', 'bob']);
  const byDay = rr.analytics.engagement(log, { by: 'day', minGroupSize: 2 });
  assert.deepEqual(byDay.groups.map((g) => g.key), ['1970-01-01']);

  // A minimum of 3: b (2 people) is too small even as "other", and a's
  // watch-ratio figures (2 viewers) are withheld.
  const strict = rr.analytics.engagement(log, { catalog, minGroupSize: 3 });
  assert.deepEqual(strict.groups.map((g) => g.key), ['a']);
  assert.equal(strict.privacy.hiddenGroups, 1);
  assert.equal(strict.privacy.hiddenPeople, 2);
  assert.equal(strict.groups[0].meanWatchRatio, null);
  assert.match(strict.privacy.note, /fewer than 3 people/);
  // The default minimum (5) hides everything about three people.
  const dflt = rr.analytics.engagement(log, { catalog });
  assert.equal(dflt.groups.length, 0);
  assert.equal(dflt.overall, null);
  catalog.dispose();
  log.dispose();
});

test('analytics.segments recovers planted tastes (ARI >= 0.95), deterministic under a seed, with communities', () => {
  const { catalog, log, truth } = planted();
  const r = rr.analytics.segments(log, { catalog, seed: 3, members: true });
  assert.equal(r.people, 60);
  assert.equal(r.k, 3);
  assert.equal(r.features, 'tags');
  assert.equal(r.tried.length, 7);
  const labels = new Map();
  for (const s of r.segments) {
    assert.equal(s.size, 20);
    assert.match(s.tags[0].tag, /^topic\d$/);
    assert.ok(s.tags[0].lift > 2.5);
    assert.match(s.creators[0].creator, /^maker\d$/);
    assert.equal(s.engagement.people, 20);
    for (const m of s.members) labels.set(m, s.id);
  }
  const users = [...truth.keys()];
  assert.ok(adjustedRandIndex(users.map((u) => truth.get(u)), users.map((u) => labels.get(u))) >= 0.95);
  assert.equal(new Set(r.segments.map((s) => s.tags[0].tag)).size, 3);
  assert.equal(r.communities.count, 3);
  assert.ok(r.communities.modularity > 0.4);
  assert.equal(r.communities.groups.length, 3);
  assert.deepEqual(rr.analytics.segments(log, { catalog, seed: 3, members: true }), r);

  const fixed = rr.analytics.segments(log, { catalog, k: 2, graphNeighbors: 0 });
  assert.equal(fixed.k, 2);
  assert.equal(fixed.communities, null);
  const items = rr.analytics.segments(log, { features: 'items', seed: 3 });
  assert.equal(items.features, 'items');
  assert.equal(items.k, 3);
  assert.deepEqual(items.segments[0].tags, []);
  assert.ok(items.segments[0].videos.length > 0);
  catalog.dispose();
  log.dispose();
});

test('model.audienceFor and model.lookalike on the sample world', () => {
  const videos = sampleVideos({ count: 600, creators: 40 });
  const { events, tastes } = simulateViewers(videos, { people: 150, perPerson: 40 });
  const catalog = new rr.Catalog().addMany(videos);
  const log = new rr.Interactions().addMany(events);
  const model = rr.train(log, { catalog });

  // A cooking video that at least ten cooking fans have not seen yet.
  const cooks = Object.keys(tastes).filter((u) => tastes[u].includes('cooking'));
  const reachedBy = (id) => new Set(events.filter((e) => e.item === id).map((e) => e.user));
  const target = videos.find((v) => v.tags[0] === 'cooking' && cooks.filter((u) => !reachedBy(v.id).has(u)).length >= 10);
  const known = model.audienceFor(target.id, { k: 15, seed: 2 });
  assert.equal(known.basis, 'model');
  assert.equal(known.people.length, 15);
  const reachedBefore = reachedBy(target.id);
  for (const p of known.people) assert.ok(!reachedBefore.has(p.user), 'people already reached are not listed');
  assert.ok(known.people.every((p, i) => i === 0 || known.people[i - 1].score >= p.score));
  assert.ok(known.people.filter((p) => tastes[p.user].includes('cooking')).length >= 9);
  assert.ok(known.segments.length >= 1);
  for (const s of known.segments) assert.ok(s.size >= 5);
  assert.equal(known.candidates + known.reached, 150);

  // A new video (not in the model) on a topic of the sample: the cold-start case.
  const topic = videos[0].tags[0];
  const fresh = model.audienceFor({ tags: [topic, 'a-tag-nobody-uses'] }, { k: 20, segments: false });
  assert.equal(fresh.basis, 'content');
  assert.equal(fresh.segments, null);
  assert.ok(fresh.people.filter((p) => tastes[p.user].includes(topic)).length >= 16);

  const seeds = Object.keys(tastes).filter((u) => tastes[u].includes('music')).slice(0, 5);
  const look = model.lookalike(seeds, { k: 10 });
  assert.equal(look.length, 10);
  for (const p of look) assert.ok(!seeds.includes(p.user));
  assert.ok(look.filter((p) => tastes[p.user].includes('music')).length >= 7);
  assert.deepEqual(rr.analytics.lookalike(model, seeds, { k: 10 }), look);
  model.dispose();
  catalog.dispose();
  log.dispose();
});

// The case of issue 11: 10 people viewed v and 11 liked it, 7 of them without
// a recorded view. Per impression that read 11 / 10 = 1.1. Per exposure: 17
// people were shown v (10 viewers + 7 who only liked) and 11 liked: 11 / 17.
// Two viewers shared (one twice): 2 / 17. Three viewers left after 1 s of
// 10 (under skipBelow 0.2): 3 skips of 10 impressions.
test('analytics.engagement: 10 views and 11 likes give a like rate of 11/17, not 1.1', () => {
  const events = [];
  let t = 1_700_000_000;
  for (let p = 0; p < 10; p++) events.push({ user: `viewer${p}`, item: 'v', type: 'view', watchTime: p < 3 ? 1 : 8, duration: 10, timestamp: t += 10 });
  for (let p = 0; p < 4; p++) events.push({ user: `viewer${p}`, item: 'v', type: 'like', timestamp: t += 10 });
  for (let p = 0; p < 7; p++) events.push({ user: `liker${p}`, item: 'v', type: 'like', timestamp: t += 10 });
  for (const user of ['viewer5', 'viewer6', 'viewer6']) events.push({ user, item: 'v', type: 'share', timestamp: t += 10 });
  const log = new rr.Interactions().addMany(events);
  const r = rr.analytics.engagement(log);
  assert.equal(r.groups.length, 1);
  const v = r.groups[0];
  assert.deepEqual([v.key, v.people, v.exposures, v.views, v.uniqueViewers, v.impressions, v.likes, v.likers, v.shares, v.sharers, v.skips],
    ['v', 17, 17, 10, 10, 10, 11, 11, 3, 2, 3]);
  close(v.likeRate, 11 / 17);
  close(v.shareRate, 2 / 17);
  close(v.skipRate, 3 / 10);
  close(v.commentRate, 0);
  close(r.overall.likeRate, 11 / 17);
  log.add({ user: 'liker0', item: 'v', type: 'like', timestamp: t += 10 }); // a second like: still one liker
  const again = rr.analytics.engagement(log).groups[0];
  assert.equal(again.likes, 12);
  close(again.likeRate, 11 / 17);
  log.dispose();
});

test('privacy guard: no group under the minimum, over random logs', () => {
  const rand = seededRandom(99);
  const types = ['view', 'like', 'skip', 'share', 'follow', 'comment', 'dislike'];
  for (let trial = 0; trial < 40; trial++) {
    const people = 1 + Math.floor(rand() * 30);
    const nVideos = 1 + Math.floor(rand() * 12);
    const min = 2 + Math.floor(rand() * 7);
    const catalog = new rr.Catalog().addMany(Array.from({ length: nVideos }, (_, v) => ({
      id: `v${v}`, tags: [`t${v % 4}`], creator: `c${v % 3}`, duration: 10,
    })));
    const events = Array.from({ length: 1 + Math.floor(rand() * 150) }, () => ({
      user: `u${Math.floor(rand() * people)}`, item: `v${Math.floor(rand() * nVideos)}`,
      type: types[Math.floor(rand() * types.length)], watchTime: 12 * rand(), timestamp: 1e9 + 5 * 86400 * rand(),
    }));
    const log = new rr.Interactions().addMany(events);
    for (const by of ['video', 'creator', 'day']) {
      const r = rr.analytics.engagement(log, { by, catalog, minGroupSize: min });
      for (const g of r.groups) assert.ok(g.people >= min, `${by}: a group of ${g.people} < ${min}`);
      // Every rate is a share, in [0, 1] or withheld (null), likes without views included.
      for (const g of r.overall ? [...r.groups, r.overall] : r.groups) {
        for (const key of ['likeRate', 'dislikeRate', 'commentRate', 'shareRate', 'followRate', 'skipRate', 'returningViewerRate']) {
          assert.ok(g[key] === null || (g[key] >= 0 && g[key] <= 1), `${by} ${g.key}: ${key} = ${g[key]}`);
        }
      }
      assert.equal(r.overall === null, log.userCount < min);
    }
    const s = rr.analytics.segments(log, { catalog, minGroupSize: min, seed: trial, k: 1 + Math.floor(rand() * Math.min(5, log.userCount)) });
    for (const list of [s.segments, s.communities?.groups ?? []]) {
      for (const g of list) {
        assert.ok(g.size >= min);
        for (const l of [...g.tags, ...g.creators, ...g.videos]) assert.ok(l.people >= min);
      }
    }
    catalog.dispose();
    log.dispose();
  }
});

test('analytics: bad input is a ReelRankError with a code, and nothing leaks', () => {
  const { catalog, log } = tiny();
  const empty = new rr.Interactions();
  expectCode(() => rr.analytics.engagement(empty), 'E_EMPTY');
  expectCode(() => rr.analytics.segments(empty), 'E_EMPTY');
  expectCode(() => rr.analytics.engagement(log, { by: 'week' }), 'E_ARG');
  expectCode(() => rr.analytics.engagement(log, { by: 'creator' }), 'E_ARG');
  expectCode(() => rr.analytics.engagement(log, { minGroupSize: 1 }), 'E_ARG');
  expectCode(() => rr.analytics.engagement(log, { minimum: 5 }), 'E_ARG');
  expectCode(() => rr.analytics.engagement('log'), 'E_ARG');
  expectCode(() => rr.analytics.segments(log, { k: 0 }), 'E_ARG');
  expectCode(() => rr.analytics.segments(log, { k: -2 }), 'E_ARG');
  expectCode(() => rr.analytics.segments(log, { k: 4 }), 'E_ARG'); // three people
  expectCode(() => rr.analytics.segments(log, { k: 1.5 }), 'E_ARG');
  expectCode(() => rr.analytics.segments(log, { features: 'tags', catalog }), 'E_ARG'); // no tags
  const model = rr.train(log, { catalog });
  expectCode(() => model.audienceFor('nope'), 'E_UNKNOWN_ID');
  expectCode(() => model.audienceFor('a', { k: 0 }), 'E_ARG');
  expectCode(() => model.audienceFor('a', { k: 4 }), 'E_ARG');
  expectCode(() => model.audienceFor({ tags: ['unheard-of'] }), 'E_ARG');
  expectCode(() => model.audienceFor({}), 'E_ARG');
  expectCode(() => model.audienceFor(42), 'E_ARG');
  expectCode(() => model.lookalike([]), 'E_ARG');
  expectCode(() => model.lookalike(['ghost']), 'E_UNKNOWN_ID');
  expectCode(() => model.lookalike(['u1'], { k: 0 }), 'E_ARG');
  const stripped = rr.Model.load(model.save({ includeUsers: false }));
  expectCode(() => stripped.audienceFor('a', { k: 1 }), 'E_STATE');
  expectCode(() => stripped.lookalike(['u1'], { k: 1 }), 'E_STATE');

  const before = rr.heapInUse();
  for (let i = 0; i < 3; i++) {
    rr.analytics.engagement(log, { catalog, minGroupSize: 2 });
    rr.analytics.segments(log, { catalog, minGroupSize: 2 });
    model.audienceFor('a', { k: 1, minGroupSize: 2 });
    model.lookalike(['u1'], { k: 1 });
    expectCode(() => model.audienceFor('nope'), 'E_UNKNOWN_ID');
  }
  assert.equal(rr.heapInUse(), before);
  for (const o of [stripped, model, empty, catalog, log]) o.dispose();
});
