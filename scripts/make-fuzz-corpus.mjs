#!/usr/bin/env node
// Writes the committed seed corpus of the fuzz targets (tests/fuzz/corpus/):
// real snapshots of every model kind and a few profiles, and small samples of
// every dataset format (first byte = format selector, see fuzz_dataset_reader.cpp).
// Run after `npm run build`; the corpus is committed so fuzzing needs no build of dist/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, sampleVideos, simulateViewers } from '../dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fuzz', 'corpus');
const rr = await load();
const write = (target, name, bytes) => {
  mkdirSync(join(root, target), { recursive: true });
  writeFileSync(join(root, target, name), bytes);
};

const videos = sampleVideos({ count: 40, creators: 6, seed: 3 });
const { events } = simulateViewers(videos, { people: 12, perPerson: 8, seed: 4 });
rr.scope(() => {
  const catalog = new rr.Catalog().addMany(videos);
  const log = new rr.Interactions().addMany(events);
  for (const algorithm of ['popularity', 'itemknn', 'userknn', 'content']) {
    const model = rr.train(log, { algorithm, catalog, ...(algorithm.endsWith('knn') ? { neighbors: 5 } : {}) });
    write('fuzz_model_load', `${algorithm}.bin`, model.save());
    if (algorithm !== 'userknn') write('fuzz_model_load', `${algorithm}-nousers.bin`, model.save({ includeUsers: false }));
  }
  const ratings = new rr.Interactions().addRatings({ users: [1, 1, 2], items: [1, 2, 1], values: [4, 3, 5] });
  write('fuzz_model_load', 'ratings-userknn.bin', rr.train(ratings, { algorithm: 'userknn' }).save());
  const me = new rr.Profile({ catalog, limits: { maxEvents: 5 } });
  write('fuzz_profile_load', 'empty.bin', me.save());
  me.recordMany(events.slice(0, 12).map(({ user, ...e }) => e));
  me.block({ creator: videos[0].creator });
  write('fuzz_profile_load', 'archived.bin', me.save());
  const rated = new rr.Profile({ weights: { halfLifeDays: 0 } });
  rated.recordMany([{ item: 'm1', type: 'rating', value: 4.5, timestamp: 1 }, { item: 'm2', type: 'dislike', tags: ['x'], creator: 'c', timestamp: 2 }]);
  write('fuzz_profile_load', 'rated.bin', rated.save());
});

const samples = {
  0: ['movielens-csv', 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.0,964981247\n2,1,2.5,964982224\n'],
  1: ['movielens-udata', '196\t242\t3\t881250949\n186\t302\t3\t891717742\n'],
  2: ['movielens-dat', '1::1193::5::978300760\n1::661::3::978302109\n'],
  3: ['csv', 'user,item,value,timestamp\nu1,v1,1,100\nu2,v1,0.5,101\n'],
  4: ['tsv', 'u1\tv1\t3\nu2\tv2\t4\n'],
  5: ['kuairand', 'user_id\tvideo_id\tdate\thourmin\ttime_ms\tis_click\tis_follow\tis_comment\tis_forward\tlong_view\tplay_time_ms\tduration_ms\tcomment_stay_time\tis_profile_enter\tlabel\ttimestamp\n111\t3892024\t20220410\t1700\t1649581149287\t1\t0\t0\t0\t1\t46186\t45916\t7639\t0\t1\t2022-04-10 08:59:09\n111\t2629583\t20220411\t1600\t1649664552983\t1\t1\t1\t0\t0\t14549\t0\t5045\t0\t0\t2022-04-11 08:09:12\n'],
};
// Selector byte: low two bits = format (0 movielens, 1 csv, 2 tsv, 3 kuairand), bit 2 = skip bad lines.
const selector = { 'movielens-csv': 0, 'movielens-udata': 0, 'movielens-dat': 0, csv: 1, tsv: 2, kuairand: 3 };
for (const [name, text] of Object.values(samples)) {
  const body = new TextEncoder().encode(text);
  for (const skip of [0, 4]) {
    const bytes = new Uint8Array(body.length + 1);
    bytes[0] = selector[name] | skip;
    bytes.set(body, 1);
    write('fuzz_dataset_reader', `${name}${skip ? '-skipbad' : ''}.txt`, bytes);
  }
}
console.error(`seed corpus written to ${root}`);
