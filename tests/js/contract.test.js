// The contract every registered algorithm meets, run over rr.algorithms (the
// way implicit's RecommenderBaseTestMixin runs over its models): a new
// algorithm gets all of it by registering in the core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rr, VIDEOS, EVENTS, expectCode } from './helpers.js';

// Small settings so every algorithm trains in milliseconds.
const CHEAP = { itemknn: { neighbors: 5 }, userknn: { neighbors: 5 }, mf: { factors: 4, epochs: 3 },
  ials: { factors: 4, iterations: 2 } };
const REASON_KINDS = new Set(['similar', 'tag', 'creator', 'people', 'popular', 'explore', 'recent', 'server']);

function likes(...items) {
  const me = new rr.Profile();
  me.recordMany(items.map((item, i) => ({ item, type: 'like', timestamp: 1_700_000_100 + i })));
  return me;
}

for (const algorithm of rr.algorithms.filter((a) => a.trainable)) {
  const name = algorithm.name;
  const options = { algorithm: name, ...CHEAP[name] };

  test(`${name}: trains, ranks with valid reasons, and save/load gives the same bytes and the same feed`, () => rr.scope(() => {
    const catalog = new rr.Catalog().addMany(VIDEOS);
    const log = new rr.Interactions().addMany(EVENTS);
    const model = rr.train(log, { ...options, catalog });
    assert.equal(model.algorithm, name);
    const me = likes('v1');
    const feed = model.recommend(me, { k: 3, explain: true });
    assert.ok(feed.length >= 1 && feed.length <= 3);
    assert.ok(!feed.some((r) => r.id === 'v1'), 'what the person saw is excluded');
    for (const r of feed) {
      assert.ok(catalog.has(r.id) && Number.isFinite(r.score));
      for (const why of r.reasons) {
        assert.ok(REASON_KINDS.has(why.kind), `reason kind ${why.kind}`);
        assert.ok(Number.isFinite(why.weight));
        if (why.kind === 'similar' || why.kind === 'recent') assert.ok(catalog.has(why.item), `reason names a known item ${why.item}`);
        if (why.kind === 'tag') assert.ok(VIDEOS.some((v) => v.tags.includes(why.tag)));
      }
    }
    const bytes = model.save();
    const back = rr.Model.load(bytes);
    assert.deepEqual(back.save(), bytes, 'loading and saving again gives the same bytes');
    assert.deepEqual(back.recommend(me, { k: 3, explain: true }), feed, 'the loaded model ranks the same');
    if (algorithm.needsUsers) {
      expectCode(() => model.save({ includeUsers: false }), 'E_ARG');
    } else {
      const shipped = rr.Model.load(model.save({ includeUsers: false }));
      assert.equal(shipped.info.hasUsers, false);
      assert.deepEqual(shipped.recommend(me, { k: 3 }).map((r) => r.id), feed.map((r) => r.id),
        'shipped without its users, it ranks a profile the same');
    }
    // A person from the log is known to the model with users.
    assert.ok(model.recommend('u1', { k: 2 }).every((r) => !['v1', 'v2'].includes(r.id)));
  }));

  test(`${name}: folds in a new person (their own events decide their feed)`, () => rr.scope(() => {
    const catalog = new rr.Catalog().addMany(VIDEOS);
    const log = new rr.Interactions().addMany(EVENTS);
    const model = rr.train(log, { ...options, catalog });
    const cooking = model.recommend(likes('v1', 'v2'), { k: 5 }).map((r) => r.id);
    const travel = model.recommend(likes('v3', 'v4'), { k: 5 }).map((r) => r.id);
    assert.ok(!cooking.includes('v1') && !cooking.includes('v2') && !travel.includes('v3') && !travel.includes('v4'));
    if (algorithm.signal !== 'popularity') assert.notDeepEqual(cooking, travel, 'different people, different feeds');
  }));

  test(`${name}: cancel from onProgress or a signal is E_CANCELLED and leaves no model`, () => rr.scope(() => {
    const log = new rr.Interactions().addMany(EVENTS);
    const catalog = new rr.Catalog().addMany(VIDEOS);
    const heap = rr.heapInUse();
    let calls = 0;
    expectCode(() => rr.train(log, { ...options, catalog, onProgress: () => { calls += 1; return false; } }), 'E_CANCELLED');
    assert.equal(calls, 1, 'the first report cancels');
    const controller = new AbortController();
    expectCode(() => rr.train(log, { ...options, catalog, signal: controller.signal, onProgress: () => controller.abort() }), 'E_CANCELLED');
    assert.equal(rr.heapInUse(), heap, 'nothing is left behind');
  }));

  test(`${name}: unknown options and bad input are typed errors`, () => rr.scope(() => {
    const log = new rr.Interactions().addMany(EVENTS);
    const catalog = new rr.Catalog().addMany(VIDEOS);
    expectCode(() => rr.train(log, { ...options, catalog, bogusOption: 1 }), 'E_ARG');
    expectCode(() => rr.train(log, { ...options, onProgress: 'no' }), 'E_ARG');
    expectCode(() => rr.train([], options), 'E_ARG');
    for (const o of algorithm.options) expectCode(() => rr.train(log, { ...options, [o.name]: Number.NaN }), 'E_ARG');
    const model = rr.train(log, { ...options, catalog });
    expectCode(() => model.recommend(likes('v1'), { k: 0 }), 'E_ARG');
    expectCode(() => rr.Model.load(new Uint8Array(12)), 'E_CORRUPT');
  }));
}
