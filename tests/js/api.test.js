import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rr, VIDEOS, EVENTS, world, expectCode } from './helpers.js';

test('teach.cosine gives the article example 0.7339', () => {
  const u = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const v = [5, 4, 3, 4, 5, 2, 3, 2, 1, 4];
  assert.equal(rr.teach.cosine(u, v).toFixed(4), '0.7339');
  const s = rr.teach.cosineSteps(u, v);
  assert.equal(s.dot, 161);
  assert.equal(s.normA, Math.sqrt(385));
  assert.equal(s.normB, Math.sqrt(125));
  assert.deepEqual(s.products.slice(0, 3), [5, 8, 9]);
});

test('teach.userBasedCF reproduces the hand-worked 5x5 example', () => {
  const R = [[5, 3, null, null, null], [4, 2, 4, null, null], [null, null, 2, 5, null], [3, null, null, null, 2], [null, 5, 1, null, 2]];
  const w1 = 26 / (6 * Math.sqrt(34));
  const w4 = 15 / (Math.sqrt(30) * Math.sqrt(34));
  const r = rr.teach.userBasedCF(R, { k: 3 });
  assert.ok(Math.abs(r.similarity[0][1] - w1) < 1e-6);
  assert.deepEqual(r.neighbors[0].map((n) => n.user), [1, 3, 4]);
  assert.ok(Math.abs(r.predictions[0][2] - (4 * w1 + w4) / (w1 + w4)) < 1e-6);
  assert.equal(r.predictions[0][3], null); // nobody near u0 rated d
  const step = r.steps.find((s) => s.user === 0 && s.item === 2);
  assert.deepEqual(step.terms.map((t) => t.user), [1, 4]);
  assert.ok(Math.abs(step.terms[0].contribution - 4 * w1) < 1e-6);
  assert.ok(Math.abs(step.denominator - (w1 + w4)) < 1e-6);
  const raw = rr.teach.userBasedCF(R, { k: 3, normalize: false });
  assert.ok(Math.abs(raw.predictions[0][2] - (4 * w1 + w4)) < 1e-6);
});

test('catalog: add, addMany, size, has, get, ids', () => {
  const c = new rr.Catalog();
  c.add({ id: 'v1', tags: ['cooking', 'asmr'], creator: 'alice', duration: 42 });
  c.addMany(VIDEOS.slice(1));
  assert.equal(c.size, 5);
  assert.ok(c.has('v1'));
  assert.ok(!c.has('zzz'));
  assert.deepEqual(c.get('v1'), { id: 'v1', tags: ['cooking', 'asmr'], creator: 'alice', duration: 42 });
  assert.equal(c.get('nope'), null);
  assert.deepEqual(c.ids(), ['v1', 'v2', 'v3', 'v4', 'v5']);
  c.dispose();
});

test('catalog: a failing addMany adds nothing', () => {
  const c = new rr.Catalog().addMany(VIDEOS.slice(0, 2));
  expectCode(() => c.addMany([{ id: 'ok1' }, { id: 'v1' }]), 'E_ARG'); // duplicate of an existing id
  expectCode(() => c.addMany([{ id: 'ok1' }, { id: 'ok1' }]), 'E_ARG'); // duplicate within the batch
  expectCode(() => c.addMany([{ id: 'ok1' }, { id: 'x', duration: -1 }]), 'E_ARG');
  expectCode(() => c.addMany([{ id: 'e1', embedding: [1, 2] }, { id: 'e2', embedding: [1, 2, 3] }]), 'E_ARG');
  expectCode(() => c.addMany([{ id: 'e1', embedding: [1, NaN] }]), 'E_ARG');
  assert.equal(c.size, 2);
  assert.equal(c.embeddingDim, 0);
  c.dispose();
});

