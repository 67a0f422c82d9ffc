// recommend(me, { calibration, popularityCorrection }) and the evaluation's
// longTailShare / miscalibration through the built package. The numbers are
// worked out by hand (tests/native/test_calibration.cpp does the same in the core).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rr, rrTools, expectCode } from './helpers.js';

const near = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} != ${b}`);
const pop = (n) => Math.log1p(n) / Math.log1p(4);  // popularity = log1p(count) / log1p(max count)

// h1 {x} and h2 {y} are the person's history; a {x} liked 4 times, b {x} 3, c {y} 2.
// The popularity model with content and creator weighed 0 scores pop(count).
function world() {
  const catalog = new rr.Catalog().addMany([
    { id: 'h1', tags: ['x'] }, { id: 'h2', tags: ['y'] }, { id: 'a', tags: ['x'] }, { id: 'b', tags: ['x'] }, { id: 'c', tags: ['y'] },
  ]);
  const likes = [['u1', 'a'], ['u2', 'a'], ['u3', 'a'], ['u4', 'a'], ['u1', 'b'], ['u2', 'b'], ['u3', 'b'], ['u1', 'c'], ['u2', 'c'],
    ['u1', 'h1'], ['u2', 'h2']];
  const log = new rr.Interactions().addMany(likes.map(([user, item]) => ({ user, item, type: 'like', timestamp: 1_700_000_000 })));
  const model = rr.train(log, { algorithm: 'popularity', catalog, weights: { halfLifeDays: 0 }, blend: { content: 0, creator: 0 } });
  const me = new rr.Profile({ catalog, weights: { halfLifeDays: 0 } });
  me.record({ item: 'h1', type: 'like', timestamp: 1_700_000_000 });
  me.record({ item: 'h2', type: 'like', timestamp: 1_700_000_000 });
  return { model, me };
}

test('the schema carries the defaults and ranges of calibration and popularityCorrection', () => {
  assert.deepEqual({ ...rr.schema.calibration }, { default: 0, min: 0, max: 1 });
  assert.deepEqual({ ...rr.schema.popularityCorrection }, { default: 0, min: 0, max: 4 });
});

test('calibration: weight 0 is the plain feed, a larger weight brings in the missing tag', () => {
  rr.scope(() => {
    const { model, me } = world();
    // Relevance over the pool: a 1, b (pop(3) - pop(2)) / (pop(4) - pop(2)) = 0.5616, c 0. After a
    // (KL 1.9585 for every first pick), b keeps the list all x (KL 1.9585), c evens it (KL 0); the
    // second slot's relevance counts 1 / log2 3 = 0.63093 (its DCG weight), so
    // b wins while w < 0.35433 / (0.35433 + 1.9585) = 0.1532 (0.223 without that weight).
    const plain = model.recommend(me, { k: 2 });
    assert.deepEqual(plain.map((r) => r.id), ['a', 'b']);
    near(plain[1].score, pop(3), 'b');
    const zero = model.recommend(me, { k: 2, calibration: 0 });
    assert.deepEqual(zero, plain);
    assert.deepEqual(model.recommend(me, { k: 2, calibration: 0.15 }).map((r) => r.id), ['a', 'b']);
    assert.deepEqual(model.recommend(me, { k: 2, calibration: 0.16 }).map((r) => r.id), ['a', 'c']);
    const calibrated = model.recommend(me, { k: 2, calibration: 0.5 });
    assert.deepEqual(calibrated.map((r) => r.id), ['a', 'c']);
    near(calibrated[1].score, pop(2), 'c keeps its own score');
    assert.deepEqual(model.recommend(me, { k: 2, calibration: rr.schema.calibration.max }).map((r) => r.id), ['a', 'c']);
    // A server page re-ranked after a swipe takes it too (its scores weighed 0 here).
    const page = model.page(['a', 'b', 'c'].map((id) => ({ id, score: 1 })));
    assert.deepEqual(page.recommend(me, { k: 2, serverWeight: 0 }).map((r) => r.id), ['a', 'b']);
    assert.deepEqual(page.recommend(me, { k: 2, serverWeight: 0, calibration: 0.5 }).map((r) => r.id), ['a', 'c']);
  });
});

test('popularityCorrection: score - beta * popularity', () => {
  rr.scope(() => {
    const { model, me } = world();
    // The popularity model's score is pop itself: (1 - beta) pop, so beta 2 reverses the order.
    const reversed = model.recommend(me, { k: 3, popularityCorrection: 2 });
    assert.deepEqual(reversed.map((r) => r.id), ['c', 'b', 'a']);
    near(reversed[0].score, -pop(2), 'c');
    near(reversed[2].score, -1, 'a');
    const most = model.recommend(me, { k: 3, popularityCorrection: rr.schema.popularityCorrection.max });
    near(most[0].score, -3 * pop(2), 'c at beta 4');
  });
});

test('bad calibration or popularityCorrection: E_ARG, and the failed call changes nothing', () => {
  rr.scope(() => {
    const { model, me } = world();
    const before = model.recommend(me, { k: 3 });
    const recorded = me.totalRecorded;
    for (const calibration of [-0.01, 1.01, Number.NaN, '0.5', null]) {
      expectCode(() => model.recommend(me, { calibration }), 'E_ARG');
    }
    for (const popularityCorrection of [-0.01, 4.01, Number.POSITIVE_INFINITY, '1']) {
      expectCode(() => model.recommend(me, { popularityCorrection }), 'E_ARG');
    }
    assert.throws(() => model.recommend(me, { calibration: 2 }), /calibration/);
    assert.equal(me.totalRecorded, recorded);
    assert.deepEqual(model.recommend(me, { k: 3 }), before);
  });
});

// The tiny log of tests/native/test_calibration.cpp as ratings (every rating 5,
// so every history item weighs the same and every test row is relevant).
const TRAIN = 'user,item,rating\nu1,a,5\nu2,a,5\nu3,a,5\nu2,b,5\nu1,c,5\nu3,d,5\n';
const TEST = 'user,item,rating\nu1,b,5\nu2,c,5\nu3,b,5\nu4,d,5\n';
const CATALOG = [{ id: 'a', tags: ['x'] }, { id: 'b', tags: ['y'] }, { id: 'c', tags: ['x', 'y'] }, { id: 'd', tags: ['y'] }];

test('evaluate: longTailShare and miscalibration by hand, with and without calibration', () => {
  const train = rrTools.readDataset(TRAIN, { format: 'csv' });
  const testPart = rrTools.readDataset(TEST, { format: 'csv' });
  try {
    const run = (k, calibration, catalog = CATALOG) => rrTools.evaluate({ train, test: testPart },
      { algorithm: 'popularity', k, catalog, calibration, blend: { content: 0, creator: 0 } });
    const u1 = 0.75 * Math.log(100) + 0.25 * Math.log(0.25 / 0.9925);
    const even = 0.5 * Math.log(0.5 / 0.2525) + 0.5 * Math.log(0.5 / 0.7475);
    const oneSided = 0.5 * Math.log(0.5 / 0.995) + 0.5 * Math.log(0.5 / 0.005);
    // Head: a (3 of 6 training rows >= 20%). k 2: u1 [b d], u2 [c d], u3 [b c], u4 [a b].
    const two = run(2);
    near(two.longTailShare, 7 / 8, 'long tail');
    near(two.miscalibration, (u1 + 2 * even) / 3, 'miscalibration k 2');
    assert.equal(two.calibration, 0);
    const plain = run(1);
    near(plain.ndcg, 3 / 4, 'ndcg');
    near(plain.miscalibration, (u1 + oneSided) / 3, 'miscalibration k 1');
    const calibrated = run(1, 0.5);
    near(calibrated.ndcg, 2 / 4, 'calibrated ndcg');
    near(calibrated.miscalibration, u1 / 3, 'calibrated miscalibration');
    assert.equal(calibrated.calibration, 0.5);
    // Without tags there is no miscalibration: null, not 0.
    const untagged = run(2, 0, null);
    assert.equal(untagged.miscalibration, null);
    near(untagged.longTailShare, 7 / 8, 'long tail without tags');
    expectCode(() => run(1, 1.5), 'E_ARG');
    expectCode(() => rrTools.evaluate({ train, test: testPart }, { algorithm: 'popularity', popularityCorrection: -1 }), 'E_ARG');
  } finally {
    train.dispose();
    testPart.dispose();
  }
});

test('npm run eval: --calibration and --popularity-correction, the JSON rows carry the new measures', async () => {
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'rr-calib-'));
  try {
    writeFileSync(join(dir, 'train.csv'), TRAIN);
    writeFileSync(join(dir, 'test.csv'), TEST);
    const cli = (...args) => spawnSync(process.execPath, ['scripts/eval.mjs', '--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv'),
      '--algorithms', 'popularity', '--k', '2', '--json', '--quiet', ...args], { encoding: 'utf8', cwd: new URL('../..', import.meta.url) });
    const ok = cli('--calibration', '0.5', '--popularity-correction', '0.25');
    assert.equal(ok.status, 0, ok.stderr);
    const row = JSON.parse(ok.stdout.trim());
    assert.equal(row.calibration, 0.5);
    assert.equal(row.popularityCorrection, 0.25);
    // No catalogue: no tags, so no miscalibration (null, not 0); the head is a (3 of 6 rows).
    assert.equal(row.miscalibration, null);
    assert.equal(typeof row.longTailShare, 'number');
    assert.equal(typeof row.popularity, 'number');
    for (const bad of [['--calibration', 'strong'], ['--calibration', '1.5'], ['--popularity-correction', '-1']]) {
      const r = cli(...bad);
      assert.equal(r.status, 2, `${bad.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^eval: .*(calibration|popularity)/im);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
