// rr.simulateFeed through the built package: a small log of two tastes
// (even people watch even videos, odd people odd ones), so a run takes a
// fraction of a second. The planted-world answers (the hidden gem, two
// interests) are in tests/native/test_sim.cpp; here: the JS contract, the
// schema read from the core, determinism, the oracle's zero regret, limits
// and cancellation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rrTools as rr, rr as rrCore, expectCode } from './helpers.js';

const rows = [];
for (let u = 0; u < 12; ++u) {
  for (let j = 0; j < 40; ++j) if ((u + j) % 2 === 0 && (u * 7 + j * 3) % 5 !== 0) rows.push(`u${u},m${j},1,${100 * j}`);
}
const CSV = `user,item,value,timestamp\n${rows.join('\n')}\n`;
const SMALL = { sessions: 3, people: 8, worldFactors: 4, pageSize: 3, maxSessionVideos: 6, algorithm: 'itemknn' };
const withoutTimes = (r) => ({ ...r, world: { ...r.world, fitSeconds: 0 }, policies: r.policies.map((p) => ({ ...p, seconds: 0 })) });

function withData(fn) {
  const data = rr.readDataset(CSV, { format: 'csv' });
  try {
    return fn(data);
  } finally {
    data.dispose();
  }
}

test('simulateFeed: the world, one row per policy, and the oracle has zero regret', () => withData((data) => {
  const r = rr.simulateFeed(data, { ...SMALL, policies: ['none', 'random:0.5', 'oracle'] });
  assert.equal(r.algorithm, 'itemknn');
  assert.equal(r.world.people, 8);
  assert.equal(r.world.videos, 40);
  assert.equal(r.world.newVideos, 4);  // 10% of 40
  assert.equal(r.world.factors, 4);
  assert.deepEqual(r.policies.map((p) => p.policy), ['none', 'random:0.5', 'oracle']);
  const [none, random, oracle] = r.policies;
  assert.equal(oracle.regretPerSession, 0);
  assert.equal(oracle.slotRegretPerSession, 0);
  assert.ok(none.slotRegretPerSession >= 0 && random.slotRegretPerSession >= 0);
  for (const p of [none, random]) {
    assert.ok(Math.abs(p.regretPerSession - (oracle.expectedWatchTimePerSession - p.expectedWatchTimePerSession)) < 1e-9);
  }
  for (const p of r.policies) {
    assert.equal(p.sessions, 24);  // 8 people x 3 days
    assert.ok(p.sessionLength > 0 && p.sessionLength <= 6);
    assert.ok(p.meanWatchFraction >= 0 && p.meanWatchFraction <= 1);
    assert.ok(p.giniVideos >= 0 && p.giniVideos < 1);
    assert.ok(p.newVideosReached >= 0 && p.newVideosReached <= 1);
    assert.ok(p.newVideoImpressionShare >= 0 && p.newVideoImpressionShare <= 1);
    // Mean impressions per new video x new videos / every impression = the share.
    const impressions = p.sessionLength * p.sessions;
    assert.ok(Math.abs(p.newVideoMeanImpressions * r.world.newVideos / impressions - p.newVideoImpressionShare) < 1e-9);
    assert.equal(p.miscalibration, null);  // this log has no tags (docs/simulator.md)
    // One plain number per day, whose mean is the run's watch time per session.
    assert.ok(Array.isArray(p.watchTimeByDay));
    assert.equal(p.watchTimeByDay.length, 3);
    const mean = p.watchTimeByDay.reduce((a, b) => a + b, 0) / 3;
    assert.ok(Math.abs(mean - p.watchTimePerSession) < 1e-9 * Math.max(1, mean), p.policy);
    assert.ok(p.watchTimeByDay.every((x) => x >= 0));
  }
  assert.equal(oracle.retrains, 0);
  assert.equal(none.retrains, 2);  // after days 1 and 2 of 3
  // Every setting is reported, given or the core's default.
  for (const f of rr.simulateFeed.schema.fields) assert.equal(r.settings[f.name], SMALL[f.name] ?? f.default, f.name);
}));

test('simulateFeed: the schema comes from the core', () => {
  const { fields, policies, stages, defaultAlgorithm } = rr.simulateFeed.schema;
  const sessions = fields.find((f) => f.name === 'sessions');
  assert.deepEqual({ ...sessions }, { name: 'sessions', default: 5, min: 1, max: 1000, integer: true });
  assert.deepEqual(policies.map((p) => p.name), ['none', 'random', 'thompson', 'ucb', 'oracle']);
  assert.equal(policies.find((p) => p.name === 'oracle').oracle, true);
  assert.deepEqual([...stages], ['world', 'train', 'simulate']);
  assert.equal(defaultAlgorithm, 'ials');
  assert.ok(Object.isFrozen(fields) && Object.isFrozen(fields[0]));
});