test('interactions: add, addMany, addRatings with typed arrays', () => {
  const log = new rr.Interactions();
  log.add({ user: 'u1', item: 'v1', type: 'view', watchTime: 30, timestamp: 1700000000 });
  log.addMany(EVENTS);
  log.addRatings({ users: new Int32Array([1, 2]), items: ['m1', 'm2'], values: new Float32Array([4.5, 3]) });
  assert.equal(log.eventCount, 1 + EVENTS.length + 2);
  assert.equal(log.userCount, 7);
  expectCode(() => log.addRatings({ users: [1], items: ['a', 'b'], values: [1] }), 'E_ARG');
  expectCode(() => log.addRatings({ users: [1.5], items: ['a'], values: [1] }), 'E_ARG');
  expectCode(() => log.addRatings({ users: [1], items: ['a'], values: [NaN] }), 'E_ARG');
  assert.equal(log.eventCount, 1 + EVENTS.length + 2);
  log.dispose();
});

test('profile: record, interests, creators, block, counters', () => {
  const catalog = new rr.Catalog().addMany(VIDEOS);
  const me = new rr.Profile({ catalog });
  me.record({ item: 'v1', type: 'like', timestamp: 1700000100 });
  me.recordMany([{ item: 'v2', type: 'view', watchTime: 20, timestamp: 1700000200 }, { item: 'v3', type: 'skip', timestamp: 1700000300 }]);
  const interests = me.interests(10);
  assert.equal(interests[0].tag, 'cooking');
  assert.ok(interests.every((i) => i.weight > 0));
  assert.ok(!interests.some((i) => i.tag === 'travel'), 'a skip is not an interest');
  assert.equal(me.creators(1)[0].creator, 'alice');
  assert.equal(me.eventCount, 3);
  assert.equal(me.totalRecorded, 3);
  // Inline metadata for a video the catalogue lacks.
  me.record({ item: 'new1', type: 'share', tags: ['pets'], creator: 'zoe', timestamp: 1700000400 });
  assert.equal(me.interests(1)[0].tag, 'pets');
  me.block({ creator: 'carol' });
  assert.equal(me.weights.like, 4);
  me.dispose();
  catalog.dispose();
});

test('liking three cooking videos puts cooking on top and changes the feed', () => {
  const { catalog, log, model } = world('itemknn');
  const me = new rr.Profile({ catalog });
  me.record({ item: 'v3', type: 'like', timestamp: 1700000000 });
  const before = model.recommend(me, { k: 3 }).map((r) => r.id);
  me.recordMany(['v1', 'v2'].map((item, i) => ({ item, type: 'like', timestamp: 1700000100 + i })));
  me.recordMany(['v1', 'v2'].map((item, i) => ({ item, type: 'share', timestamp: 1700000200 + i })));
  assert.equal(me.interests(1)[0].tag, 'cooking');
  const after = model.recommend(me, { k: 3 }).map((r) => r.id);
  assert.notDeepEqual(after, before);
  for (const x of [me, model, log, catalog]) x.dispose();
});

