// recommend(me, { newVideoBudget, newVideoMethod }): slots for new videos,
// through the built package. The world is the one of
// tests/native/test_fresh_exploration.cpp, where every number is worked out:
// six established videos e1..e6 (30 full views each, a creator each), gem (19
// full views), dud (19 skips) and n1..n4 (creator cd, never shown); base rate
// r = 199 / 218. UCB bounds: n1..n4 1.0316 (prior only), gem 1.0233, dud 0.130.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rr, expectCode } from './helpers.js';

function newVideoWorld() {
  const videos = [];
  for (let i = 1; i <= 6; i++) videos.push({ id: `e${i}`, creator: `ce${i}`, duration: 10 });
  videos.push({ id: 'gem', creator: 'cb', duration: 10 }, { id: 'dud', creator: 'cc', duration: 10 });
  for (let i = 1; i <= 4; i++) videos.push({ id: `n${i}`, creator: 'cd', duration: 10 });
  const events = [];
  let t = 1;
  for (let i = 1; i <= 6; i++) {
    for (let u = 1; u <= 30; u++) events.push({ user: `u${u}`, item: `e${i}`, type: 'view', watchTime: 10, duration: 10, timestamp: t++ });
  }
  for (let u = 1; u <= 19; u++) {
    events.push({ user: `u${u}`, item: 'gem', type: 'view', watchTime: 10, duration: 10, timestamp: t++ });
    events.push({ user: `u${u}`, item: 'dud', type: 'skip', timestamp: t++ });
  }
  const catalog = new rr.Catalog().addMany(videos);
  const log = new rr.Interactions().addMany(events);
  const model = rr.train(log, { algorithm: 'popularity', catalog, weights: { halfLifeDays: 0 } });
  log.dispose();
  const me = new rr.Profile({ catalog });
  me.record({ item: 'e1', type: 'view', watchTime: 10, duration: 10, timestamp: 1000 });
  return { catalog, model, me };
}

const ids = (recs) => recs.map((r) => r.id);
const isNew = (r) => r.reasons[0]?.kind === 'new';

test('rr.schema.newVideos: the core\'s defaults, and the .d.ts names its methods', () => {
  const nv = rr.schema.newVideos;
  assert.equal(nv.budget, 0);
  assert.equal(nv.minBudget, 0);
  assert.equal(nv.maxBudget, 1);
  assert.deepEqual(nv.methods, ['thompson', 'ucb']);
  assert.equal(nv.method, 'thompson');
  assert.equal(nv.freshImpressions, 20);
  assert.equal(nv.halfEvents, 50);
  assert.ok(rr.schema.reasonKinds.some((k) => k.name === 'new' && k.field === null));
  const dts = readFileSync(new URL('../../dist/index.d.ts', import.meta.url), 'utf8');
  const union = /export type NewVideoMethod = ([^;]*);/.exec(dts)[1];
  assert.deepEqual([...union.matchAll(/'(\w+)'/g)].map((m) => m[1]), nv.methods);
});

test('UCB: the gem with strong evidence takes the slot, marked new; the dud is not tried', () => {
  rr.scope(() => {
    const { model, me } = newVideoWorld();
    // k 4, budget 0.25 after one event: round(0.25 * 50 / 51 * 4) = 1 slot.
    const recs = model.recommend(me, { k: 4, newVideoBudget: 0.25, newVideoMethod: 'ucb', exclude: ['n1', 'n2', 'n3', 'n4'] });
    assert.deepEqual(ids(recs), ['e2', 'e3', 'gem', 'e4']);
    assert.deepEqual(recs[2].reasons[0], { kind: 'new', weight: 0 });
    assert.equal(recs.filter(isNew).length, 1);
    // The same through a page made once.
    const page = model.page(['e2', 'e3', 'e4', 'e5', 'gem', 'dud'].map((id) => ({ id, score: 1 })));
    assert.deepEqual(ids(page.recommend(me, { k: 4, newVideoBudget: 0.25, newVideoMethod: 'ucb', serverWeight: 0 })),
      ['e2', 'e3', 'gem', 'e4']);
  });
});

test('the creator cap holds for new videos, and the slot it blocks goes back to the ranking', () => {
  rr.scope(() => {
    const { model, me } = newVideoWorld();
    const o = { k: 4, newVideoBudget: 0.5, newVideoMethod: 'ucb', maxPerCreator: 1 };
    assert.deepEqual(ids(model.recommend(me, o)), ['e2', 'n1', 'e3', 'gem']);
    assert.deepEqual(ids(model.recommend(me, { ...o, exclude: ['gem'] })), ['e2', 'e3', 'n1', 'e4']);
    assert.deepEqual(ids(model.recommend(me, { ...o, maxPerCreator: 0, exclude: ['gem'] })), ['e2', 'n1', 'e3', 'n2']);
  });
});

