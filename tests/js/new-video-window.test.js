// The new-video window (recommend's newVideoWindow) through the built package:
// a video is new when it has fewer than rr.schema.newVideos.freshImpressions
// training impressions AND the log first saw it at most newVideoWindow days
// before its newest event (or never). The world is tests/js/window-world.js:
// old has 3 impressions but was first seen 10 days before the newest event.
// tests/fixtures/v3 was written by the format-3 build (main at 736ebfd,
// scripts/make-v3-fixtures.mjs), where the count alone decided and old was new.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rr, expectCode } from './helpers.js';
import { WINDOW_EVENTS, WINDOW_PROFILE, WINDOW_REQUEST, WINDOW_VIDEOS } from './window-world.js';

const fixture = (name) => new Uint8Array(readFileSync(new URL(`../fixtures/v3/${name}`, import.meta.url)));
const expected = JSON.parse(readFileSync(new URL('../fixtures/v3/expected.json', import.meta.url), 'utf8'));
const newOnes = (recs) => recs.filter((r) => r.reasons[0]?.kind === 'new').map((r) => r.id);

function trained() {
  const catalog = new rr.Catalog().addMany(WINDOW_VIDEOS);
  const log = new rr.Interactions().addMany(WINDOW_EVENTS);
  const model = rr.train(log, { algorithm: 'popularity', catalog, weights: { halfLifeDays: 0 } });
  const me = new rr.Profile({ catalog }).recordMany(WINDOW_PROFILE);
  return { model, me };
}

test('rr.schema.newVideos: the window\'s default and range, and the sampled-set cap, from the core', () => {
  const nv = rr.schema.newVideos;
  assert.equal(nv.window, 3);
  assert.equal(nv.minWindow, 0);
  assert.equal(nv.maxWindow, 3650);
  assert.equal(nv.sampledCandidates, 100);
});

test('a version 3 model (counts, no times) loads and ranks as when saved: old, 3 impressions, is new', () => {
  rr.scope(() => {
    const bytes = fixture('model-popularity.rrmd');
    assert.equal(bytes[4] | (bytes[5] << 8), 3);
    const model = rr.Model.load(bytes);
    const me = rr.Profile.load(fixture('profile.rrpf'));
    assert.deepEqual(model.recommend(me, { k: 4 }), expected.recommend);
    assert.deepEqual(model.recommend(me, WINDOW_REQUEST), expected.newVideos);
    assert.deepEqual(newOnes(expected.newVideos), ['old']);
    // The window has nothing to read in a version 3 model: any value ranks the same.
    assert.deepEqual(model.recommend(me, { ...WINDOW_REQUEST, newVideoWindow: 0 }), expected.newVideos);
  });
});

test('trained now (format 4), old is past the 3-day window and not tried; a 10-day window tries it', () => {
  rr.scope(() => {
    const { model, me } = trained();
    const bytes = model.save({ includeUsers: false });
    assert.equal(bytes[4] | (bytes[5] << 8), 4);
    // Without a new video the slot goes back: the feed is the plain one.
    assert.deepEqual(model.recommend(me, WINDOW_REQUEST), model.recommend(me, { k: 4 }));
    // old's age is 10 days and 178 s (its first view at T0 + 1, the newest at T0 + 10 days + 179 s).
    assert.deepEqual(newOnes(model.recommend(me, { ...WINDOW_REQUEST, newVideoWindow: 10 })), []);
    assert.deepEqual(newOnes(model.recommend(me, { ...WINDOW_REQUEST, newVideoWindow: 10.01 })), ['old']);
    // fresh1 (first seen 0.5 days before the newest) is new in the default window.
    assert.deepEqual(newOnes(model.recommend(me, { ...WINDOW_REQUEST, exclude: [] })), ['fresh1']);
    const back = rr.Model.load(bytes);
    assert.deepEqual(back.recommend(me, { ...WINDOW_REQUEST, newVideoWindow: 10.01 }),
      model.recommend(me, { ...WINDOW_REQUEST, newVideoWindow: 10.01 }));
  });
});

test('newVideoWindow: 0 and 3650 work, past either end or not a number is E_ARG naming it', () => {
  rr.scope(() => {
    const { model, me } = trained();
    assert.equal(model.recommend(me, { ...WINDOW_REQUEST, newVideoWindow: 0 }).length, 4);
    assert.deepEqual(newOnes(model.recommend(me, { ...WINDOW_REQUEST, newVideoWindow: 3650 })), ['old']);
    for (const bad of [-0.001, 3650.001, Number.NaN, '3', null]) {
      expectCode(() => model.recommend(me, { ...WINDOW_REQUEST, newVideoWindow: bad }), 'E_ARG');
      assert.throws(() => model.recommend(me, { ...WINDOW_REQUEST, newVideoWindow: bad }), /newVideoWindow/);
    }
    const page = model.page(['e2', 'e3', 'old'].map((id) => ({ id, score: 1 })));
    assert.deepEqual(newOnes(page.recommend(me, { k: 3, newVideoBudget: 1, newVideoMethod: 'ucb', newVideoWindow: 10.01 })), ['old']);
    expectCode(() => page.recommend(me, { k: 3, newVideoWindow: -1 }), 'E_ARG');
  });
});
