// Id length is counted in bytes of UTF-8 everywhere (docs/limits.md: 256
// bytes), in the JS checks as in the core, so a limit of 256 is the same
// limit whatever the script: exactly 256 bytes of multi-byte characters work
// on every path, 257 bytes are E_ARG with the byte count in the message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rr, world } from './helpers.js';

const bytes = (s) => new TextEncoder().encode(s).length;
// 256 bytes in 128, 86 and 64 UTF-16 code units; 257 bytes in 129, 87, 65.
const AT = {
  two: 'é'.repeat(128), // U+00E9: 2 bytes
  three: `${'€'.repeat(85)}a`, // U+20AC: 3 bytes
  four: '😀'.repeat(64), // U+1F600: 4 bytes, a surrogate pair in JS
};
const OVER = {
  two: `${'é'.repeat(128)}a`,
  three: `${'€'.repeat(85)}ab`,
  four: `${'😀'.repeat(64)}a`,
};

test('the ids used here are 256 and 257 bytes of UTF-8, far under 256 UTF-16 code units', () => {
  for (const s of Object.values(AT)) assert.equal(bytes(s), 256);
  for (const s of Object.values(OVER)) assert.equal(bytes(s), 257);
  assert.deepEqual(Object.values(AT).map((s) => s.length), [128, 86, 128]);
});

test('an id of exactly 256 UTF-8 bytes works on every path', () => {
  for (const [kind, id] of Object.entries(AT)) {
    const catalog = new rr.Catalog().add({ id, tags: [id], creator: id, duration: 10 });
    catalog.add({ id: 'plain', tags: ['x'], creator: 'c' });
    assert.ok(catalog.has(id), kind);
    assert.deepEqual(catalog.get(id), { id, tags: [id], creator: id, duration: 10 });
    const log = new rr.Interactions().addMany([
      { user: id, item: id, type: 'like', timestamp: 1 },
      { user: id, item: 'plain', type: 'like', timestamp: 2 },
      { user: 'other', item: id, type: 'like', timestamp: 3 },
    ]);
    const model = rr.train(log, { algorithm: 'itemknn', catalog });
    assert.deepEqual(model.recommend(id, { k: 5, excludeSeen: false }).map((r) => r.id).sort(), ['plain', id].sort(), kind);
    assert.equal(model.similarItems(id, 1)[0].id, 'plain');
    const me = new rr.Profile({ catalog });
    me.record({ item: id, type: 'like', timestamp: 10 });
    assert.equal(me.interests(1)[0].tag, id);
    me.block({ creator: id });
    me.forget({ item: id });
    const saved = rr.Profile.load(me.save(), { catalog });
    saved.dispose();
    for (const x of [me, model, log, catalog]) x.dispose();
  }
});

test('a lone surrogate counts as Emscripten sends it (4 bytes, with the unit after it)', () => {
  const catalog = new rr.Catalog();
  const at = `${'é'.repeat(126)}\ud800`; // 252 + 4 = 256 bytes as the core receives it
  catalog.add({ id: at });
  assert.equal(catalog.size, 1);
  assert.throws(() => catalog.add({ id: `${'é'.repeat(127)}\ud800` }), (e) => e.code === 'E_ARG' && /258 bytes/.test(e.message));
  assert.throws(() => catalog.get(`${'é'.repeat(127)}\udc00`), (e) => e.code === 'E_ARG' && /258 bytes/.test(e.message));
  catalog.dispose();
});

test('an id of 257 UTF-8 bytes is E_ARG on every path, with the count in bytes, and changes nothing', () => {
  const { catalog, log, model } = world('itemknn');
  const me = new rr.Profile({ catalog });
  me.record({ item: 'v1', type: 'like', timestamp: 100 });
  const before = () => [catalog.size, log.eventCount, Buffer.from(me.save()).toString('base64')];
  const was = before();
  const wrong = [];
  for (const [kind, id] of Object.entries(OVER)) {
    const calls = [
      ['catalog.add id', () => catalog.add({ id })],
      ['catalog.add tag', () => catalog.add({ id: 'v9', tags: [id] })],
      ['catalog.add creator', () => catalog.add({ id: 'v9', creator: id })],
      ['log.add user', () => log.add({ user: id, item: 'v1', type: 'like' })],
      ['log.add item', () => log.add({ user: 'u1', item: id, type: 'like' })],
      ['profile.record item', () => me.record({ item: id, type: 'like' })],
      ['profile.record inline tag', () => me.record({ item: 'new', type: 'like', tags: [id] })],
      ['profile.block item', () => me.block({ item: id })],
      ['profile.block creator', () => me.block({ creator: id })],
      ['model.recommend user', () => model.recommend(id)],
      ['model.recommend exclude', () => model.recommend(me, { exclude: [id] })],
      ['model.similarItems', () => model.similarItems(id, 3)],
      ['catalog.get', () => catalog.get(id)],
    ];
    for (const [what, fn] of calls) {
      try {
        fn();
        wrong.push(`${what} (${kind}): accepted`);
      } catch (err) {
        if (!(err instanceof rr.ReelRankError) || err.code !== 'E_ARG' || !/257 bytes/.test(err.message)) {
          wrong.push(`${what} (${kind}): ${err.code} ${err.message.slice(0, 40)}…${err.message.slice(-60)}`);
        }
      }
    }
  }
  assert.deepEqual(wrong, [], 'each call is E_ARG with "257 bytes" in its message');
  assert.deepEqual(before(), was, 'the failed calls changed nothing');
  for (const x of [me, model, log, catalog]) x.dispose();
});
