// recommend(me, { candidates: [{ id, score }] }): a server's page re-ranked on
// the device, through the JS API. The popularity model keeps the numbers
// checkable by hand (tests/native/test_server_candidates.cpp does the same in
// the core): popularity = log1p(count) / log1p(max count).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rr, VIDEOS, EVENTS, expectCode } from './helpers.js';

// In EVENTS v2, v3 are liked 3 times, v1, v4 twice, v5 once.
const pop = (n) => Math.log1p(n) / Math.log1p(3);

function popularityWorld() {
  const catalog = new rr.Catalog().addMany(VIDEOS);
  const log = new rr.Interactions().addMany(EVENTS);
  const model = rr.train(log, { algorithm: 'popularity', catalog, weights: { halfLifeDays: 0 } });
  log.dispose();
  return { catalog, model };
}

test('a server page: scaled scores blended with serverWeight, unknown candidates kept by their server part', () => {
  rr.scope(() => {
    const { catalog, model } = popularityWorld();
    const me = new rr.Profile({ catalog });
    // Scaled over the page: v5 10 -> 1, v1 0 -> 0, 'fresh' (unknown to the model) 5 -> 0.5.
    const page = [{ id: 'v5', score: 10 }, { id: 'v1', score: 0 }, { id: 'fresh', score: 5 }];
    const recs = model.recommend(me, { candidates: page });
    assert.deepEqual(recs.map((r) => r.id), ['v5', 'v1', 'fresh']);
    assert.ok(Math.abs(recs[0].score - (pop(1) + 1)) < 1e-6);
    assert.ok(Math.abs(recs[1].score - pop(2)) < 1e-6);
    assert.ok(Math.abs(recs[2].score - 0.5) < 1e-6);
    assert.deepEqual(recs[2].reasons, [{ kind: 'server', weight: recs[2].reasons[0].weight }]);
    assert.ok(recs[0].reasons.some((why) => why.kind === 'server' && Math.abs(why.weight - 1) < 1e-6));
    // serverWeight 3 lifts the unknown candidate above v1; 0 ignores the server.
    assert.deepEqual(model.recommend(me, { candidates: page, serverWeight: 3 }).map((r) => r.id), ['v5', 'fresh', 'v1']);
    assert.deepEqual(model.recommend(me, { candidates: page, serverWeight: 0 }).map((r) => r.id), ['v1', 'v5', 'fresh']);
    // At the limit it works; the default is the core's.
    assert.equal(rr.schema.serverWeight.default, 1);
    assert.ok(Math.abs(model.recommend(me, { candidates: page, serverWeight: rr.schema.serverWeight.max })[0].score - (pop(1) + 100)) < 1e-5);
    // What the person saw or blocked leaves the page, known to the model or not.
    me.record({ item: 'fresh', type: 'view', watchTime: 10, duration: 10, timestamp: 1_700_100_000 });
    me.block({ item: 'v1' });
    assert.deepEqual(model.recommend(me, { candidates: page }).map((r) => r.id), ['v5']);
    assert.deepEqual(model.recommend(me, { candidates: page, exclude: ['v5'] }), []);
  });
});

// Transitions trained on chains: after v1 people watch v2; after v3, v4 (inside rr.scope).
function chainWorld() {
  const catalog = new rr.Catalog().addMany(VIDEOS);
  const events = [];
  let t = 1_700_000_000;
  for (let u = 0; u < 6; u++) {
    for (const item of u % 2 ? ['v3', 'v4', 'v5'] : ['v1', 'v2', 'v5']) events.push({ user: `u${u}`, item, type: 'like', timestamp: t++ });
  }
  return { catalog, events, model: rr.train(new rr.Interactions().addMany(events), { algorithm: 'transitions', catalog }) };
}

test('a server page after each swipe: the order follows what the person just did', () => {
  rr.scope(() => {
    const { catalog, events, model } = chainWorld();
    let t = 1_800_000_000;
    const page = [{ id: 'v2', score: 1 }, { id: 'v4', score: 1 }];
    const me = new rr.Profile({ catalog });
    me.record({ item: 'v1', type: 'like', timestamp: t++ });
    const afterV1 = model.recommend(me, { candidates: page, k: 2 });
    assert.equal(afterV1[0].id, 'v2');
    assert.ok(afterV1[0].reasons.some((why) => why.kind === 'recent' && why.item === 'v1'));
    me.record({ item: 'v3', type: 'like', timestamp: t++ });
    assert.equal(model.recommend(me, { candidates: page, k: 2 })[0].id, 'v4');
  });
});

