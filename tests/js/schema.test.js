// One schema across the boundary: every fact the core and JS share is stated
// once in C++ and read by JS, at load() (rr.schema) or from dist/schema.js,
// which scripts/build.mjs writes from the same binding. These tests check
// that what JS shows equals what the core reports, and that the hand-written
// .d.ts unions and interfaces name the same things (as algorithms.test.js
// does for TrainOptions against rr.algorithms).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ErrorCodes, EVENT_TYPES } from '../../dist/index.js';
import * as generated from '../../dist/schema.js';
import { MAX_ID_BYTES } from '../../dist/validate.js';
import { WRAPPER_ERROR_CODES } from '../../dist/errors.js';
import { EVENTS, rr, rrTools, world } from './helpers.js';

const dist = (f) => readFileSync(new URL(`../../dist/${f}`, import.meta.url), 'utf8');
const dts = dist('index.d.ts');
const literals = (text) => [...text.matchAll(/'([^']+)'/g)].map((m) => m[1]);
function union(name, text = dts) {
  const m = new RegExp(`export type ${name} =([\\s\\S]*?);`).exec(text);
  assert.ok(m, `index.d.ts declares type ${name}`);
  return literals(m[1]);
}
function interfaceKeys(name, text = dts) {
  const m = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(text);
  assert.ok(m, `index.d.ts declares interface ${name}`);
  return [...m[1].replace(/\/\*\*[\s\S]*?\*\//g, '').matchAll(/^\s+(\w+)\??:/gm)].map((p) => p[1]);
}

test('rr.schema is the core\'s, frozen, the same in both modules', () => {
  assert.ok(Object.isFrozen(rr.schema) && Object.isFrozen(rr.schema.weights) && Object.isFrozen(rr.schema.reasonKinds[0]));
  assert.deepEqual(rrTools.schema, rr.schema);
  // Spot checks against the C++ headers (status.hpp, events.hpp, profile.hpp, blend.hpp, limits.hpp).
  assert.equal(rr.schema.errorCodes[0], 'E_ARG');
  assert.equal(rr.schema.eventTypes[7], 'rating');
  assert.equal(rr.schema.weights.like, 4);
  assert.equal(rr.schema.weights.halfLifeDays, 14);
  assert.equal(rr.schema.profileLimits.maxEvents.default, 5000);
  assert.equal(rr.schema.maxIdBytes, 256);
  assert.ok(Math.abs(rr.schema.blend.content - 0.5) < 1e-7);
});

test('what JS exports before load() is what the core reports at load()', () => {
  assert.deepEqual([...generated.ERROR_CODES], rr.schema.errorCodes);
  assert.deepEqual([...generated.EVENT_TYPES], rr.schema.eventTypes);
  assert.equal(generated.MAX_ID_BYTES, rr.schema.maxIdBytes);
  assert.deepEqual([...EVENT_TYPES], rr.schema.eventTypes);
  assert.equal(rr.EVENT_TYPES, EVENT_TYPES);
  assert.equal(MAX_ID_BYTES, rr.schema.maxIdBytes);
  // ErrorCodes: the core's codes, then the wrapper's own, none of them twice.
  assert.deepEqual(Object.values(ErrorCodes), [...rr.schema.errorCodes, ...WRAPPER_ERROR_CODES]);
  assert.equal(new Set(Object.values(ErrorCodes)).size, Object.values(ErrorCodes).length);
  for (const [key, code] of Object.entries(ErrorCodes)) assert.equal(`E_${key}`, code);
});

test('the values JS uses are the core\'s: policy, limits, blend, the ids\' byte limit, reason kinds', () => {
  const me = new rr.Profile();
  assert.deepEqual(me.weights, rr.schema.weights);
  me.dispose();
  const { model } = world('itemknn');
  assert.deepEqual(model.info.weights, rr.schema.weights);
  // A profile limit outside the core's range is refused; at its bounds it is taken.
  for (const [name, { min, max }] of Object.entries(rr.schema.profileLimits)) {
    assert.throws(() => new rr.Profile({ limits: { [name]: min - 1 } }), (e) => e.code === 'E_ARG');
    assert.throws(() => new rr.Profile({ limits: { [name]: max + 1 } }), (e) => e.code === 'E_ARG');
    new rr.Profile({ limits: { [name]: min } }).dispose();
  }
  assert.throws(() => new rr.Profile({ weights: { flavour: 1 } }),
    (e) => e.code === 'E_ARG' && e.message.includes(Object.keys(rr.schema.weights).join(', ')));
  assert.throws(() => rr.train(new rr.Interactions(), { blend: { flavour: 1 } }),
    (e) => e.code === 'E_ARG' && e.message.includes(Object.keys(rr.schema.blend).join(', ')));
  // The id limit, counted in bytes as the core counts them.
  const c = new rr.Catalog();
  c.add({ id: 'x'.repeat(rr.schema.maxIdBytes) });
  assert.throws(() => c.add({ id: 'y'.repeat(rr.schema.maxIdBytes + 1) }), (e) => e.code === 'E_ARG');
  c.dispose();
  // Every reason kind the core names maps to a field JS fills.
  const me2 = new rr.Profile({ catalog: model });
  me2.record({ item: 'v1', type: 'like', timestamp: 1700000100 });
  const kinds = new Map(rr.schema.reasonKinds.map((k) => [k.name, k]));
  for (const r of model.recommend(me2, { k: 10, exploration: 0.5 })) {
    for (const why of r.reasons) {
      const shape = kinds.get(why.kind);
      assert.ok(shape, `reason kind ${why.kind} is the core's`);
      if (shape.field) assert.equal(typeof why[shape.field], shape.numeric ? 'number' : 'string');
    }
  }
  me2.dispose();
});

test('index.d.ts names what the core reports: error codes, event types, reason kinds, weights, blend, limits', () => {
  assert.deepEqual(union('ErrorCode'), Object.values(ErrorCodes));
  const codes = /export const ErrorCodes: Readonly<\{([\s\S]*?)\}>;/.exec(dts)[1];
  assert.deepEqual(Object.fromEntries([...codes.matchAll(/(\w+): '(\w+)'/g)].map((m) => [m[1], m[2]])), { ...ErrorCodes });
  assert.deepEqual(union('EventType'), rr.schema.eventTypes);
  // Reason: one member per kind, with the kind's field (a string label or a number).
  const reason = /export type Reason =([\s\S]*?);\n/.exec(dts)[1];
  const members = [...reason.matchAll(/\{ kind: '(\w+)';([^}]*)\}/g)].map((m) => ({
    name: m[1],
    fields: [...m[2].matchAll(/(\w+): (\w+)/g)].filter((f) => f[1] !== 'weight').map((f) => [f[1], f[2]]),
  }));
  assert.deepEqual(members.map((m) => m.name), rr.schema.reasonKinds.map((k) => k.name));
  for (const [i, k] of rr.schema.reasonKinds.entries()) {
    assert.deepEqual(members[i].fields, k.field ? [[k.field, k.numeric ? 'number' : 'string']] : [], `Reason of kind ${k.name}`);
  }
  assert.deepEqual(interfaceKeys('Weights'), Object.keys(rr.schema.weights));
  assert.deepEqual(interfaceKeys('BlendWeights'), Object.keys(rr.schema.blend));
  assert.deepEqual(interfaceKeys('ProfileLimits'), Object.keys(rr.schema.profileLimits));
  // Every blend option in the .d.ts files is the BlendWeights interface or names its keys.
  for (const f of ['index.d.ts', 'eval.d.ts', 'worker.d.ts']) {
    for (const m of dist(f).matchAll(/blend\?: Partial<\{([^}]*)\}>/g)) {
      assert.deepEqual([...m[1].matchAll(/(\w+):/g)].map((p) => p[1]), Object.keys(rr.schema.blend), `a blend option in ${f}`);
    }
  }
});

