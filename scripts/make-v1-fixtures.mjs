#!/usr/bin/env node
// Wrote the committed format-v1 snapshots in tests/fixtures/v1/ (run once,
// when format 1 was current). They must keep loading, with the same results,
// in every later release: tests/js/compat.test.js checks it. Do not re-run
// this to "fix" that test; a failure there means compatibility broke.
import { writeFileSync } from 'node:fs';
import { parseCli } from './cli.mjs';

parseCli({
  name: 'make-v1-fixtures',
  usage: `usage: node scripts/make-v1-fixtures.mjs

  --help   this text

Takes no other arguments. Overwrites tests/fixtures/v1/ with snapshots written by
the current build: only for a format version's first release, never to make
tests/js/compat.test.js pass.`,
});
const { load } = await import('../dist/index.js');
const { VIDEOS, EVENTS } = await import('../tests/js/helpers.js');

const rr = await load();
const dir = new URL('../tests/fixtures/v1/', import.meta.url);
rr.scope(() => {
  const catalog = new rr.Catalog().addMany(VIDEOS);
  const log = new rr.Interactions().addMany(EVENTS);
  const model = rr.train(log, { algorithm: 'itemknn', catalog });
  const me = new rr.Profile({ catalog });
  me.recordMany([{ item: 'v1', type: 'like', timestamp: 1_700_000_100 }, { item: 'v3', type: 'skip', timestamp: 1_700_000_200 },
    { item: 'v2', type: 'view', watchTime: 15, timestamp: 1_700_000_300 }]);
  writeFileSync(new URL('model-itemknn.rrmd', dir), model.save());
  writeFileSync(new URL('profile.rrpf', dir), me.save());
  writeFileSync(new URL('expected.json', dir), JSON.stringify({
    recommend: model.recommend(me, { k: 5 }),
    interests: me.interests(10),
    forUser: model.recommend('u1', { k: 3 }),
  }, null, 2));
});
