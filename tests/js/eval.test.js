// rr.readDataset / rr.evaluate over the built package, and the eval CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rr as rrPlain, rrTools as rr, expectCode } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const near = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} != ${b}`);

// The hand-worked given split of tests/native/test_evaluate.cpp.
const TRAIN = 'user,item,rating\nu1,a,4\nu1,b,2\nu2,a,5\nu2,c,3\nu3,a,3\nu3,b,4\nu4,d,2\nu4,f,4\n';
const TEST = 'user,item,rating\nu1,c,5\nu1,d,1\nu2,b,4\nu3,e,2\nu4,b,5\nu5,a,4\n';
const REQUIRED_KEYS = ['algorithm', 'k', 'users', 'precision', 'recall', 'ndcg', 'map', 'hitrate', 'mrr', 'coverage', 'rmse', 'mae',
  'fitSeconds', 'recommendSeconds'];

// 12 people x 10 items, each rating 8: enough rows for every split.
function ratingsCsv() {
  const lines = ['userId,movieId,rating,timestamp'];
  for (let u = 1; u <= 12; u++) {
    for (let i = 0; i < 8; i++) {
      const item = ((u * 3 + i * 7) % 10) + 1;
      lines.push(`${u},${item},${1 + ((u + item) % 5)},${1_000_000 + u * 100 + i}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function cli(args) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'eval.mjs'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function noStackTrace(stderr) {
  assert.ok(!/^\s+at /m.test(stderr), `a user error printed a stack trace:\n${stderr}`);
  assert.match(stderr, /^eval: /m);
}

test('readDataset: MovieLens, generic CSV and KuaiRand samples', () => {
  const ml = rr.readDataset('userId,movieId,rating,timestamp\n1,10,4.0,964982703\n1,20,3.5,964982224\n2,10,5,964983815\n', { format: 'movielens' });
  assert.deepEqual([ml.lines, ml.events, ml.users, ml.items, ml.skipped, ml.hasRatings, ml.format], [3, 3, 2, 2, 0, true, 'movielens']);
  assert.deepEqual(ml.warnings, []);
  ml.dispose();
  const udata = rr.readDataset(new TextEncoder().encode('196\t242\t3\t881250949\n186\t302\t3\t891717742\n'), { format: 'movielens' });
  assert.equal(udata.lines, 2);
  udata.dispose();
  const header = 'user_id\tvideo_id\tdate\thourmin\ttime_ms\tis_click\tis_follow\tis_comment\tis_forward\tlong_view\tplay_time_ms\tduration_ms\tcomment_stay_time\tis_profile_enter\tlabel\ttimestamp';
  const kr = rr.readDataset(`${header}\n111\t19\t20220408\t1700\t1649400000000\t1\t1\t0\t0\t1\t9000\t10000\t0\t0\t1\tx\n` +
    `111\t20\t20220408\t1700\t1649400001000\t1\t0\t0\t0\t0\t1000\t10000\t0\t0\t0\tx\n`, { format: 'kuairand' });
  // Row 1: view + like + follow; row 2: view + dislike.
  assert.deepEqual([kr.lines, kr.events, kr.users, kr.items, kr.hasRatings], [2, 5, 1, 2, false]);
  kr.dispose();
});

test('readDataset: a malformed line is an error naming the line, or skipped with skipBad', () => {
  const text = 'u1,a,4\nu1,b,x\nu2,a,3\n';
  expectCode(() => rr.readDataset(text, { format: 'csv' }), 'E_ARG');
  assert.throws(() => rr.readDataset(text, { format: 'csv' }), /line 2: value 'x' is not a number/);
  const d = rr.readDataset(text, { format: 'csv', skipBad: true });
  assert.equal(d.lines, 2);
  assert.equal(d.skipped, 1);
  assert.match(d.warnings[0], /^line 2: /);
  d.dispose();
  expectCode(() => rr.readDataset(text, { format: 'xml' }), 'E_ARG');
  expectCode(() => rr.readDataset(text, {}), 'E_ARG');
  expectCode(() => rr.readDataset(42, { format: 'csv' }), 'E_ARG');
  expectCode(() => rr.readDataset(text, { format: 'csv', skipbad: true }), 'E_ARG');
  expectCode(() => rr.readDataset(text, { format: 'csv', skipBad: 'yes' }), 'E_ARG');
});

test('evaluate: popularity on a given split matches the hand computation', () => {
  const train = rr.readDataset(TRAIN, { format: 'csv' });
  const testSet = rr.readDataset(TEST, { format: 'csv' });
  const r = rr.evaluate({ train, test: testSet }, { algorithm: 'popularity', k: 2 });
  for (const key of REQUIRED_KEYS) assert.ok(key in r, `missing ${key}`);
  assert.equal(r.split, 'given');
  assert.equal(r.users, 5);
  near(r.precision, 0.5, 'precision');
  near(r.recall, 0.8, 'recall');
  near(r.ndcg, (3 + 1 / Math.log2(3)) / 5, 'ndcg');
  near(r.map, 0.7, 'map');
  near(r.hitrate, 0.8, 'hitrate');
  near(r.mrr, 0.7, 'mrr');
  near(r.coverage, 0.8, 'coverage');
  near(r.popularity, 1.7, 'popularity');
  assert.equal(r.rmse, null);
  assert.equal(r.mae, null);
  assert.equal(r.diversity, null);
  assert.ok(r.fitSeconds >= 0 && r.recommendSeconds >= 0);

  // Item-kNN without shrinkage: two model predictions (errors -1, +1), three
  // user-mean and one global-mean fallback.
  const k = rr.evaluate({ train, test: testSet }, { algorithm: 'itemknn', shrink: 0, k: 2 });
  near(k.rmse, Math.sqrt((1 + 4 + 1 + 2.25 + 4 + 0.390625) / 6), 'rmse');
  near(k.mae, (1 + 2 + 1 + 1.5 + 2 + 0.625) / 6, 'mae');
  assert.deepEqual([k.ratings.tested, k.ratings.predicted, k.ratings.userMeanFallbacks, k.ratings.globalMeanFallbacks], [6, 2, 3, 1]);
  near(k.ratings.rmseModelOnly, 1, 'rmse of model predictions');

  // Genres as tags give diversity.
  const catalog = ['a', 'b', 'c', 'd', 'f'].map((id, i) => ({ id, tags: [['x'], ['x', 'y'], ['y'], ['z'], ['z']][i] }));
  const c = rr.evaluate({ train, test: testSet }, { algorithm: 'content', catalog, k: 2 });
  assert.ok(c.diversity >= 0 && c.diversity <= 1);
  const cat = new rr.Catalog().addMany(catalog);
  assert.equal(rr.evaluate({ train, test: testSet }, { algorithm: 'content', catalog: cat, k: 2 }).diversity, c.diversity);
  cat.dispose();
  train.dispose();
  testSet.dispose();
});

// The hand-worked case of tests/native/test_evaluate.cpp ("content is
// evaluated with the catalogue's embeddings"): tags alone put the wrong video
// first for both people (precision@1 = 0); with the embeddings content puts
// the held-out one first (precision@1 = ndcg@1 = 1). evaluate used to rebuild
// the catalogue without its embeddings, so it measured the tags-only model
// (and an embeddings-only catalogue was E_ARG) while rr.train built the other.
test('evaluate: content trains with the catalogue\'s embeddings, as rr.train does', () => {
  const videos = [
    { id: 'a', tags: ['x'], embedding: [1, 0] },
    { id: 'b', embedding: [1, 0.2] },
    { id: 'c', tags: ['x'], embedding: [-1, 0] },
    { id: 'd', embedding: [-1, -0.2] },
  ];
  const train = rr.readDataset('u1,a,5\nu2,c,5\n', { format: 'csv' });
  const testSet = rr.readDataset('u1,b,5\nu2,d,5\n', { format: 'csv' });
  const given = { train, test: testSet };
  const catalog = new rr.Catalog().addMany(videos);
  assert.equal(catalog.embeddingDim, 2);
  const withEmb = rr.evaluate(given, { algorithm: 'content', catalog, k: 1 });
  assert.deepEqual([withEmb.users, withEmb.precision, withEmb.recall, withEmb.hitrate], [2, 1, 1, 1]);
  near(withEmb.ndcg, 1, 'ndcg@1 with embeddings');
  // An array of videos is the same catalogue.
  const fromArray = rr.evaluate(given, { algorithm: 'content', catalog: videos, k: 1 });
  assert.deepEqual([fromArray.precision, fromArray.ndcg], [withEmb.precision, withEmb.ndcg]);
  // Without the embeddings the metric is the tags-only model's.
  const tagsOnly = rr.evaluate(given, { algorithm: 'content', catalog: videos.map(({ embedding, ...v }) => v), k: 1 });
  assert.deepEqual([tagsOnly.precision, tagsOnly.ndcg], [0, 0]);
  // Embeddings alone are enough for content, as in rr.train.
  const embOnly = rr.evaluate(given, { algorithm: 'content', catalog: videos.map(({ tags, ...v }) => v), k: 1 });
  assert.deepEqual([embOnly.precision, embOnly.ndcg], [1, 1]);
  // rr.train on the same rows and catalogue ranks the held-out videos first.
  const log = new rr.Interactions();
  train.addTo(log);
  const model = rr.train(log, { algorithm: 'content', catalog });
  assert.deepEqual([model.recommend('u1', { k: 1 })[0].id, model.recommend('u2', { k: 1 })[0].id], ['b', 'd']);
  // A catalogue of another rr, or a malformed video, is E_ARG (and frees what it made).
  const heap = rr.heapInUse();
  expectCode(() => rr.evaluate(given, { algorithm: 'content', catalog: [{ id: 'a', embedding: [1, NaN] }] }), 'E_ARG');
  expectCode(() => rr.evaluate(given, { algorithm: 'content', catalog: [{ id: 'a', embedding: [1, 0] }, { id: 'b', embedding: [1] }] }), 'E_ARG');
  assert.equal(rr.heapInUse(), heap, 'a refused catalogue array leaves nothing behind');
  const foreign = new rrPlain.Catalog().addMany(videos);
  expectCode(() => rr.evaluate(given, { algorithm: 'content', catalog: foreign }), 'E_ARG');
  foreign.dispose();
  for (const x of [model, log, catalog, train, testSet]) x.dispose();
});

test('evaluate: splits are deterministic under a seed; k-fold averages folds; progress reports', () => {
  const d = rr.readDataset(ratingsCsv(), { format: 'movielens' });
  const a = rr.evaluate(d, { algorithm: 'itemknn', split: 'user:0.25', seed: 3 });
  const b = rr.evaluate(d, { algorithm: 'itemknn', split: 'user:0.25', seed: 3 });
  assert.equal(a.ndcg, b.ndcg);
  assert.equal(a.rmse, b.rmse);
  assert.equal(a.users, 12);
  const seen = [];
  const kf = rr.evaluate(d, { algorithm: 'userknn', split: 'kfold:3', onProgress: (p) => { seen.push(p); } });
  assert.equal(kf.folds, 3);
  assert.equal(kf.trainRows + kf.testRows, 96);
  assert.ok(kf.rmse > 0);
  assert.deepEqual(Object.keys(seen[0]).sort(), ['done', 'fold', 'folds', 'seconds', 'stage', 'total']);
  assert.ok(seen.some((p) => p.stage === 'fit') && seen.some((p) => p.stage === 'recommend' && p.fold === 2));
  const t = rr.evaluate(d, { algorithm: 'popularity', split: 'time:0.25' });
  assert.equal(t.rmse, null);
  assert.equal(t.split, 'time:0.25');
  // addTo: the whole dataset into a training log.
  const log = d.addTo(new rr.Interactions());
  assert.equal(log.eventCount, 96);
  log.dispose();
  d.dispose();
});

test('evaluate: bad arguments are ReelRankErrors with codes; cancel and dispose', () => {
  const d = rr.readDataset(ratingsCsv(), { format: 'movielens' });
  expectCode(() => rr.evaluate(d, { algorithm: 'nope' }), 'E_ARG');
  expectCode(() => rr.evaluate(d, { split: 'user:1.5' }), 'E_ARG');
  expectCode(() => rr.evaluate(d, { split: 'random' }), 'E_ARG');
  expectCode(() => rr.evaluate(d, { k: 0 }), 'E_ARG');
  expectCode(() => rr.evaluate(d, { neighbours: 3 }), 'E_ARG'); // a typo of neighbors
  expectCode(() => rr.evaluate(d, { blend: { flavour: 1 } }), 'E_ARG');
  expectCode(() => rr.evaluate(d, { weights: { like: 'x' } }), 'E_ARG');
  expectCode(() => rr.evaluate(d, { algorithm: 'content' }), 'E_ARG'); // no catalogue
  expectCode(() => rr.evaluate(d, { catalog: 'movies.csv' }), 'E_ARG');
  expectCode(() => rr.evaluate('ratings.csv', {}), 'E_ARG');
  expectCode(() => rr.evaluate({ train: d }, {}), 'E_ARG');
  expectCode(() => rr.evaluate({ train: d, test: d }, { split: 'user:0.2' }), 'E_ARG');
  expectCode(() => rr.evaluate(d, { onProgress: () => false }), 'E_CANCELLED');
  const controller = new AbortController();
  controller.abort();
  expectCode(() => rr.evaluate(d, { signal: controller.signal }), 'E_CANCELLED');
  // An exception in onProgress stops the run and reaches the caller unchanged.
  assert.throws(() => rr.evaluate(d, { onProgress: () => { throw new TypeError('boom'); } }), (e) => e instanceof TypeError && e.message === 'boom');
  const tiny = rr.readDataset('u1,a,1\nu2,b,1\n', { format: 'csv' });
  expectCode(() => rr.evaluate(tiny, { split: 'user:0.25' }), 'E_EMPTY'); // nobody has 4 rows
  tiny.dispose();
  // The module still works after all that.
  assert.ok(rr.evaluate(d, { algorithm: 'popularity' }).users > 0);
  d.dispose();
  expectCode(() => rr.evaluate(d, {}), 'E_DISPOSED');
});

test('CLI: --json prints one object per algorithm with the documented keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reelrank-eval-'));
  try {
    const file = join(dir, 'ratings.csv');
    writeFileSync(file, ratingsCsv());
    const r = cli(['--data', file, '--format', 'movielens', '--split', 'user:0.25', '--algorithms', 'popularity,itemknn',
      '--k', '5', '--seed', '1', '--json', '--opt', 'itemknn.neighbors=20']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.algorithm), ['popularity', 'itemknn']);
    for (const l of lines) {
      for (const key of REQUIRED_KEYS) assert.ok(key in l, `missing ${key}`);
      assert.equal(l.k, 5);
      assert.equal(l.users, 12);
    }
    assert.equal(lines[0].rmse, null);
    assert.equal(typeof lines[1].rmse, 'number');

    // A given split through files, with the hand-checked figures.
    writeFileSync(join(dir, 'train.csv'), TRAIN);
    writeFileSync(join(dir, 'test.csv'), TEST);
    const g = cli(['--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv'), '--algorithms', 'popularity', '--k', '2', '--json']);
    assert.equal(g.code, 0, g.stderr);
    const p = JSON.parse(g.stdout);
    near(p.precision, 0.5, 'precision');
    near(p.map, 0.7, 'map');

    // The human table.
    const t = cli(['--data', file, '--algorithms', 'popularity', '--quiet']);
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stdout, /ndcg@10\s+\d\.\d{4}/);

    // User errors: exit code 2, a message, no stack trace.
    const bad = [
      [['--data', join(dir, 'missing.csv')], /does not exist/],
      [['--data', file, '--format', 'xml'], /unknown format 'xml'/],
      [['--data', file, '--algorithms', 'magic'], /unknown algorithm 'magic'/],
      [['--data', file, '--split', 'half'], /split 'half'/],
      [['--data', file, '--k', '0'], /--k must be/],
      [['--data', file, '--opt', 'neighbors=5'], /say which algorithm/],
      [['--data', file, '--opt', 'itemknn.neighbours=5', '--algorithms', 'itemknn'], /unknown option 'neighbours'/],
      [['--data', file, '--bogus'], /Unknown option '--bogus'/],
      [[], /--data PATH is required/],
    ];
    for (const [args, message] of bad) {
      const e = cli(args);
      assert.equal(e.code, 2, `${args.join(' ')}: ${e.stderr}`);
      assert.match(e.stderr, message);
      noStackTrace(e.stderr);
    }
    writeFileSync(join(dir, 'broken.csv'), 'u1,a,4\nu1,b,oops\n');
    const broken = cli(['--data', join(dir, 'broken.csv')]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /broken\.csv: line 2: /);
    noStackTrace(broken.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
