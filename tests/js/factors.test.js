// mf / ials / ease through rr.train, imported factors (Model.fromFactors) and rr.readNpy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rr, expectCode } from './helpers.js';

// A .npy file (format 1.0 unless `major` says otherwise) for the given header fields and data bytes.
function npy({ descr = '<f4', fortran = false, shape, data, major = 1 }) {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const lenBytes = major === 1 ? 2 : 4;
  let header = dict;
  while ((8 + lenBytes + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(8 + lenBytes + header.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  for (let b = 0; b < lenBytes; b++) out[8 + b] = (header.length >> (8 * b)) & 0xff;
  out.set(new TextEncoder().encode(header), 8 + lenBytes);
  out.set(body, 8 + lenBytes + header.length);
  return out;
}

// Two clusters: x* items along the first axis, y* along the second.
const ITEMS = ['x1', 'x2', 'x3', 'y1', 'y2'];
const FACTORS = Float32Array.of(1, 0, 0.9, 0.1, 0.95, 0.05, 0, 1, 0.1, 0.9);

function likes(...items) {
  const me = new rr.Profile();
  me.recordMany(items.map((item, i) => ({ item, type: 'like', timestamp: 1_700_000_000 + i })));
  return me;
}

// 12 people: even ones rate the a* films high and the b* films low, odd ones the reverse.
function ratingsLog() {
  const log = new rr.Interactions();
  const events = [];
  for (let u = 0; u < 12; u++) {
    for (let i = 0; i < 6; i++) {
      if ((u + i) % 3 === 0) continue;
      const item = i < 3 ? `a${i}` : `b${i}`;
      const high = (u % 2 === 0) === (i < 3);
      events.push({ user: `u${u}`, item, type: 'rating', value: high ? 5 : 1, timestamp: 1_700_000_000 + u * 10 + i });
    }
  }
  return log.addMany(events);
}

test('readNpy reads float32 and float64 in C order', () => {
  const f = rr.readNpy(npy({ shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) }));
  assert.deepEqual(f.shape, [2, 3]);
  assert.equal(f.dtype, 'float32');
  assert.deepEqual(Array.from(f.data), [1, 2, 3, 4, 5, 6]);
  const d = rr.readNpy(npy({ descr: '<f8', shape: [3], data: Float64Array.of(0.5, -2, 1e-3), major: 2 }));
  assert.deepEqual(d.shape, [3]);
  assert.equal(d.dtype, 'float64');
  assert.ok(d.data instanceof Float32Array);
  assert.equal(d.data[1], -2);
  assert.ok(Math.abs(d.data[2] - 1e-3) < 1e-9);
  rr.readNpy(npy({ shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) }).buffer); // an ArrayBuffer works too
});

test('readNpy refuses Fortran order, other dtypes and damaged files with clear errors', () => {
  const good = npy({ shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) });
  expectCode(() => rr.readNpy(npy({ fortran: true, shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) })), 'E_ARG');
  assert.throws(() => rr.readNpy(npy({ fortran: true, shape: [1], data: Float32Array.of(1) })), /ascontiguousarray/);
  expectCode(() => rr.readNpy(npy({ descr: '<i4', shape: [2], data: Int32Array.of(1, 2) })), 'E_ARG');
  assert.throws(() => rr.readNpy(npy({ descr: '<f2', shape: [2], data: Uint16Array.of(1, 2) })), /astype\(np\.float32\)/);
  expectCode(() => rr.readNpy(good.subarray(0, good.length - 1)), 'E_CORRUPT');
  expectCode(() => rr.readNpy(good.subarray(0, 20)), 'E_CORRUPT');
  expectCode(() => rr.readNpy(new TextEncoder().encode('id,x\n1,2\n')), 'E_CORRUPT');
  expectCode(() => rr.readNpy('not bytes'), 'E_ARG');
});

test('Model.fromFactors folds a Profile in and ranks by the imported factors', () => {
  const model = rr.Model.fromFactors({ items: ITEMS, factors: FACTORS, dim: 2 });
  assert.equal(model.algorithm, 'factors');
  assert.equal(model.itemCount, 5);
  assert.equal(model.info.hasUsers, false);
  const me = likes('x1', 'x2', 'not-in-this-model');
  const recs = model.recommend(me, { k: 3 });
  assert.equal(recs[0].id, 'x3');
  assert.equal(recs[0].reasons[0].kind, 'similar');
  assert.ok(['x1', 'x2'].includes(recs[0].reasons[0].item));
  assert.deepEqual(model.similarItems('y1', 1).map((s) => s.id), ['y2']);
  // Save/load round trip: identical recommendations.
  const back = rr.Model.load(model.save());
  assert.deepEqual(back.recommend(me, { k: 5 }), model.recommend(me, { k: 5 }));
  // A readNpy result carries its own dim; numeric ids become strings.
  const f = rr.readNpy(npy({ shape: [5, 2], data: FACTORS }));
  const again = rr.Model.fromFactors({ items: [1, 2, 3, 4, 5], factors: f });
  assert.equal(again.recommend(likes('1', '2'), { k: 1 })[0].id, '3');
  // With item biases and a global mean it is a rating model.
  const rated = rr.Model.fromFactors({ items: ITEMS, factors: FACTORS, dim: 2, itemBias: [0.1, 0, 0, 0, 0], globalMean: 3.5 });
  const p = new rr.Profile();
  p.recordMany([{ item: 'x1', type: 'rating', value: 5 }, { item: 'y1', type: 'rating', value: 1 }]);
  assert.ok(rated.predict(p, 'x3') > rated.predict(p, 'y2'));
  for (const m of [model, back, again, rated]) m.dispose();
});