test('model: recommend for a profile and a known user, with reasons and options', () => {
  const { catalog, log, model } = world('itemknn');
  const me = new rr.Profile({ catalog });
  me.record({ item: 'v1', type: 'like', timestamp: 1700000100 });
  const recs = model.recommend(me, { k: 10, explain: true });
  assert.deepEqual(recs.map((r) => r.id), ['v2', 'v3', 'v4', 'v5'], 'seen items (v1) are excluded');
  assert.deepEqual(recs[0].reasons[0], { kind: 'similar', item: 'v1', weight: recs[0].reasons[0].weight });
  for (const [i, r] of recs.entries()) {
    assert.ok(Number.isFinite(r.score), `recs[${i}].score is ${r.score}`);
    if (i > 0) assert.ok(recs[i - 1].score >= r.score, `recs[${i - 1}] scores ${recs[i - 1].score} < recs[${i}] ${r.score}`);
  }
  assert.ok(model.recommend(me, { excludeSeen: false }).some((r) => r.id === 'v1'));
  assert.deepEqual(model.recommend(me, { exclude: ['v2'] }).map((r) => r.id), ['v3', 'v4', 'v5']);
  assert.deepEqual(model.recommend(me, { candidates: ['v4', 'v5'], k: 5 }).map((r) => r.id).sort(), ['v4', 'v5']);
  assert.deepEqual(model.recommend(me, { explain: false }).map((r) => r.reasons), [[], [], [], []]);
  const explored = model.recommend(me, { k: 4, exploration: 0.5, seed: 3 });
  assert.equal(explored.filter((r) => r.reasons[0]?.kind === 'explore').length, 2);
  const forU1 = model.recommend('u1', { k: 10 });
  assert.deepEqual(forU1.map((r) => r.id), ['v3', 'v4', 'v5'], 'u1 saw v1 and v2');
  assert.equal(model.predict('u1', 'v2') > 0, true);
  const similar = model.similarItems('v1', 10);
  assert.equal(similar[0].id, 'v2');
  me.block({ item: 'v2' });
  assert.deepEqual(model.recommend(me).map((r) => r.id), ['v3', 'v4', 'v5'], 'v2 is blocked');
  me.block({ creator: 'carol' });
  assert.deepEqual(model.recommend(me).map((r) => r.id), ['v5'], "carol's v3 and v4 are blocked");
  assert.equal(model.info.algorithm, 'itemknn');
  assert.equal(model.info.items, 5);
  for (const x of [me, model, log, catalog]) x.dispose();
});

test('every algorithm trains and ranks; a new person gets popular videos', () => {
  for (const algorithm of ['popularity', 'userknn', 'itemknn', 'content']) {
    const { catalog, log, model } = world(algorithm);
    const fresh = new rr.Profile();
    const recs = model.recommend(fresh, { k: 2 });
    assert.equal(recs.length, 2, algorithm);
    // v2, v3, v4 each have three or two likes: the cold-start feed is popular items.
    assert.ok(['v2', 'v3'].includes(recs[0].id), `${algorithm}: ${recs[0].id}`);
    const me = new rr.Profile({ catalog });
    me.record({ item: 'v3', type: 'like' });
    assert.equal(model.recommend(me, { k: 1 })[0].id, 'v4', algorithm);
    for (const x of [fresh, me, model, log, catalog]) x.dispose();
  }
});

test('userknn predicts ratings on the rating scale', () => {
  const log = new rr.Interactions().addRatings({
    users: ['a', 'a', 'b', 'b', 'b', 'c', 'c'],
    items: ['x', 'y', 'x', 'y', 'z', 'x', 'z'],
    values: [5, 3, 4, 2, 4, 3, 1],
  });
  const model = rr.train(log, { algorithm: 'userknn', neighbors: 2 });
  const p = model.predict('a', 'z');
  assert.ok(p >= 1 && p <= 4, `prediction ${p} is between the neighbours' ratings`);
  assert.equal(model.info.explicitRatings, true);
  model.dispose();
  log.dispose();
});

test('save/load round trips give identical recommendations', () => {
  const { catalog, log, model } = world('itemknn');
  const me = new rr.Profile({ catalog });
  me.recordMany([{ item: 'v1', type: 'like', timestamp: 1 }, { item: 'v3', type: 'view', watchTime: 30, timestamp: 2 }]);
  const bytes = me.save();
  assert.ok(bytes instanceof Uint8Array);
  const me2 = rr.Profile.load(bytes);
  assert.deepEqual(me2.save(), bytes);
  const model2 = rr.Model.load(model.save());
  assert.deepEqual(model2.recommend(me2, { k: 5 }), model.recommend(me, { k: 5 }));
  assert.deepEqual(model2.save(), model.save());
  const shipped = rr.Model.load(model.save({ includeUsers: false }));
  assert.equal(shipped.info.hasUsers, false);
  assert.deepEqual(shipped.recommend(me, { k: 5 }), model.recommend(me, { k: 5 }));
  expectCode(() => shipped.recommend('u1'), 'E_UNKNOWN_ID');
  for (const x of [me, me2, model, model2, shipped, log, catalog]) x.dispose();
});