test('simulateFeed: a seed gives the same run, another seed another', () => withData((data) => {
  const a = rr.simulateFeed(data, { ...SMALL, policies: 'none,random:0.3', seed: 5 });
  const b = rr.simulateFeed(data, { ...SMALL, policies: 'none,random:0.3', seed: 5 });
  const c = rr.simulateFeed(data, { ...SMALL, policies: 'none,random:0.3', seed: 6 });
  assert.deepEqual(withoutTimes(a), withoutTimes(b));
  assert.notDeepEqual(withoutTimes(a).policies, withoutTimes(c).policies);
}));

test('simulateFeed: genres from a catalogue become the videos\' tags', () => withData((data) => {
  const catalog = [{ id: 'm0', tags: ['Drama'] }, { id: 'm1', tags: ['Comedy'] }, { id: 'elsewhere', tags: ['Drama'] }];
  const r = rr.simulateFeed(data, { ...SMALL, sessions: 1, policies: ['oracle'], catalog });
  assert.equal(r.world.taggedVideos, 2);
}));

test('simulateFeed: progress reports every stage, and returning false cancels', () => withData((data) => {
  const seen = new Set();
  rr.simulateFeed(data, { ...SMALL, sessions: 2, policies: ['none'], onProgress: (p) => { seen.add(p.stage); } });
  assert.deepEqual([...seen].sort(), ['simulate', 'train', 'world']);
  const before = rr.heapInUse();
  expectCode(() => rr.simulateFeed(data, { ...SMALL, onProgress: (p) => p.stage !== 'simulate' }), 'E_CANCELLED');
  const controller = new AbortController();
  controller.abort();
  expectCode(() => rr.simulateFeed(data, { ...SMALL, signal: controller.signal }), 'E_CANCELLED');
  assert.equal(rr.heapInUse(), before);  // a cancelled run leaves nothing behind
  // A throwing onProgress ends the run with its own error, after wasm returned.
  assert.throws(() => rr.simulateFeed(data, { ...SMALL, onProgress: () => { throw new Error('mine'); } }), /mine/);
}));

test('simulateFeed: bad arguments are E_ARG before any work, at the limits', () => withData((data) => {
  expectCode(() => rr.simulateFeed('not a dataset', SMALL), 'E_ARG');
  expectCode(() => rr.simulateFeed(data, { ...SMALL, sessions: 0 }), 'E_ARG');
  expectCode(() => rr.simulateFeed(data, { ...SMALL, sessions: 1001 }), 'E_ARG');
  expectCode(() => rr.simulateFeed(data, { ...SMALL, sessions: 1.5 }), 'E_ARG');
  expectCode(() => rr.simulateFeed(data, { ...SMALL, pageSize: 101 }), 'E_ARG');
  expectCode(() => rr.simulateFeed(data, { ...SMALL, newVideoShare: 0.95 }), 'E_ARG');
  expectCode(() => rr.simulateFeed(data, { ...SMALL, lowFraction: 0.9 }), 'E_ARG');  // not below highFraction: the core's check
  expectCode(() => rr.simulateFeed(data, { ...SMALL, patience: '3' }), 'E_ARG');
  expectCode(() => rr.simulateFeed(data, { ...SMALL, policies: [] }), 'E_ARG');
  expectCode(() => rr.simulateFeed(data, { ...SMALL, policies: ['random:2'] }), 'E_ARG');
  expectCode(() => rr.simulateFeed(data, { ...SMALL, policies: ['thompson:1.5'] }), 'E_ARG');
  expectCode(() => rr.simulateFeed(data, { ...SMALL, policies: ['softmax:0.1'] }), 'E_ARG');
  expectCode(() => rr.simulateFeed(data, { ...SMALL, policies: ['none', 'none'] }), 'E_ARG');
  expectCode(() => rr.simulateFeed(data, { ...SMALL, algorithm: 'nosuch' }), 'E_ARG');
  expectCode(() => rr.simulateFeed(data, { ...SMALL, neighbours: 5 }), 'E_ARG');  // an option itemknn does not have
  expectCode(() => rr.simulateFeed(data, { ...SMALL, onProgress: 'yes' }), 'E_ARG');
  // Inside the limits: the smallest run there is.
  const r = rr.simulateFeed(data, { ...SMALL, sessions: 1, pageSize: 1, maxSessionVideos: 1, patience: 1, newVideoShare: 0, policies: 'oracle' });
  assert.equal(r.world.newVideos, 0);
  assert.equal(r.policies[0].sessionLength, 1);
  assert.equal(r.policies[0].newVideosReached, null);  // no new video to reach the target
  assert.equal(r.policies[0].newVideoMeanImpressions, null);
  assert.equal(r.policies[0].newVideoImpressionShare, null);
}));

test('simulateFeed needs the tools module', () => {
  expectCode(() => rrCore.simulateFeed(null), 'E_STATE');
});
