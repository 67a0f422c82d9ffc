#!/usr/bin/env node
// Wrote the committed format-v3 snapshots in tests/fixtures/v3/ (run once,
// with the format-3 build of main at 736ebfd: `node scripts/make-v3-fixtures.mjs
// DIST_DIR`, DIST_DIR that build's dist/). They must keep loading, with the
// same results, in every later release: tests/js/new-video-window.test.js
// checks it. Do not re-run this to "fix" that test.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WINDOW_EVENTS, WINDOW_PROFILE, WINDOW_REQUEST, WINDOW_VIDEOS } from '../tests/js/window-world.js';

const distDir = process.argv[2];
if (!distDir || process.argv.includes('--help')) {
  console.error('usage: node scripts/make-v3-fixtures.mjs DIST_DIR   (the dist/ of a format-3 build)');
  process.exit(distDir ? 0 : 2);
}
const { load } = await import(pathToFileURL(resolve(distDir, 'index.js')).href);
const rr = await load();
const dir = new URL('../tests/fixtures/v3/', import.meta.url);
rr.scope(() => {
  const catalog = new rr.Catalog().addMany(WINDOW_VIDEOS);
  const log = new rr.Interactions().addMany(WINDOW_EVENTS);
  const model = rr.train(log, { algorithm: 'popularity', catalog, weights: { halfLifeDays: 0 } });
  const bytes = model.save({ includeUsers: false });
  if ((bytes[4] | (bytes[5] << 8)) !== 3) throw new Error('not a format-3 build');
  const me = new rr.Profile({ catalog }).recordMany(WINDOW_PROFILE);
  writeFileSync(new URL('model-popularity.rrmd', dir), bytes);
  writeFileSync(new URL('profile.rrpf', dir), me.save());
  writeFileSync(new URL('expected.json', dir), JSON.stringify({
    recommend: model.recommend(me, { k: 4 }),
    newVideos: model.recommend(me, WINDOW_REQUEST),
  }, null, 2));
});