test('corrupted, truncated and foreign bytes are refused with a code', () => {
  const { catalog, log, model } = world('itemknn');
  const me = new rr.Profile({ catalog });
  me.record({ item: 'v1', type: 'like' });
  const p = me.save();
  const m = model.save();
  const flip = (b, at) => { const c = b.slice(); c[at] ^= 0x40; return c; };
  expectCode(() => rr.Profile.load(flip(p, Math.floor(p.length / 2))), 'E_CORRUPT');
  expectCode(() => rr.Profile.load(p.subarray(0, p.length - 3)), 'E_CORRUPT');
  expectCode(() => rr.Profile.load(new Uint8Array(0)), 'E_CORRUPT');
  expectCode(() => rr.Profile.load(m), 'E_CORRUPT'); // a model is not a profile
  expectCode(() => rr.Model.load(flip(m, m.length - 10)), 'E_CORRUPT');
  expectCode(() => rr.Model.load(m.subarray(0, 100)), 'E_CORRUPT');
  expectCode(() => rr.Model.load(crypto.getRandomValues(new Uint8Array(5000))), 'E_CORRUPT');
  const future = p.slice();
  future[4] = 99;
  expectCode(() => rr.Profile.load(future), 'E_VERSION');
  expectCode(() => rr.Profile.load('not bytes'), 'E_ARG');
  for (const x of [me, model, log, catalog]) x.dispose();
});