test('docs/errors.md lists every error code JS can throw, and no other', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const listed = [...doc.matchAll(/^\| `(E_\w+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(listed.sort(), Object.values(ErrorCodes).sort());
});

test('the analytics rows are decoded by the names the binding gives them', () => {
  // Likes, views and a few skips, so that a field read from the wrong place shows.
  const events = [...EVENTS, ...EVENTS.map((e, i) => ({ ...e, type: 'view', watchTime: 5 + i, duration: 30 })),
    ...EVENTS.slice(0, 4).map((e) => ({ ...e, type: 'skip' }))];
  const log = new rrTools.Interactions().addMany(events);
  const t = rrTools.analytics.engagement(log, { by: 'video', minGroupSize: 2, skipBelow: 0 });  // explicit skips only
  log.dispose();
  const shown = t.groups.filter((row) => !row.other);
  assert.ok(shown.length > 0);
  const count = (item, type) => events.filter((e) => e.item === item && e.type === type).length;
  for (const row of shown) {
    assert.equal(row.likes, count(row.key, 'like'), `${row.key} likes`);
    assert.equal(row.views, count(row.key, 'view'), `${row.key} views`);
    assert.equal(row.skips, count(row.key, 'skip'), `${row.key} skips`);
    assert.equal(row.shares + row.dislikes + row.comments + row.follows, 0);
    assert.equal(row.watchSeconds, events.filter((e) => e.item === row.key && e.type === 'view').reduce((a, e) => a + e.watchTime, 0));
    assert.equal(row.watchRatio.histogram.length, t.histogramEdges.length);
    for (const [k, v] of Object.entries(row)) {
      if (k !== 'key' && k !== 'watchRatio') assert.ok(v === null || Number.isFinite(v), `${row.key}.${k} is ${v}`);
    }
  }
});

test('the docs state the core\'s defaults: event weights, half-life, id bytes, profile limits', () => {
  const doc = (f) => readFileSync(new URL(`../../docs/${f}`, import.meta.url), 'utf8');
  const number = (text) => Number(text.replace(/−/g, '-').replace(/,/g, ''));
  const weighting = doc('weighting.md');
  const rows = [...weighting.matchAll(/^\| `(\w+)` \| `?(−?[\d.]+)/gm)];
  assert.deepEqual(rows.map((m) => m[1]), rr.schema.eventTypes, 'one row per event type');
  for (const [, name, value] of rows) assert.equal(number(value), rr.schema.weights[name], `docs/weighting.md: ${name}`);
  assert.equal(number(/default half-life is \*\*([\d.]+) days\*\*/.exec(weighting)[1]), rr.schema.weights.halfLifeDays);
  const limits = doc('limits.md');
  assert.equal(number(/any id \(video, user, tag, creator\) \| ([\d,]+) bytes of UTF-8/.exec(limits)[1]), rr.schema.maxIdBytes);
  for (const f of ['limits.md', 'memory.md']) {
    const stated = Object.fromEntries([...doc(f).matchAll(/`(max\w+)`[^(`]*\((?:default )?([\d,]+)\)/g)].map((m) => [m[1], number(m[2])]));
    const core = Object.fromEntries(Object.entries(rr.schema.profileLimits).map(([k, v]) => [k, v.default]));
    assert.deepEqual(stated, core, `docs/${f}'s profile limits`);
  }
});
