// The bad-input catalogue: every row is a call that must fail with a
// ReelRankError of the given code, and leave every object exactly as it was
// (saved bytes identical before and after the failed call).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rr, VIDEOS, EVENTS, world, expectCode } from './helpers.js';

const { catalog, log, model } = world('itemknn');
const me = new rr.Profile({ catalog });
me.recordMany([{ item: 'v1', type: 'like', timestamp: 100 }, { item: 'v3', type: 'view', watchTime: 20, timestamp: 200 }]);
const profileBytes = me.save();
const modelBytes = model.save();
const disposedProfile = new rr.Profile();
disposedProfile.dispose();
const disposedModel = rr.Model.load(modelBytes);
disposedModel.dispose();
const huge = 'x'.repeat(10_000_000);
const flip = (bytes, at, bit = 1) => { const c = bytes.slice(); c[at] ^= bit; return c; };

function state() {
  return {
    profile: Buffer.from(me.save()).toString('base64'),
    model: Buffer.from(model.save()).toString('base64'),
    catalog: JSON.stringify([catalog.size, catalog.ids(), catalog.embeddingDim]),
    log: JSON.stringify([log.eventCount, log.userCount, log.itemCount]),
  };
}

const rows = [
  // types
  ['record: event is a string', () => me.record('v1'), 'E_ARG'],
  ['record: event is null', () => me.record(null), 'E_ARG'],
  ['record: item is a number', () => me.record({ item: 7, type: 'like' }), 'E_ARG'],
  ['record: type is missing', () => me.record({ item: 'v1' }), 'E_ARG'],
  ['record: type unknown', () => me.record({ item: 'v1', type: 'watch' }), 'E_ARG'],
  ['record: type wrong case', () => me.record({ item: 'v1', type: 'LIKE' }), 'E_ARG'],
  ['recordMany: not an array', () => me.recordMany({ item: 'v1', type: 'like' }), 'E_ARG'],
  ['recordMany: one bad event spoils the batch', () => me.recordMany([{ item: 'v2', type: 'like' }, { item: 'v2', type: 'nope' }]), 'E_ARG'],
  ['catalog.add: not an object', () => catalog.add('v9'), 'E_ARG'],
  ['catalog.add: tags not an array', () => catalog.add({ id: 'v9', tags: 'cooking' }), 'E_ARG'],
  ['catalog.add: tag not a string', () => catalog.add({ id: 'v9', tags: [3] }), 'E_ARG'],
  ['log.add: user missing', () => log.add({ item: 'v1', type: 'like' }), 'E_ARG'],
  ['addRatings: not columns', () => log.addRatings([1, 2, 3]), 'E_ARG'],
  ['recommend: options not an object', () => model.recommend(me, 10), 'E_ARG'],
  ['recommend: who is a number', () => model.recommend(12), 'E_ARG'],
  ['recommend: k is a string', () => model.recommend(me, { k: '5' }), 'E_ARG'],
  ['recommend: explain not boolean', () => model.recommend(me, { explain: 1 }), 'E_ARG'],
  ['train: log is not Interactions', () => rr.train(catalog), 'E_ARG'],
  ['train: option not a number', () => rr.train(log, { neighbors: '50' }), 'E_ARG'],
  ['Profile.load: bytes are a string', () => rr.Profile.load('RRPF'), 'E_ARG'],
  ['Model.load: bytes are an array', () => rr.Model.load([1, 2, 3]), 'E_ARG'],
  // ranges, NaN, Infinity
  ['record: NaN watch time', () => me.record({ item: 'v1', type: 'view', watchTime: NaN }), 'E_ARG'],
  ['record: negative watch time', () => me.record({ item: 'v1', type: 'view', watchTime: -1 }), 'E_ARG'],
  ['record: Infinity watch time', () => me.record({ item: 'v1', type: 'view', watchTime: Infinity }), 'E_ARG'],
  ['record: NaN rating', () => me.record({ item: 'v1', type: 'rating', value: NaN }), 'E_ARG'],
  ['record: negative duration', () => me.record({ item: 'v1', type: 'like', duration: -5 }), 'E_ARG'],
  ['record: -Infinity timestamp', () => me.record({ item: 'v1', type: 'like', timestamp: -Infinity }), 'E_ARG'],
  ['catalog.add: NaN duration', () => catalog.add({ id: 'v9', duration: NaN }), 'E_ARG'],
  ['catalog.add: Infinity in embedding', () => catalog.add({ id: 'v9', embedding: [1, Infinity] }), 'E_ARG'],
  ['recommend: k = 0', () => model.recommend(me, { k: 0 }), 'E_ARG'],
  ['recommend: k negative', () => model.recommend(me, { k: -3 }), 'E_ARG'],
  ['recommend: k fractional', () => model.recommend(me, { k: 1.5 }), 'E_ARG'],
  ['recommend: k too large', () => model.recommend(me, { k: 1e9 }), 'E_ARG'],
  ['recommend: diversity NaN', () => model.recommend(me, { diversity: NaN }), 'E_ARG'],
  ['recommend: exploration > 1', () => model.recommend(me, { exploration: 1.5 }), 'E_ARG'],
  ['recommend: maxPerCreator negative', () => model.recommend(me, { maxPerCreator: -1 }), 'E_ARG'],
  ['train: neighbors 0', () => rr.train(log, { neighbors: 0 }), 'E_ARG'],
  ['train: shrink negative', () => rr.train(log, { shrink: -1 }), 'E_ARG'],
  ['train: shrink Infinity', () => rr.train(log, { shrink: Infinity }), 'E_ARG'],
  ['train: negative half-life', () => rr.train(log, { weights: { halfLifeDays: -2 } }), 'E_ARG'],
  ['train: NaN weight', () => rr.train(log, { weights: { like: NaN } }), 'E_ARG'],
  ['profile: interests(n) fractional', () => me.interests(2.5), 'E_ARG'],
  ['teach: k = 0', () => rr.teach.userBasedCF([[1, 2], [3, 4]], { k: 0 }), 'E_ARG'],
  ['teach: Infinity rating', () => rr.teach.userBasedCF([[1, Infinity]]), 'E_ARG'],
  // huge strings
  ['record: 10 MB item id', () => me.record({ item: huge, type: 'like' }), 'E_ARG'],
  ['catalog.add: 10 MB tag', () => catalog.add({ id: 'v9', tags: [huge] }), 'E_ARG'],
  ['log.add: 257-character user id', () => log.add({ user: 'u'.repeat(257), item: 'v1', type: 'like' }), 'E_ARG'],
  ['recommend: 10 MB user id', () => model.recommend(huge), 'E_ARG'],
  ['record: id with a NUL character', () => me.record({ item: 'v\0 1', type: 'like' }), 'E_ARG'],
  // duplicate ids
  ['catalog.add: id already present', () => catalog.add({ id: 'v1' }), 'E_ARG'],
  ['catalog.addMany: id twice in one batch', () => catalog.addMany([{ id: 'n1' }, { id: 'n1' }]), 'E_ARG'],
  // unknown ids
  ['recommend: unknown user', () => model.recommend('stranger'), 'E_UNKNOWN_ID'],
  ['recommend: unknown candidate', () => model.recommend(me, { candidates: ['v1', 'v404'] }), 'E_UNKNOWN_ID'],
  ['predict: unknown item', () => model.predict('u1', 'v404'), 'E_UNKNOWN_ID'],
  ['predict: unknown user', () => model.predict('stranger', 'v1'), 'E_UNKNOWN_ID'],
  ['similarItems: unknown item', () => model.similarItems('v404'), 'E_UNKNOWN_ID'],
  // empty inputs
  ['train: empty log and no catalogue', () => rr.scope(() => rr.train(new rr.Interactions())), 'E_EMPTY'],
  ['train: empty log, empty catalogue', () => rr.scope(() => rr.train(new rr.Interactions(), { algorithm: 'content', catalog: new rr.Catalog() })), 'E_EMPTY'],
  ['recommend: empty candidate list', () => model.recommend(me, { candidates: [] }), null],
  ['record: empty item id', () => me.record({ item: '', type: 'like' }), 'E_ARG'],
  ['teach: empty matrix', () => rr.teach.userBasedCF([]), 'E_ARG'],
  ['teach: empty vectors', () => rr.teach.cosine([], []), 'E_ARG'],
  // truncated, bit-flipped, oversized, foreign bytes
  ['Profile.load: truncated by one byte', () => rr.Profile.load(profileBytes.subarray(0, profileBytes.length - 1)), 'E_CORRUPT'],
  ['Profile.load: header only', () => rr.Profile.load(profileBytes.subarray(0, 16)), 'E_CORRUPT'],
  ['Profile.load: one bit flipped in the payload', () => rr.Profile.load(flip(profileBytes, 40)), 'E_CORRUPT'],
  ['Profile.load: one bit flipped in the checksum', () => rr.Profile.load(flip(profileBytes, profileBytes.length - 1)), 'E_CORRUPT'],
  ['Profile.load: trailing garbage', () => rr.Profile.load(new Uint8Array([...profileBytes, 0, 0, 0])), 'E_CORRUPT'],
  ['Profile.load: oversized (1 MB of zeros)', () => rr.Profile.load(new Uint8Array(1 << 20)), 'E_CORRUPT'],
  ['Profile.load: a model snapshot', () => rr.Profile.load(modelBytes), 'E_CORRUPT'],
  ['Profile.load: newer format version', () => { const b = profileBytes.slice(); b[4] = 2; return rr.Profile.load(b); }, 'E_VERSION'],
  ['Model.load: truncated in half', () => rr.Model.load(modelBytes.subarray(0, modelBytes.length >> 1)), 'E_CORRUPT'],
  ['Model.load: one bit flipped', () => rr.Model.load(flip(modelBytes, modelBytes.length >> 1, 0x80)), 'E_CORRUPT'],
  ['Model.load: empty', () => rr.Model.load(new Uint8Array(0)), 'E_CORRUPT'],
  ['Model.load: newer format version', () => { const b = modelBytes.slice(); b[4] = 7; return rr.Model.load(b); }, 'E_VERSION'],
  // use after dispose
  ['disposed profile: record', () => disposedProfile.record({ item: 'v1', type: 'like' }), 'E_DISPOSED'],
  ['disposed profile: save', () => disposedProfile.save(), 'E_DISPOSED'],
  ['disposed profile passed to recommend', () => model.recommend(disposedProfile), 'E_DISPOSED'],
  ['disposed model: recommend', () => disposedModel.recommend(me), 'E_DISPOSED'],
  ['disposed model: info', () => disposedModel.info, 'E_DISPOSED'],
];

