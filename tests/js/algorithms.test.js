// The algorithm registry as JS sees it (rr.algorithms), and the hand-written
// TrainOptions union in index.d.ts checked against it, so the two cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rr } from './helpers.js';

test('rr.algorithms lists every algorithm with its options, defaults, ranges and traits', () => {
  const names = rr.algorithms.map((a) => a.name);
  assert.deepEqual(names, ['popularity', 'userknn', 'itemknn', 'content', 'mf', 'ials', 'ease', 'transitions', 'slist', 'trending', 'sasrec', 'factors']);
  for (const name of ['transitions', 'slist', 'trending', 'sasrec']) assert.equal(rr.algorithms.find((a) => a.name === name).readsOrder, true, name);
  assert.equal(rr.algorithms.find((a) => a.name === 'itemknn').readsOrder, false);
  assert.equal(rr.algorithms.find((a) => a.name === 'trending').signal, 'popularity');
  assert.ok(Object.isFrozen(rr.algorithms) && Object.isFrozen(rr.algorithms[0].options));
  const itemknn = rr.algorithms.find((a) => a.name === 'itemknn');
  assert.deepEqual(itemknn.options.map((o) => [o.name, o.default, o.min, o.max]), [['neighbors', 100, 1, 1000], ['shrink', 10, 0, 1e6], ['recency', 0, 0, 1e6]]);
  // Recency weighting is an option of every algorithm that reads a bag of items, and of no other.
  const withRecency = rr.algorithms.filter((a) => a.options.some((o) => o.name === 'recency')).map((a) => a.name);
  assert.deepEqual(withRecency, ['userknn', 'itemknn', 'mf', 'ials', 'ease']);
  assert.equal(itemknn.signal, 'collaborative');
  assert.equal(rr.algorithms.find((a) => a.name === 'content').signal, 'content');
  assert.equal(rr.algorithms.find((a) => a.name === 'popularity').signal, 'popularity');
  assert.equal(rr.algorithms.find((a) => a.name === 'userknn').needsUsers, true);
  assert.equal(rr.algorithms.find((a) => a.name === 'factors').trainable, false);
  // A derived default is null, and its description says what it follows.
  const alpha = rr.algorithms.find((a) => a.name === 'ials').options.find((o) => o.name === 'alpha');
  assert.equal(alpha.default, null);
  assert.match(alpha.description, /confidenceAlpha/);
  for (const a of rr.algorithms) {
    assert.ok(a.description.length > 20, `${a.name} describes itself`);
    for (const o of a.options) {
      assert.ok(o.min <= o.max, `${a.name}.${o.name} range`);
      if (o.default !== null) assert.ok(o.default >= o.min && o.default <= o.max, `${a.name}.${o.name} default in range`);
    }
  }
});

test('every option is enforced at its limits: inside trains, just outside is E_ARG naming the option', () => {
  // Three items each, so the sequence models have a next item to hold out.
  const log = new rr.Interactions().addMany([['u1', 'a'], ['u1', 'b'], ['u1', 'c'], ['u2', 'a'], ['u2', 'c'], ['u2', 'b'],
    ['u3', 'b'], ['u3', 'c'], ['u3', 'a']].map(([user, item], i) => ({ user, item, type: 'like', timestamp: 1000 + i })));
  // Cheap settings keep the in-range trainings fast; the option under test overrides them.
  const cheap = {
    mf: { factors: 2, epochs: 1 }, ials: { factors: 2, iterations: 1 },
    sasrec: { dim: 16, blocks: 1, maxLen: 4, epochs: 1, patience: 1, batch: 4 },
  };
  // Options whose extreme would be slow or huge are checked only outside their range.
  const costly = new Set(['mf.factors', 'mf.epochs', 'ials.factors', 'ials.iterations', 'ials.cgSteps', 'ease.maxItems']);
  for (const a of rr.algorithms.filter((x) => x.trainable)) {
    for (const o of a.options) {
      const base = { algorithm: a.name, ...cheap[a.name] };
      for (const inside of costly.has(`${a.name}.${o.name}`) ? [] : [o.min, o.max]) {
        if (a.name === 'ease' && o.name === 'lambda' && inside === 0) continue;  // lambda must be > 0 (said in its description)
        rr.train(log, { ...base, [o.name]: inside }).dispose();
      }
      // A step that is representable next to the bound (2^53 + 1 is 2^53 in a double).
      const step = o.integer && Math.abs(o.max) < 2 ** 52 ? 1 : Math.max(1e-6, Math.abs(o.max) * 1e-6);
      for (const outside of [o.min - step, o.max + step]) {
        assert.throws(() => rr.train(log, { ...base, [o.name]: outside }), (err) => {
          assert.equal(err.code, 'E_ARG', `${a.name}.${o.name} = ${outside}`);
          assert.match(err.message, new RegExp(`'${o.name}'`));
          return true;
        });
      }
    }
  }
  log.dispose();
});

test('index.d.ts has one TrainOptions member per trainable algorithm, with exactly its options', () => {
  const dts = readFileSync(new URL('../../dist/index.d.ts', import.meta.url), 'utf8');
  const members = new Map();
  for (const m of dts.matchAll(/export interface (\w+)TrainOptions extends TrainCommon \{([\s\S]*?)\n\}/g)) {
    const body = m[2].replace(/\/\*\*[\s\S]*?\*\//g, '');
    const algorithm = /algorithm\??: '(\w+)'/.exec(body)?.[1];
    const props = [...body.matchAll(/^\s+(\w+)\??:/gm)].map((p) => p[1]).filter((p) => p !== 'algorithm');
    members.set(algorithm, props.sort());
  }
  const union = /export type TrainOptions =([\s\S]*?);/.exec(dts)[1].match(/\w+TrainOptions/g);
  const trainable = rr.algorithms.filter((a) => a.trainable);
  assert.equal(union.length, trainable.length, 'one union member per trainable algorithm');
  for (const a of trainable) {
    assert.ok(members.has(a.name), `index.d.ts has a TrainOptions member for ${a.name}`);
    assert.deepEqual(members.get(a.name), a.options.map((o) => o.name).sort(), `${a.name}'s options in index.d.ts`);
  }
});

test('onProgress carries the validation figure sasrec stops on, and null for the others', () => {
  // Ten people walking a ring of 12 videos: a next item to learn and to hold out.
  const events = [];
  for (let u = 0; u < 10; u++) for (let t = 0; t < 6; t++) events.push({ user: `u${u}`, item: `v${(u + t) % 12}`, type: 'like', timestamp: 1000 + u * 10 + t });
  rr.scope(() => {
    const log = new rr.Interactions().addMany(events);
    const seen = [];
    rr.train(log, { algorithm: 'sasrec', dim: 8, blocks: 1, maxLen: 6, epochs: 3, patience: 3, batch: 4, onProgress: (p) => { seen.push(p); } });
    assert.equal(seen.length, 3);
    for (const p of seen) assert.ok(p.validation >= 0 && p.validation <= 1 && p.loss > 0, JSON.stringify(p));
    const other = [];
    rr.train(log, { algorithm: 'itemknn', onProgress: (p) => { other.push(p); } });
    assert.ok(other.length > 0 && other.every((p) => p.validation === null));
  });
});
