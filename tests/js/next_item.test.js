// rr.evaluateNextItem and the eval CLI's next-item protocol, on the hand-worked
// log of tests/native/test_next_item.cpp (the ranks are derived there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rrTools as rr, expectCode } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const near = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} != ${b}`);
const RANK2 = 1 / Math.log2(3);
const RANK4 = 1 / Math.log2(5);

// user, item, time: A p1 p2 | p3, B p2 p5 | p1, C q q p4 | p2, E p3 p1 | z; D, F, G train only.
const LOG = [
  ['A', 'p1', 1], ['A', 'p2', 2], ['A', 'p3', 3], ['B', 'p2', 1], ['B', 'p5', 2], ['B', 'p1', 3],
  ['C', 'q', 1], ['C', 'q', 2], ['C', 'p4', 3], ['C', 'p2', 4], ['D', 'p1', 1], ['D', 'p2', 2],
  ['E', 'p3', 1], ['E', 'p1', 2], ['E', 'z', 3], ['F', 'p1', 1], ['F', 'p3', 2], ['G', 'p4', 5],
];
const csv = (rows) => `user,item,value,timestamp\n${rows.map(([u, i, t]) => `${u},${i},1,${t}`).join('\n')}\n`;

test('evaluateNextItem: leave-last-out figures worked by hand, popularity', () => {
  const data = rr.readDataset(csv(LOG), { format: 'csv' });
  try {
    const r = rr.evaluateNextItem(data, { algorithm: 'popularity', split: 'last', tune: true });
    assert.equal(r.split, 'last');
    assert.deepEqual(r.sequence, ['rating']);
    assert.equal(r.people, 7);
    assert.equal(r.trainOnlyPeople, 3);
    assert.equal(r.test.people, 4);
    assert.equal(r.test.unseenTargets, 1);
    near(r.test.hitrate, 0.75, 'HR@10');
    near(r.test.ndcg, (RANK2 + 1 + RANK2) / 4, 'NDCG@10');  // p3 loses its tie with p4 to the lower index
    near(r.test.mrr, 0.5, 'MRR@10');
    near(r.test.coverage, 1, 'coverage');
    near(r.valid.ndcg, (1 + 0 + RANK4 + 1) / 4, 'valid NDCG@10');
    assert.equal(r.trials.length, 1);
    const k1 = rr.evaluateNextItem(data, { algorithm: 'popularity', k: 1 });
    near(k1.test.ndcg, 0.25, 'NDCG@1');
    assert.equal(k1.valid, null);
    expectCode(() => rr.evaluateNextItem(data, { split: 'user:0.2' }), 'E_ARG');
    expectCode(() => rr.evaluateNextItem(data, { sequence: 'nope' }), 'E_ARG');
  } finally {
    data.dispose();
  }
});

test('rr.algorithms declares the grids that tuning tries, and tuning picks the best on validation', () => {
  const itemknn = rr.algorithms.find((a) => a.name === 'itemknn');
  const neighbors = itemknn.options.find((o) => o.name === 'neighbors');
  assert.ok(neighbors.grid.length > 1 && neighbors.grid.every((v) => v >= neighbors.min && v <= neighbors.max));
  assert.ok(Object.isFrozen(neighbors.grid));
  const data = rr.readDataset(csv(LOG), { format: 'csv' });
  try {
    const r = rr.evaluateNextItem(data, { algorithm: 'itemknn', neighbors: 20, recency: 0, tune: true });
    const shrink = itemknn.options.find((o) => o.name === 'shrink').grid;
    assert.equal(r.trials.length, shrink.length);  // neighbors and recency held fixed
    assert.equal(r.valid.ndcg, Math.max(...r.trials.map((t) => t.valid.ndcg)));
    assert.ok(shrink.includes(r.chosen.shrink));
  } finally {
    data.dispose();
  }
});

test('eval CLI: --train/--valid/--test --columns gives the same figures as the split it came from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rr-next-'));
  try {
    const byUser = new Map();
    for (const row of LOG) byUser.set(row[0], [...(byUser.get(row[0]) ?? []), row]);
    const parts = { train: [], valid: [], test: [] };
    for (const rows of byUser.values()) {
      const distinct = rows.filter((r, i) => rows.findIndex((s) => s[1] === r[1]) === i);
      if (distinct.length < 3) { parts.train.push(...distinct); continue; }
      parts.train.push(...distinct.slice(0, -2));
      parts.valid.push(distinct.at(-2));
      parts.test.push(distinct.at(-1));
    }
    // Columns in another order than the reader's, to check --columns is obeyed.
    for (const [name, rows] of Object.entries(parts)) writeFileSync(join(dir, `${name}.tsv`), rows.map(([u, i, t]) => `${t}\t${u}\t${i}`).join('\n'));
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'eval.mjs'), '--train', join(dir, 'train.tsv'), '--valid', join(dir, 'valid.tsv'),
      '--test', join(dir, 'test.tsv'), '--columns', 'timestamp,user,item', '--algorithms', 'popularity', '--tune', '--json', '--quiet'],
    { encoding: 'utf8', cwd: root });
    assert.equal(run.status, 0, run.stderr);
    const r = JSON.parse(run.stdout.trim().split('\n')[0]);
    assert.equal(r.split, 'given');
    near(r.test.ndcg, (RANK2 + 1 + RANK2) / 4, 'NDCG@10');
    near(r.valid.hitrate, 0.75, 'valid HR@10');
    // Milliseconds: the same figures with the times read as timestamp_ms.
    for (const [name, rows] of Object.entries(parts)) writeFileSync(join(dir, `ms-${name}.tsv`), rows.map(([u, i, t]) => `${u}\t${i}\t${t * 1000}`).join('\n'));
    const ms = spawnSync(process.execPath, [join(root, 'scripts', 'eval.mjs'), '--train', join(dir, 'ms-train.tsv'), '--valid', join(dir, 'ms-valid.tsv'),
      '--test', join(dir, 'ms-test.tsv'), '--columns', 'user,item,timestamp_ms', '--algorithms', 'popularity,content', '--json', '--quiet'],
    { encoding: 'utf8', cwd: root });
    // content cannot run without tags: it is reported, popularity still runs, and the exit status says so.
    assert.equal(ms.status, 1, ms.stderr);
    assert.match(ms.stderr, /content: not run: .*catalogue/);
    const [pop, content] = ms.stdout.trim().split('\n').map((l) => JSON.parse(l));
    near(pop.test.ndcg, (RANK2 + 1 + RANK2) / 4, 'NDCG@10 from milliseconds');
    assert.equal(content.error.code, 'E_ARG');
    const bad = spawnSync(process.execPath, [join(root, 'scripts', 'eval.mjs'), '--data', join(dir, 'train.tsv'), '--format', 'tsv', '--tune'],
      { encoding: 'utf8', cwd: root });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--tune belongs to the next-item protocol/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
