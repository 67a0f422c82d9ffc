#!/usr/bin/env node
// Writes the committed seed corpus of the fuzz targets (tests/fuzz/corpus/):
// snapshot payloads of every algorithm (with and without users, content with
// and without embeddings, imported factors) and profiles of several shapes,
// plus small samples of every dataset format (first byte = format selector,
// see fuzz_dataset_reader.cpp). The snapshot targets seal their input
// themselves, so the corpus holds payloads: the bytes between the 16-byte
// envelope header and the 4-byte CRC-32 (docs/format.md).
// Run after `npm run build`; the corpus is committed so fuzzing needs no build of dist/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, sampleVideos, simulateViewers } from '../dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fuzz', 'corpus');
const rr = await load();
for (const t of ['fuzz_model_load', 'fuzz_profile_load']) rmSync(join(root, t), { recursive: true, force: true });
const write = (target, name, bytes) => {
  mkdirSync(join(root, target), { recursive: true });
  writeFileSync(join(root, target, name), bytes);
};
const payload = (sealed) => sealed.subarray(16, sealed.length - 4);
const writeModel = (name, model) => {
  write('fuzz_model_load', `${name}.bin`, payload(model.save()));
  if (model.info.hasUsers) {
    try {
      write('fuzz_model_load', `${name}-nousers.bin`, payload(model.save({ includeUsers: false })));
    } catch (err) {
      if (err.code !== 'E_ARG') throw err;  // userknn needs its users
    }
  }
};

const videos = sampleVideos({ count: 40, creators: 6, seed: 3 });
const embedded = videos.map((v, i) => ({ ...v, embedding: [Math.sin(i), Math.cos(i), (i % 5) / 5, 0.5] }));
const { events } = simulateViewers(videos, { people: 12, perPerson: 8, seed: 4 });
// Small models keep the seeds short, so mutations stay cheap.
const small = { itemknn: { neighbors: 5 }, userknn: { neighbors: 5 }, mf: { factors: 4, epochs: 2 },
  ials: { factors: 4, iterations: 2 }, slist: { maxItems: 12 },
  sasrec: { dim: 4, blocks: 1, maxLen: 6, epochs: 2, patience: 1 } };
const optionsFor = (algorithm) => small[algorithm] ?? {};
rr.scope(() => {
  const catalog = new rr.Catalog().addMany(videos);
  const withEmbeddings = new rr.Catalog().addMany(embedded);
  const log = new rr.Interactions().addMany(events);
  for (const algorithm of rr.algorithms.filter((a) => a.trainable).map((a) => a.name)) {
    writeModel(algorithm, rr.train(log, { algorithm, catalog, ...optionsFor(algorithm) }));
  }
  writeModel('content-embeddings', rr.train(log, { algorithm: 'content', catalog: withEmbeddings }));
  writeModel('itemknn-recency', rr.train(log, { algorithm: 'itemknn', catalog, neighbors: 5, recency: 2 }));
  writeModel('sasrec-feedback', rr.train(log, { algorithm: 'sasrec', catalog, ...small.sasrec, feedback: 1 }));
  const ratings = new rr.Interactions().addRatings({ users: [1, 1, 2, 3], items: [1, 2, 1, 3], values: [4, 3, 5, 2] });
  for (const algorithm of ['userknn', 'mf']) writeModel(`ratings-${algorithm}`, rr.train(ratings, { algorithm, ...optionsFor(algorithm) }));
  const items = ['a', 'b', 'c'];
  writeModel('factors', rr.Model.fromFactors({ items, factors: Float32Array.of(1, 0, 0, 1, 0.5, 0.5), dim: 2 }));
  writeModel('factors-bias', rr.Model.fromFactors({ items, factors: Float32Array.of(1, 0, 0, 1, 0.5, 0.5), dim: 2,
    itemBias: [0.1, -0.2, 0], globalMean: 3.5 }));

  const me = new rr.Profile({ catalog, limits: { maxEvents: 5 } });
  write('fuzz_profile_load', 'empty.bin', payload(me.save()));
  me.recordMany(events.slice(0, 12).map(({ user, ...e }) => e));
  me.block({ creator: videos[0].creator });
  write('fuzz_profile_load', 'archived.bin', payload(me.save()));
  me.block({ item: videos[1].id });
  me.forget({ item: videos[2].id });
  write('fuzz_profile_load', 'blocked-forgotten.bin', payload(me.save()));
  const rated = new rr.Profile({ weights: { halfLifeDays: 0 } });
  rated.recordMany([{ item: 'm1', type: 'rating', value: 4.5, timestamp: 1 }, { item: 'm2', type: 'dislike', tags: ['x'], creator: 'c', timestamp: 2 }]);
  write('fuzz_profile_load', 'rated.bin', payload(rated.save()));
  const every = new rr.Profile({ catalog, limits: { maxEvents: 6, maxItems: 10, maxTags: 10, maxCreators: 10 } });
  const types = ['view', 'like', 'comment', 'share', 'follow', 'skip', 'dislike'];
  every.recordMany(videos.slice(0, 30).map((v, i) => ({ item: v.id, type: types[i % types.length], watchTime: (i % 3) * 10,
    timestamp: 1000 + i * 3600 })));
  write('fuzz_profile_load', 'evicted.bin', payload(every.save()));
});

const samples = {
  0: ['movielens-csv', 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.0,964981247\n2,1,2.5,964982224\n'],
  1: ['movielens-udata', '196\t242\t3\t881250949\n186\t302\t3\t891717742\n'],
  2: ['movielens-dat', '1::1193::5::978300760\n1::661::3::978302109\n'],
  3: ['csv', 'user,item,value,timestamp\nu1,v1,1,100\nu2,v1,0.5,101\n'],
  4: ['tsv', 'u1\tv1\t3\nu2\tv2\t4\n'],
  5: ['kuairand', 'user_id\tvideo_id\tdate\thourmin\ttime_ms\tis_click\tis_follow\tis_comment\tis_forward\tlong_view\tplay_time_ms\tduration_ms\tcomment_stay_time\tis_profile_enter\tlabel\ttimestamp\n111\t3892024\t20220410\t1700\t1649581149287\t1\t0\t0\t0\t1\t46186\t45916\t7639\t0\t1\t2022-04-10 08:59:09\n111\t2629583\t20220411\t1600\t1649664552983\t1\t1\t1\t0\t0\t14549\t0\t5045\t0\t0\t2022-04-11 08:09:12\n'],
  6: ['kuairand-likehate', 'user_id\tvideo_id\ttime_ms\tis_click\tis_like\tis_hate\tis_follow\tis_comment\tis_forward\tlong_view\tplay_time_ms\tduration_ms\n111\t3892024\t1649581149287\t1\t1\t0\t0\t0\t0\t1\t46186\t45916\n112\t2629583\t1649664552983\t1\t0\t1\t1\t1\t0\t0\t14549\t0\n'],
};
// Selector byte: low two bits = format (0 movielens, 1 csv, 2 tsv, 3 kuairand), bit 2 = skip bad lines.
const selector = { 'movielens-csv': 0, 'movielens-udata': 0, 'movielens-dat': 0, csv: 1, tsv: 2, kuairand: 3, 'kuairand-likehate': 3 };
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