test('bad input gets a ReelRankError with the right code, never a crash or NaN', () => {
  const { catalog, log, model } = world('itemknn');
  const me = new rr.Profile({ catalog });
  const cases = [
    [() => me.record({ item: 'v1', type: 'view', watchTime: NaN }), 'E_ARG'],
    [() => me.record({ item: 'v1', type: 'view', watchTime: -3 }), 'E_ARG'],
    [() => me.record({ item: 'v1', type: 'view' }), 'E_ARG'],
    [() => me.record({ item: 'v1', type: 'rating' }), 'E_ARG'],
    [() => me.record({ item: 'v1', type: 'watch' }), 'E_ARG'],
    [() => me.record({ item: '', type: 'like' }), 'E_ARG'],
    [() => me.record({ item: 42, type: 'like' }), 'E_ARG'],
    [() => me.record({ item: 'v1', type: 'like', timestamp: Infinity }), 'E_ARG'],
    [() => me.record({ item: 'v1', type: 'like', duration: -1 }), 'E_ARG'],
    [() => me.record('v1'), 'E_ARG'],
    [() => me.recordMany('v1'), 'E_ARG'],
    [() => me.interests(-1), 'E_ARG'],
    [() => me.block({}), 'E_ARG'],
    [() => new rr.Profile({ weights: { like: 'a lot' } }), 'E_ARG'],
    [() => new rr.Profile({ weights: { liek: 3 } }), 'E_ARG'],
    [() => new rr.Profile({ weights: { halfLifeDays: -1 } }), 'E_ARG'],
    [() => new rr.Profile({ limits: { maxEvents: 0 } }), 'E_ARG'],
    [() => new rr.Profile({ catalog: {} }), 'E_ARG'],
    [() => log.add({ user: '', item: 'v1', type: 'like' }), 'E_ARG'],
    [() => log.add({ user: 'u', item: 'v1', type: 'view', watchTime: -1 }), 'E_ARG'],
    [() => log.addMany(null), 'E_ARG'],
    [() => model.recommend(me, { k: 0 }), 'E_ARG'],
    [() => model.recommend(me, { k: 2.5 }), 'E_ARG'],
    [() => model.recommend(me, { k: '10' }), 'E_ARG'],
    [() => model.recommend(me, { diversity: 2 }), 'E_ARG'],
    [() => model.recommend(me, { exploration: -0.1 }), 'E_ARG'],
    [() => model.recommend(me, { kk: 3 }), 'E_ARG'],
    [() => model.recommend(me, { candidates: 'v1' }), 'E_ARG'],
    [() => model.recommend(me, { candidates: ['nope'] }), 'E_UNKNOWN_ID'],
    [() => model.recommend('nobody'), 'E_UNKNOWN_ID'],
    [() => model.recommend(42), 'E_ARG'],
    [() => model.predict('u1', 'nope'), 'E_UNKNOWN_ID'],
    [() => model.similarItems('nope'), 'E_UNKNOWN_ID'],
    [() => model.similarItems('v1', 0), 'E_ARG'],
    [() => rr.train(log, { algorithm: 'magic' }), 'E_ARG'],
    [() => rr.train(log, { algorithm: 'itemknn', neighbors: 0 }), 'E_ARG'],
    [() => rr.train(log, { algorithm: 'itemknn', neighbours: 10 }), 'E_ARG'],
    [() => rr.train(log, { algorithm: 'itemknn', shrink: NaN }), 'E_ARG'],
    [() => rr.train(log, { algorithm: 'content' }), 'E_ARG'], // no catalogue
    [() => rr.train(new rr.Interactions(), { algorithm: 'itemknn' }), 'E_EMPTY'],
    [() => rr.train(new rr.Interactions(), { algorithm: 'content', catalog: new rr.Catalog() }), 'E_EMPTY'],
    [() => rr.train('log'), 'E_ARG'],
    [() => rr.train(log, { catalog: 'c' }), 'E_ARG'],
    [() => rr.train(log, { blend: { content: -1 } }), 'E_ARG'],
    [() => rr.train(log, { onProgress: () => false }), 'E_CANCELLED'],
    [() => rr.teach.cosine([1, 2], [1]), 'E_ARG'],
    [() => rr.teach.cosine([0, 0], [1, 1]), 'E_ARG'],
    [() => rr.teach.cosine([1, 'x'], [1, 1]), 'E_ARG'],
    [() => rr.teach.userBasedCF([[1, 2], [3]]), 'E_ARG'],
    [() => rr.teach.userBasedCF([[1, 2]], { k: 0 }), 'E_ARG'],
    [() => new rr.Model(), 'E_ARG'],
  ];
  const profileBefore = me.save();
  const modelBefore = model.save();
  for (const [fn, code] of cases) expectCode(fn, code);
  assert.deepEqual(me.save(), profileBefore, 'failed calls changed nothing in the profile');
  assert.deepEqual(model.save(), modelBefore, 'failed calls changed nothing in the model');
  assert.equal(log.eventCount, EVENTS.length);
  for (const x of [me, model, log, catalog]) x.dispose();
});

test('dispose frees, is idempotent, and use after dispose is E_DISPOSED', () => {
  const { catalog, log, model } = world('itemknn');
  const me = new rr.Profile({ catalog });
  me.dispose();
  me.dispose();
  assert.equal(me.disposed, true);
  expectCode(() => me.interests(), 'E_DISPOSED');
  expectCode(() => model.recommend(me), 'E_DISPOSED');
  catalog.dispose();
  const attached = new rr.Profile({ catalog });
  expectCode(() => attached.record({ item: 'v1', type: 'like' }), 'E_DISPOSED');
  attached.dispose();
  log.dispose();
  expectCode(() => rr.train(log), 'E_DISPOSED');
  model.delete();
  expectCode(() => model.save(), 'E_DISPOSED');
});