test('bad server pages are E_ARG naming the candidate; plain ids keep E_UNKNOWN_ID', () => {
  rr.scope(() => {
    const { catalog, model } = popularityWorld();
    const me = new rr.Profile({ catalog });
    expectCode(() => model.recommend(me, { candidates: [{ id: 'v1', score: 1 }, 'v2'] }), 'E_ARG');
    expectCode(() => model.recommend(me, { candidates: [{ id: 'v1', score: Number.NaN }] }), 'E_ARG');
    expectCode(() => model.recommend(me, { candidates: [{ id: 'v1' }] }), 'E_ARG');
    expectCode(() => model.recommend(me, { candidates: [{ id: 'v1', score: 1, rank: 2 }] }), 'E_ARG');
    expectCode(() => model.recommend(me, { candidates: [{ id: 'v1', score: 1 }, { id: 'v1', score: 2 }] }), 'E_ARG');
    expectCode(() => model.recommend(me, { candidates: [{ id: 'v1', score: 1 }], serverWeight: 101 }), 'E_ARG');
    expectCode(() => model.recommend(me, { candidates: [{ id: 'v1', score: 1 }], serverWeight: -1 }), 'E_ARG');
    expectCode(() => model.recommend(me, { candidates: ['v1', 'nope'] }), 'E_UNKNOWN_ID');
    assert.throws(() => model.recommend(me, { candidates: [{ id: 'v1', score: 1 }, { id: 'v1', score: 2 }] }), /given twice/);
  });
});

test('model.page: a page resolved once re-ranks like recommend with the same candidates, and order() gives its places', () => {
  rr.scope(() => {
    const { catalog, events, model } = chainWorld();
    let t = 1_800_000_000;
    const list = [{ id: 'v4', score: 3 }, { id: 'fresh', score: 2 }, { id: 'v2', score: 1 }, { id: 'v5', score: 0 }];
    const page = model.page(list);
    assert.equal(page.size, 4);
    const me = new rr.Profile({ catalog });
    for (const item of ['v1', 'v3', 'v1']) {
      me.record({ item, type: 'like', timestamp: t++ });
      const viaPage = page.recommend(me, { k: 4, serverWeight: 0.5 });
      assert.deepEqual(viaPage, model.recommend(me, { candidates: list, k: 4, serverWeight: 0.5 }));
      const order = page.order(me, { serverWeight: 0.5 });
      assert.ok(order instanceof Int32Array);
      assert.deepEqual([...order].map((i) => list[i].id), viaPage.map((r) => r.id));
    }
    // With the server's part off, what follows v1 (v2) leads; with it on, the server's first (v4) does.
    assert.equal(list[page.order(me, { serverWeight: 0 })[0]].id, 'v2');
    assert.equal(list[page.order(me, { serverWeight: 1 })[0]].id, 'v4');
    assert.equal(page.order(me, { k: 2 }).length, 2);
    // A page ranks with the model that made it (the core refuses another's:
    // test_server_candidates.cpp); bad input is E_ARG; a disposed page or model is E_DISPOSED.
    const other = rr.train(new rr.Interactions().addMany(events), { algorithm: 'popularity', catalog });
    const theirs = other.page(list);
    assert.ok(theirs.recommend(me).every((r) => r.reasons.every((why) => why.kind !== 'recent')), 'popularity gives no recent reason');
    theirs.dispose();
    expectCode(() => page.recommend('u1'), 'E_ARG');
    expectCode(() => page.recommend(me, { candidates: ['v1'] }), 'E_ARG');
    expectCode(() => model.page([]), 'E_ARG');
    expectCode(() => model.page(['v1', 'v2']), 'E_ARG');
    expectCode(() => model.page([{ id: 'v1', score: 1 }, { id: 'v1', score: 2 }]), 'E_ARG');
    page.dispose();
    expectCode(() => page.order(me), 'E_DISPOSED');
    const again = model.page(list);
    model.dispose();
    expectCode(() => again.order(me), 'E_DISPOSED');
  });
});
