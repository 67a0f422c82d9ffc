// Documented limits at the limit (docs/limits.md), allocation failure inside
// wasm, and JS callbacks that throw while wasm is running. This file grows wasm
// memory to its 2 GB ceiling on purpose, so it runs in its own process
// (node --test gives every file one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rr, rrTools, world, expectCode } from './helpers.js';

const MB = 1 << 20;

// n items in `dim` clusters: item i points along axis i % dim.
function clustered(n, dim) {
  const items = Array.from({ length: n }, (_, i) => `v${i}`);
  const factors = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) factors[i * dim + (i % dim)] = 1;
  return { items, factors, dim };
}

function likes(...items) {
  const me = new rr.Profile();
  me.recordMany(items.map((item, i) => ({ item, type: 'like', timestamp: 1_700_000_000 + i })));
  return me;
}

test('1,000,000 x 64 imported float32 factors load and rank, with at most one copy beyond the model', () => {
  const spec = clustered(1_000_000, 64);
  const heap0 = rr.heapInUse();
  const memory0 = rr.memoryBytes();
  const model = rr.Model.fromFactors(spec);
  const factorBytes = spec.factors.byteLength;  // 256 MB
  try {
    assert.equal(model.itemCount, 1_000_000);
    // What the model keeps: its factors plus the catalogue of a million ids.
    const kept = rr.heapInUse() - heap0;
    assert.ok(kept >= factorBytes && kept < factorBytes + 300 * MB, `model holds ${(kept / MB).toFixed(0)} MB`);
    // Peak during the import (wasm memory never shrinks, so its growth is the
    // peak): the model plus at most one more copy of the factors.
    const grown = rr.memoryBytes() - memory0;
    assert.ok(grown < kept + factorBytes, `wasm memory grew ${(grown / MB).toFixed(0)} MB for ${(kept / MB).toFixed(0)} MB kept`);
    const me = likes('v0', 'v64');  // both on axis 0
    const recs = model.recommend(me, { k: 5 });
    assert.equal(recs.length, 5);
    for (const r of recs) assert.equal(Number(r.id.slice(1)) % 64, 0, `${r.id} lies on axis 0`);
    me.dispose();
  } finally {
    model.dispose();
  }
  assert.ok(rr.heapInUse() - heap0 < MB, 'disposing the model gives its memory back');
});

test('beyond the import limits: E_MEMORY before the factors are copied in', () => {
  const heap0 = rr.heapInUse();
  // 2,000,001 items: one past the catalogue limit.
  const many = clustered(2_000_001, 1);
  expectCode(() => rr.Model.fromFactors(many), 'E_MEMORY');
  // 262,145 x 1024 floats: just past 2^28 (1 GiB). The typed array is never
  // written, so it costs address space here, not memory.
  const n = 262_145;
  const items = Array.from({ length: n }, (_, i) => `w${i}`);
  const big = new Float32Array(n * 1024);
  assert.throws(() => rr.Model.fromFactors({ items, factors: big, dim: 1024 }), (err) => {
    assert.equal(err.code, 'E_MEMORY');
    assert.match(err.message, /1 GiB/);
    return true;
  });
  assert.ok(rr.heapInUse() - heap0 < 64 * 1024, 'nothing stayed allocated');
});

test('an allocation that fails inside wasm is E_MEMORY, and the module keeps working', () => {
  // Imports of 1,000,000 x 64 kept alive until wasm memory (2 GB) is full:
  // within the documented limits each one alone, so the failure is a real
  // allocation failure inside the core, not a limit check.
  const spec = clustered(1_000_000, 64);
  const heap0 = rr.heapInUse();
  const kept = [];
  let failure = null;
  try {
    for (let i = 0; i < 12 && !failure; i++) {
      try {
        kept.push(rr.Model.fromFactors(spec));
      } catch (err) {
        failure = err;
      }
    }
    assert.ok(kept.length >= 2, `${kept.length} imports fitted before memory ran out`);
    assert.ok(failure instanceof rr.ReelRankError, `expected a ReelRankError, got ${failure}`);
    assert.equal(failure.code, 'E_MEMORY');
    assert.match(failure.message, /memory/);
    // The models made before the failure still work.
    const me = likes('v1');
    assert.equal(kept[0].recommend(me, { k: 3 }).length, 3);
    me.dispose();
  } finally {
    for (const m of kept) m.dispose();
  }
  // The failed call freed what it had allocated...
  assert.ok(rr.heapInUse() - heap0 < MB, `heap ${(rr.heapInUse() - heap0) / MB} MB above where it started`);
  // ...and ordinary calls go on.
  const { catalog, log, model } = world('itemknn');
  const me = likes('v1');
  const recs = model.recommend(me, { k: 2 });
  assert.equal(recs[0].id, 'v2');
  for (const o of [me, model, log, catalog]) o.dispose();
  const again = rr.Model.fromFactors(clustered(1000, 8));
  assert.equal(again.itemCount, 1000);
  again.dispose();
});

test('a throwing onProgress ends train with that error after C++ cleanup; 1,000 of them leave the heap flat', () => {
  const { catalog, log, model } = world('itemknn');
  model.dispose();
  const boom = new Error('boom from onProgress');
  const trainThrowing = () => rr.train(log, { algorithm: 'ials', catalog, factors: 4, iterations: 3, onProgress: () => { throw boom; } });
  assert.throws(trainThrowing, (err) => err === boom);
  const heap0 = rr.heapInUse();
  for (let i = 0; i < 1000; i++) assert.throws(trainThrowing, (err) => err === boom);
  const heap1 = rr.heapInUse();
  assert.equal(heap1, heap0, `heap moved by ${heap1 - heap0} bytes over 1,000 throwing trainings`);
  // The log and catalogue are untouched and still train.
  const ok = rr.train(log, { algorithm: 'ials', catalog, factors: 4, iterations: 3 });
  assert.equal(ok.algorithm, 'ials');
  for (const o of [ok, log, catalog]) o.dispose();
});

test('a throwing onProgress ends evaluate with that error; 200 of them leave the heap flat', () => {
  const rows = ['user,item,value,timestamp'];
  for (let u = 0; u < 20; u++) for (let i = 0; i < 8; i++) if ((u + i) % 3) rows.push(`u${u},v${i},1,${1000 + i}`);
  const log = rrTools.readDataset(rows.join('\n'), { format: 'csv' });
  const boom = new Error('boom from evaluate');
  const run = () => rrTools.evaluate(log, { algorithm: 'itemknn', split: 'user:0.25', onProgress: () => { throw boom; } });
  assert.throws(run, (err) => err === boom);
  const heap0 = rrTools.heapInUse();
  for (let i = 0; i < 200; i++) assert.throws(run, (err) => err === boom);
  assert.equal(rrTools.heapInUse(), heap0);
  assert.ok(rrTools.evaluate(log, { algorithm: 'itemknn', split: 'user:0.25' }).ndcg >= 0);
  log.dispose();
});
