// Shared set-up for the node:test suites: one loaded module and a small world.
import assert from 'node:assert/strict';
import { load } from '../../dist/index.js';

export const rr = await load();
// The tools module (evaluation, analytics) is a second, larger wasm.
export const rrTools = await load({ tools: true });

export const VIDEOS = [
  { id: 'v1', tags: ['cooking', 'asmr'], creator: 'alice', duration: 40 },
  { id: 'v2', tags: ['cooking'], creator: 'bob', duration: 20 },
  { id: 'v3', tags: ['travel'], creator: 'carol', duration: 60 },
  { id: 'v4', tags: ['travel', 'food'], creator: 'carol', duration: 30 },
  { id: 'v5', tags: ['music'], creator: 'dan', duration: 15 },
];

// u1 and u2 like cooking, u3 and u4 travel; u5 likes both.
export const EVENTS = [
  ['u1', 'v1'], ['u1', 'v2'], ['u2', 'v1'], ['u2', 'v2'], ['u3', 'v3'], ['u3', 'v4'], ['u4', 'v3'], ['u4', 'v4'],
  ['u5', 'v2'], ['u5', 'v3'], ['u4', 'v5'],
].map(([user, item], i) => ({ user, item, type: 'like', timestamp: 1_700_000_000 + i }));

export function world(algorithm = 'itemknn', extra = {}) {
  const catalog = new rr.Catalog().addMany(VIDEOS);
  const log = new rr.Interactions().addMany(EVENTS);
  const model = rr.train(log, { algorithm, catalog, ...extra });
  return { catalog, log, model };
}

export function expectCode(fn, code) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof rr.ReelRankError, `expected ReelRankError, got ${err?.name}: ${err?.message}`);
    assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
    assert.ok(err.message.length > 10, 'the message says something');
    return true;
  });
}