test(`the bad-input catalogue has at least 50 cases (${rows.length})`, () => {
  assert.ok(rows.length >= 50);
});

for (const [name, fn, code] of rows) {
  test(`bad input: ${name} -> ${code ?? 'accepted, empty result'}`, () => {
    const before = state();
    if (code === null) {
      assert.deepEqual(fn(), []);
    } else {
      expectCode(fn, code);
    }
    assert.deepEqual(state(), before, 'the objects involved are unchanged');
  });
}

test('out-of-order timestamps are accepted, and the order does not matter', () => {
  const events = [
    { item: 'v1', type: 'like', timestamp: 300 },
    { item: 'v2', type: 'view', watchTime: 10, timestamp: 100 },
    { item: 'v3', type: 'skip', timestamp: 200 },
  ];
  const a = new rr.Profile({ catalog }).recordMany(events);
  const b = new rr.Profile({ catalog }).recordMany([...events].sort((x, y) => x.timestamp - y.timestamp));
  // Same result up to floating-point summation order.
  const close = (x, y) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
  const [ia, ib] = [a.interests(10), b.interests(10)];
  assert.deepEqual(ia.map((i) => i.tag), ib.map((i) => i.tag));
  ia.forEach((i, k) => assert.ok(close(i.weight, ib[k].weight)));
  const [ra, rb] = [model.recommend(a, { k: 5 }), model.recommend(b, { k: 5 })];
  assert.deepEqual(ra.map((r) => r.id), rb.map((r) => r.id));
  ra.forEach((r, k) => assert.ok(Math.abs(r.score - rb[k].score) < 1e-5));
  a.dispose();
  b.dispose();
});