test('Model.fromFactors rejects malformed input', () => {
  expectCode(() => rr.Model.fromFactors({ items: ITEMS, factors: FACTORS }), 'E_ARG'); // no dim
  expectCode(() => rr.Model.fromFactors({ items: ITEMS, factors: FACTORS, dim: 3 }), 'E_ARG');
  expectCode(() => rr.Model.fromFactors({ items: ITEMS, factors: FACTORS, dim: 2, extra: 1 }), 'E_ARG');
  expectCode(() => rr.Model.fromFactors({ items: ['x1', 'x1', 'x3', 'y1', 'y2'], factors: FACTORS, dim: 2 }), 'E_ARG');
  expectCode(() => rr.Model.fromFactors({ items: ITEMS, factors: FACTORS.map((v, i) => (i === 3 ? NaN : v)), dim: 2 }), 'E_ARG');
  expectCode(() => rr.Model.fromFactors({ items: ITEMS, factors: FACTORS, dim: 2, itemBias: [1] }), 'E_ARG');
  expectCode(() => rr.Model.fromFactors({ items: ITEMS, factors: FACTORS, dim: 2, regularization: -1 }), 'E_ARG');
  expectCode(() => rr.Model.fromFactors({ items: [], factors: [], dim: 2 }), 'E_ARG');
  expectCode(() => rr.Model.fromFactors({ items: ITEMS, factors: 'nope', dim: 2 }), 'E_ARG');
  expectCode(() => rr.train(ratingsLog(), { algorithm: 'factors' }), 'E_ARG');
});

test('mf, ials and ease train with progress, rank, predict, and save/load identically', () => {
  const log = ratingsLog();
  for (const algorithm of ['mf', 'ials', 'ease']) {
    const seen = [];
    const options = algorithm === 'ease' ? { lambda: 10 } : { factors: 4 };
    const model = rr.train(log, { algorithm, ...options, onProgress: (p) => { seen.push(p); } });
    assert.ok(seen.length > 0, algorithm);
    const last = seen[seen.length - 1];
    assert.equal(last.iteration, last.iterations);
    assert.ok(Number.isFinite(last.loss), `${algorithm} reports a real loss`);
    assert.ok(last.seconds >= 0);
    // u0 (even) liked the a* films; a2 is one it has not rated ((0 + 0) % 3 === 0 skipped a0).
    const recs = model.recommend('u0', { k: 6 });
    assert.ok(recs.length > 0);
    assert.equal(recs[0].id[0], 'a', `${algorithm} recommends an a* film to an a* fan`);
    const me = new rr.Profile();
    me.recordMany([{ item: 'a1', type: 'rating', value: 5 }, { item: 'b4', type: 'rating', value: 1 }]);
    const back = rr.Model.load(model.save());
    assert.deepEqual(back.recommend(me), model.recommend(me));
    assert.deepEqual(back.recommend('u3'), model.recommend('u3'));
    const shipped = rr.Model.load(model.save({ includeUsers: false }));
    assert.deepEqual(shipped.recommend(me), model.recommend(me));
    if (algorithm === 'mf') {
      const v = model.predict('u0', 'a0');
      assert.ok(v > 3, `mf predicts a high rating for u0 on a0 (got ${v})`);
    }
    for (const m of [model, back, shipped]) m.dispose();
  }
});

test('factor models: bad options are E_ARG, onProgress returning false cancels', () => {
  const log = ratingsLog();
  expectCode(() => rr.train(log, { algorithm: 'mf', factors: 0 }), 'E_ARG');
  expectCode(() => rr.train(log, { algorithm: 'mf', regularization: -1 }), 'E_ARG');
  expectCode(() => rr.train(log, { algorithm: 'ials', alpha: NaN }), 'E_ARG');
  expectCode(() => rr.train(log, { algorithm: 'ials', cgSteps: 1.5 }), 'E_ARG');
  expectCode(() => rr.train(log, { algorithm: 'ease', lambda: -5 }), 'E_ARG');
  expectCode(() => rr.train(log, { algorithm: 'ease', lamda: 5 }), 'E_ARG');
  for (const algorithm of ['mf', 'ials', 'ease']) {
    expectCode(() => rr.train(log, { algorithm, onProgress: () => false }), 'E_CANCELLED');
  }
});

test('a factor model saved without its users carries no user vectors', () => {
  const log = new rr.Interactions().addRatings({
    users: ['a', 'a', 'b', 'b', 'c', 'c', 'd'], items: ['x', 'y', 'x', 'z', 'y', 'z', 'x'], values: [5, 3, 4, 2, 1, 5, 4],
  });
  for (const algorithm of ['mf', 'ials']) {
    const model = rr.train(log, { algorithm, factors: 8, ...(algorithm === 'mf' ? { epochs: 5 } : { iterations: 3 }) });
    const withUsers = model.save();
    const shipped = model.save({ includeUsers: false });
    // Four users' 8-float vectors (and mf's biases) are gone, beyond the rows of the log itself.
    assert.ok(withUsers.length - shipped.length >= 4 * 8 * 4, `${algorithm}: ${withUsers.length} vs ${shipped.length}`);
    const back = rr.Model.load(shipped);
    const me = new rr.Profile();
    me.record({ item: 'x', type: 'rating', value: 5 });
    assert.equal(back.recommend(me, { k: 2 }).length, 2);
    for (const o of [me, back, model]) o.dispose();
  }
  log.dispose();
});