test('budget 0 (the default) is the feed without the step; Thompson is deterministic for a seed', () => {
  rr.scope(() => {
    const { model, me } = newVideoWorld();
    const base = { k: 6, exploration: 0.34, diversity: 0.3, maxPerCreator: 1, seed: 11 };
    assert.deepEqual(model.recommend(me, { ...base, newVideoBudget: 0, newVideoMethod: 'ucb' }), model.recommend(me, base));
    const o = { k: 4, newVideoBudget: 0.25, seed: 5, exclude: ['gem'] };
    const a = model.recommend(me, o);
    assert.deepEqual(model.recommend(me, o), a);
    assert.equal(a.filter(isNew).length, 1);
    // n1..n4 share one prior: across seeds several of them are tried, the dud never.
    const tried = new Set();
    for (let seed = 0; seed < 30; seed++) {
      for (const r of model.recommend(me, { ...o, seed })) if (isNew(r)) tried.add(r.id);
    }
    assert.ok(tried.size >= 3, `tried ${[...tried]}`);
    assert.ok(!tried.has('dud'));
  });
});

test('limits: newVideoBudget 0 and 1 work, one past is E_ARG; an unknown method is E_ARG naming the methods', () => {
  rr.scope(() => {
    const { model, me } = newVideoWorld();
    assert.equal(model.recommend(me, { k: 4, newVideoBudget: 0 }).length, 4);
    // Budget 1 after one event: round(50 / 51 * 4) = 4 slots, every one a fresh video that clears the bar.
    const all = model.recommend(me, { k: 4, newVideoBudget: 1, newVideoMethod: 'ucb' });
    assert.deepEqual(ids(all), ['n1', 'n2', 'n3', 'n4']);
    assert.ok(all.every(isNew));
    for (const bad of [1 + Number.EPSILON, -Number.MIN_VALUE, Number.NaN, '0.2', null]) {
      expectCode(() => model.recommend(me, { newVideoBudget: bad }), 'E_ARG');
    }
    assert.throws(() => model.recommend(me, { newVideoBudget: 1.5 }), /newVideoBudget/);
    expectCode(() => model.recommend(me, { newVideoMethod: 'greedy' }), 'E_ARG');
    assert.throws(() => model.recommend(me, { newVideoMethod: 'greedy' }), /newVideoMethod must be one of 'thompson', 'ucb'/);
    expectCode(() => model.recommend(me, { newVideoMethod: 1 }), 'E_ARG');
  });
});

test('a saved model keeps its evidence (format version 4: counts and first-seen times) and ranks new videos the same after loading', () => {
  rr.scope(() => {
    const { model, me } = newVideoWorld();
    const bytes = model.save({ includeUsers: false });
    assert.equal(bytes[4] | (bytes[5] << 8), 4);
    const back = rr.Model.load(bytes);
    const o = { k: 4, newVideoBudget: 0.5, newVideoMethod: 'ucb', maxPerCreator: 1 };
    assert.deepEqual(back.recommend(me, o), model.recommend(me, o));
    back.dispose();
  });
});

// tests/fixtures/v2 was written once by the format-2 build (main at 7945735,
// before the evidence section): newVideoWorld()'s model saved without users,
// its profile, and model.recommend(me, { k: 4 }) as it ranked then.
test('a version 2 model (no evidence) loads, ranks as when saved, and counts only never-shown videos as new', () => {
  const fixture = (name) => new Uint8Array(readFileSync(new URL(`../fixtures/v2/${name}`, import.meta.url)));
  const expected = JSON.parse(readFileSync(new URL('../fixtures/v2/expected.json', import.meta.url), 'utf8'));
  rr.scope(() => {
    const bytes = fixture('model-popularity.rrmd');
    assert.equal(bytes[4], 2);
    const model = rr.Model.load(bytes);
    const me = rr.Profile.load(fixture('profile.rrpf'));
    assert.deepEqual(model.recommend(me, { k: 4 }), expected.recommend);
    // Without evidence the gem (shown 19 times, so its popularity is above 0)
    // is not new; dud and n1..n4 are (popularity 0), all with one prior,
    // the base rate 0.5: Beta(1, 1), bound 0.5 + 2 * 0.289 = 1.077 >= 0.5.
    const recs = model.recommend(me, { k: 4, newVideoBudget: 0.25, newVideoMethod: 'ucb' });
    assert.deepEqual(ids(recs), ['e2', 'e3', 'dud', 'e4']);
    assert.ok(isNew(recs[2]));
  });
});