test('scope frees everything made inside it except what it returns', async () => {
  let inner;
  const kept = rr.scope(() => {
    inner = new rr.Catalog().addMany(VIDEOS);
    return new rr.Profile();
  });
  assert.equal(inner.disposed, true);
  assert.equal(kept.disposed, false);
  kept.dispose();
  let thrown;
  assert.throws(() => rr.scope(() => { thrown = new rr.Catalog(); throw new Error('boom'); }), /boom/);
  assert.equal(thrown.disposed, true);
  const asyncKept = await rr.scope(async () => { inner = new rr.Interactions(); return 7; });
  assert.equal(asyncKept, 7);
  assert.equal(inner.disposed, true);
});

test('no leak across 10,000 create/use/dispose cycles (wasm heap stays flat)', () => {
  const catalog = new rr.Catalog().addMany(VIDEOS);
  const log = new rr.Interactions().addMany(EVENTS);
  const cycle = () => {
    const me = new rr.Profile({ catalog });
    me.record({ item: 'v1', type: 'like', timestamp: 1 });
    const m = rr.train(log, { algorithm: 'itemknn', catalog });
    m.recommend(me, { k: 3 });
    expectCode(() => m.recommend('nobody'), 'E_UNKNOWN_ID'); // the error path must not leak either
    expectCode(() => rr.Profile.load(new Uint8Array([1, 2, 3])), 'E_CORRUPT'); // nor a failed load
    me.dispose();
    m.dispose();
  };
  for (let i = 0; i < 200; i++) cycle(); // warm up allocator pools
  const before = rr.heapInUse();
  for (let i = 0; i < 10_000; i++) cycle();
  const after = rr.heapInUse();
  assert.ok(after - before <= 1024, `heap grew from ${before} to ${after} bytes`);
  catalog.dispose();
  log.dispose();
});

test('training reports progress and can be cancelled with an AbortSignal', () => {
  const { catalog, log } = world('popularity');
  const seen = [];
  const m = rr.train(log, { algorithm: 'itemknn', onProgress: (p) => { seen.push(p); } });
  assert.ok(seen.length >= 1);
  assert.equal(seen.at(-1).iteration, seen.at(-1).iterations);
  assert.equal(seen[0].loss, null);
  const ac = new AbortController();
  ac.abort();
  expectCode(() => rr.train(log, { algorithm: 'itemknn', signal: ac.signal }), 'E_CANCELLED');
  m.dispose();
  catalog.dispose();
  log.dispose();
});

test('load() reports a missing or non-wasm file as E_LOAD naming the URL', async () => {
  const { load } = await import('../../dist/index.js');
  await assert.rejects(load({ wasmUrl: new URL('./does-not-exist.wasm', import.meta.url) }), (err) => {
    assert.equal(err.code, 'E_LOAD');
    assert.match(err.message, /does-not-exist\.wasm/);
    return true;
  });
  await assert.rejects(load({ wasmBinary: new TextEncoder().encode('<html>not wasm</html>') }), (err) => err.code === 'E_LOAD');
  await assert.rejects(load({ wasmBinary: 'nope' }), (err) => err.code === 'E_ARG');
});

test('profile.forget removes an item or a time range and everything derived', () => {
  const catalog = new rr.Catalog().addMany(VIDEOS);
  const me = new rr.Profile({ catalog });
  me.recordMany([
    { item: 'v1', type: 'like', timestamp: 100 },
    { item: 'v3', type: 'share', timestamp: 200 },
    { item: 'v2', type: 'like', timestamp: 300 },
  ]);
  assert.equal(me.forget({ item: 'v3' }), 1);
  assert.ok(!me.interests(10).some((i) => i.tag === 'travel'));
  assert.ok(!new TextDecoder().decode(me.save()).includes('carol'));
  assert.equal(me.forget({ item: 'nope' }), 0);
  assert.equal(me.forget({ before: 250 }), 1);
  assert.deepEqual(me.interests(10).map((i) => i.tag), ['cooking']);
  expectCode(() => me.forget({}), 'E_ARG');
  expectCode(() => me.forget({ item: 'v1', before: 3 }), 'E_ARG');
  expectCode(() => me.forget({ before: NaN }), 'E_ARG');
  me.dispose();
  catalog.dispose();
});

