// model.tagMix(profile, ids): the history and list mixes calibration compares,
// and their KL divergence, through the built package. Worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rr, expectCode } from './helpers.js';

const near = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} != ${b}`);
const ALPHA = 0.01; // Steck's alpha (rank/calibration.hpp)

// h1 {x} and h2 {x, y} are liked once each, at one moment (equal weights), so
// the history mix is x 1 + 1/2, y 1/2 over 2: x 0.75, y 0.25, z 0.
function world() {
  const catalog = new rr.Catalog().addMany([
    { id: 'h1', tags: ['x'] }, { id: 'h2', tags: ['x', 'y'] }, { id: 'a', tags: ['x'] }, { id: 'b', tags: ['y', 'z'] },
    { id: 'c', tags: ['z'] }, { id: 'plain' },
  ]);
  const log = new rr.Interactions().addMany(['a', 'b', 'c', 'plain'].map((item) => ({ user: 'u1', item, type: 'like', timestamp: 1_700_000_000 })));
  const model = rr.train(log, { algorithm: 'popularity', catalog });
  const me = new rr.Profile({ catalog, weights: { halfLifeDays: 0 } });
  for (const item of ['h1', 'h2']) me.record({ item, type: 'like', timestamp: 1_700_000_000 });
  return { catalog, model, me };
}

/** A mix as { tag: share }. */
const byTag = (tags, shares) => Object.fromEntries(tags.map((t, i) => [t, shares[i]]));

test('tagMix: the history and list mixes and their KL divergence, by hand', () => {
  rr.scope(() => {
    const { model, me } = world();
    const mix = model.tagMix(me, ['a', 'b', 'c']);
    assert.deepEqual([...mix.tags].sort(), ['x', 'y', 'z']);
    assert.ok(mix.history instanceof Float64Array && mix.list instanceof Float64Array);
    const history = byTag(mix.tags, mix.history);
    near(history.x, 0.75, 'history x');
    near(history.y, 0.25, 'history y');
    near(history.z, 0, 'history z');
    // a {x} gives x 1; b {y, z} gives y 1/2 and z 1/2; c {z} gives z 1; over 3 videos.
    const list = byTag(mix.tags, mix.list);
    near(list.x, 1 / 3, 'list x');
    near(list.y, 1 / 6, 'list y');
    near(list.z, 1 / 2, 'list z');
    // KL(p || q~), q~ = 0.99 q + 0.01 p over the tags the history holds:
    // 0.75 ln(0.75 / 0.3375) + 0.25 ln(0.25 / 0.1675) = 0.6990002
    const kl = 0.75 * Math.log(0.75 / (0.99 / 3 + ALPHA * 0.75)) + 0.25 * Math.log(0.25 / (0.99 / 6 + ALPHA * 0.25));
    near(mix.miscalibration, kl, 'miscalibration');
    assert.ok(Math.abs(mix.miscalibration - 0.6990002) < 1e-7, `miscalibration ${mix.miscalibration} is 0.6990002`);
    // A list with the history's own mix (h1 and h2 themselves) is calibrated: KL 0.
    near(model.tagMix(me, ['h1', 'h2']).miscalibration, 0, 'the history against itself');
    // An empty list has no mix: q~ = alpha p and KL = ln(1 / alpha).
    const empty = model.tagMix(me, []);
    assert.deepEqual([...empty.list], [0, 0, 0]);
    near(empty.miscalibration, Math.log(1 / ALPHA), 'empty list');
    // A video without tags adds nothing to the list's mix.
    assert.deepEqual(byTag(model.tagMix(me, ['a', 'plain']).tags, model.tagMix(me, ['a', 'plain']).list), { x: 1, y: 0, z: 0 });
  });
});

test('tagMix: without a tagged video in the history there is nothing to be calibrated to (null)', () => {
  rr.scope(() => {
    const { catalog, model } = world();
    const nobody = new rr.Profile({ catalog });
    const mix = model.tagMix(nobody, ['a']);
    assert.deepEqual([...mix.history], [0, 0, 0]);
    assert.equal(mix.miscalibration, null);
    nobody.record({ item: 'plain', type: 'like', timestamp: 1_700_000_000 });
    assert.equal(model.tagMix(nobody, ['a']).miscalibration, null);
  });
});

test('tagMix follows what recommend calibrates: calibration 1 lowers the list\'s miscalibration', () => {
  rr.scope(() => {
    // The same history (x 0.75, y 0.25); popularity liked c {z} 3 times, b {y, z} 2, a {x} and d {y} once.
    const catalog = new rr.Catalog().addMany([
      { id: 'h1', tags: ['x'] }, { id: 'h2', tags: ['x', 'y'] }, { id: 'a', tags: ['x'] }, { id: 'b', tags: ['y', 'z'] },
      { id: 'c', tags: ['z'] }, { id: 'd', tags: ['y'] },
    ]);
    const likes = [['u1', 'c'], ['u2', 'c'], ['u3', 'c'], ['u1', 'b'], ['u2', 'b'], ['u1', 'a'], ['u1', 'd']];
    const log = new rr.Interactions().addMany(likes.map(([user, item]) => ({ user, item, type: 'like', timestamp: 1_700_000_000 })));
    const model = rr.train(log, { algorithm: 'popularity', catalog, blend: { content: 0, creator: 0 } });
    const me = new rr.Profile({ catalog, weights: { halfLifeDays: 0 } });
    for (const item of ['h1', 'h2']) me.record({ item, type: 'like', timestamp: 1_700_000_000 });
    const ids = (calibration) => model.recommend(me, { k: 2, calibration }).map((r) => r.id);
    // Plain: c and b, mix y 0.25, z 0.75: 0.75 ln(0.75 / 0.0075) + 0.25 ln(0.25 / 0.25) = 0.75 ln 100.
    assert.deepEqual(ids(0), ['c', 'b']);
    near(model.tagMix(me, ids(0)).miscalibration, 0.75 * Math.log(100), 'plain');
    // Calibration 1: a and d, mix x 0.5, y 0.5: 0.75 ln(0.75 / 0.5025) + 0.25 ln(0.25 / 0.4975).
    assert.deepEqual(ids(1), ['a', 'd']);
    near(model.tagMix(me, ids(1)).miscalibration, 0.75 * Math.log(0.75 / 0.5025) + 0.25 * Math.log(0.25 / 0.4975), 'calibrated');
  });
});

test('tagMix: bad arguments are typed errors that name the fix', () => {
  rr.scope(() => {
    const { model, me } = world();
    expectCode(() => model.tagMix('u1', ['a']), 'E_ARG');
    assert.throws(() => model.tagMix(undefined, ['a']), /first argument must be a Profile/);
    expectCode(() => model.tagMix(me, 'a'), 'E_ARG');
    expectCode(() => model.tagMix(me, [1]), 'E_ARG');
    expectCode(() => model.tagMix(me, ['a', '']), 'E_ARG');
    expectCode(() => model.tagMix(me, ['a', 'nope']), 'E_UNKNOWN_ID');
    assert.throws(() => model.tagMix(me, ['nope']), /'nope' is not an item of this model/);
  });
  const { catalog, model, me } = world();
  const other = new rr.Profile({ catalog });
  other.dispose();
  expectCode(() => model.tagMix(other, ['a']), 'E_DISPOSED');
  model.dispose();
  expectCode(() => model.tagMix(me, ['a']), 'E_DISPOSED');
  me.dispose();
  catalog.dispose();
});