test('the library makes no network request during any operation', async () => {
  const calls = [];
  const realFetch = globalThis.fetch;
  const { default: http } = await import('node:http');
  const { default: https } = await import('node:https');
  const { default: net } = await import('node:net');
  const saved = { httpRequest: http.request, httpGet: http.get, httpsRequest: https.request, httpsGet: https.get, connect: net.connect, createConnection: net.createConnection };
  const trap = (name) => (...args) => { calls.push(name); throw new Error(`network call ${name}`); };
  globalThis.fetch = trap('fetch');
  http.request = trap('http.request'); http.get = trap('http.get');
  https.request = trap('https.request'); https.get = trap('https.get');
  net.connect = trap('net.connect'); net.createConnection = trap('net.createConnection');
  try {
    rr.scope(() => {
      const c = new rr.Catalog().addMany(VIDEOS);
      const l = new rr.Interactions().addMany(EVENTS);
      for (const algorithm of ['popularity', 'userknn', 'itemknn', 'content']) {
        const m = rr.train(l, { algorithm, catalog: c });
        const p = new rr.Profile({ catalog: m });
        p.record({ item: 'v1', type: 'like' });
        m.recommend(p, { k: 3, diversity: 0.5, exploration: 0.3 });
        m.recommend('u1');
        m.predict('u1', 'v2');
        m.similarItems('v1');
        rr.Model.load(m.save());
        rr.Profile.load(p.save());
        p.forget({ item: 'v1' });
      }
      rr.teach.userBasedCF([[1, 2], [2, 1]], { k: 1 });
    });
    const p = new rr.Profile();
    const sealed = await p.save({ passphrase: 'pw', iterations: 10_000 });
    (await rr.Profile.load(sealed, { passphrase: 'pw' })).dispose();
    p.dispose();
  } finally {
    globalThis.fetch = realFetch;
    Object.assign(http, { request: saved.httpRequest, get: saved.httpGet });
    Object.assign(https, { request: saved.httpsRequest, get: saved.httpsGet });
    Object.assign(net, { connect: saved.connect, createConnection: saved.createConnection });
  }
  assert.deepEqual(calls, []);
});