test('a profile swiping, forgetting and evicting ranks as a fresh copy of itself does (its kept id translation)', () => {
  // The profile keeps its items', tags' and creators' model indices between
  // recommend calls; after every change its list must equal that of
  // Profile.load(save()), which starts with none kept.
  const { catalog, log, model } = world('itemknn');
  const me = new rr.Profile({ catalog, limits: { maxItems: 10 } }); // the smallest cap: evictions rebuild its maps
  // The world's five videos and ten the model does not know.
  const ids = ['v1', 'v2', 'v3', 'v4', 'v5', ...Array.from({ length: 10 }, (_, i) => `x${i}`)];
  for (let t = 0; t < 60; t++) {
    if (t % 7 === 6) me.forget({ item: ids[t % ids.length] });
    else me.record({ item: ids[(t * 4) % ids.length], type: t % 2 ? 'like' : 'view', watchTime: 20, duration: 30, timestamp: 1_700_000_100 + t });
    const fresh = rr.Profile.load(me.save(), { catalog });
    const kept = model.recommend(me, { k: 5 });
    const direct = model.recommend(fresh, { k: 5 });
    assert.deepEqual(kept.map((r) => [r.id, r.score]), direct.map((r) => [r.id, r.score]), `after step ${t}`);
    fresh.dispose();
  }
  me.dispose();
  model.dispose();
  log.dispose();
  catalog.dispose();
});

test('encrypted export: round trip, wrong passphrase is E_DECRYPT, tampering is caught', async () => {
  const catalog = new rr.Catalog().addMany(VIDEOS);
  const me = new rr.Profile({ catalog });
  me.record({ item: 'v1', type: 'like', timestamp: 1 });
  const sealed = await me.save({ passphrase: 'correct horse', iterations: 20_000 });
  assert.ok(!new TextDecoder().decode(sealed).includes('cooking'), 'nothing readable in the export');
  const back = await rr.Profile.load(sealed, { passphrase: 'correct horse', catalog });
  assert.deepEqual(back.save(), me.save());
  await assert.rejects(rr.Profile.load(sealed, { passphrase: 'wrong' }), (e) => e.code === 'E_DECRYPT');
  const tampered = sealed.slice();
  tampered[tampered.length - 1] ^= 1;
  await assert.rejects(rr.Profile.load(tampered, { passphrase: 'correct horse' }), (e) => e.code === 'E_DECRYPT');
  expectCode(() => rr.Profile.load(sealed), 'E_DECRYPT'); // encrypted bytes without a passphrase
  assert.throws(() => me.save({ passphrase: '' }), (e) => e.code === 'E_ARG');
  await assert.rejects(rr.Profile.load(me.save(), { passphrase: 'x' }), (e) => e.code === 'E_CORRUPT');
  for (const x of [me, back, catalog]) x.dispose();
});

test('the default module leaves out the tools; load({ tools: true }) has them', async () => {
  assert.equal(rr.tools, false);
  expectCode(() => rr.evaluate(null), 'E_STATE');
  expectCode(() => rr.readDataset('a,b,1', { format: 'csv' }), 'E_STATE');
  expectCode(() => rr.analytics.engagement(new rr.Interactions()), 'E_STATE');
  const { model, log, catalog } = world('itemknn');
  expectCode(() => model.audienceFor('v1'), 'E_STATE');
  for (const x of [model, log, catalog]) x.dispose();
  const { load } = await import('../../dist/index.js');
  const full = await load({ tools: true });
  assert.equal(full.tools, true);
  assert.equal(typeof full.evaluate, 'function');
  await assert.rejects(load({ tools: 'yes' }), (e) => e.code === 'E_ARG');
});
