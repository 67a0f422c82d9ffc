// Format compatibility: snapshots written by format version 1 (committed in
// tests/fixtures/v1) load in this build and give the same results; bytes from
// a newer version fail with E_VERSION naming the version needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rr, expectCode } from './helpers.js';

const fixture = (name) => new Uint8Array(readFileSync(new URL(`../fixtures/v1/${name}`, import.meta.url)));
const expected = JSON.parse(readFileSync(new URL('../fixtures/v1/expected.json', import.meta.url), 'utf8'));

test('a v1 model and profile load and rank exactly as when they were saved', () => {
  const model = rr.Model.load(fixture('model-itemknn.rrmd'));
  const me = rr.Profile.load(fixture('profile.rrpf'));
  assert.deepEqual(model.recommend(me, { k: 5 }), expected.recommend);
  assert.deepEqual(me.interests(10), expected.interests);
  assert.deepEqual(model.recommend('u1', { k: 3 }), expected.forUser);
  me.dispose();
  model.dispose();
});

test('a snapshot from a newer format version is E_VERSION and says what is needed', () => {
  const bytes = fixture('profile.rrpf');
  bytes[4] = 3;
  expectCode(() => rr.Profile.load(bytes), 'E_VERSION');
  assert.throws(() => rr.Profile.load(bytes), /version 3.*up to 1.*upgrade/);
});
