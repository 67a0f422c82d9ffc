#!/usr/bin/env node
// npm run eval -- --data PATH --format movielens --split user:0.25 --algorithms popularity,itemknn --k 10
//
// Offline evaluation on a dataset file, run in wasm through the built package
// (dist/), so the figures are those of the code a page runs. Prints a table
// per algorithm (or, with --json, one JSON object per line); a progress bar
// goes to stderr when it is a terminal. docs/evaluation.md defines the
// metrics and splits. Exit codes: 0 done, 2 a usage or data error (the
// message says what to fix), 1 an unexpected failure.
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseCli } from './cli.mjs';
import { UsageError, formatFor, loadTools, movieLensFolder, moviesIn, readBytes, readMovies } from './datasets.mjs';

const USAGE = `usage: npm run eval -- --data PATH [--format FORMAT] [--split SPLIT] [options]
       npm run eval -- --train FILE --test FILE [--format FORMAT] [options]
       npm run eval -- --data PATH --split last|global:FRACTION|session:SECONDS [--tune] [--sequence TYPES] [options]
       npm run eval -- --train F --valid F --test F --columns user,item,timestamp [--tune] [options]

  --data PATH         a dataset file, or a MovieLens folder (ratings.csv, u.data or ratings.dat;
                      movies.csv / movies.dat / u.item, when present, give genres as tags)
  --format NAME       movielens | csv | tsv | kuairand (default: movielens for a folder,
                      else from the file extension: .csv csv, .tsv tsv)
  --split SPLIT       kfold:K | user:FRACTION | time:FRACTION (default user:0.25), or the next-item
                      protocol: last (each person's last item) | global:FRACTION (a global time cut) |
                      session:SECONDS (each session's last item; a gap over SECONDS starts a session)
  --train F --test F  evaluate an external split (user, item, value[, timestamp] rows)
  --valid F           with --train and --test: a next-item split made elsewhere (train / valid / test)
  --columns LIST      the files' tab-separated columns, no header, e.g. user,item,timestamp
                      (value optional; each row is one interaction of weight value, default 1;
                      timestamp in seconds, or timestamp_ms for milliseconds, as KuaiRand's)
  --tune              next-item: choose each algorithm's options on the validation item from the
                      grid it declares (rr.algorithms[].options[].grid), then refit on train + valid
  --sequence TYPES    next-item: event types that make a person's sequence (auto: ratings if any,
                      else likes, e.g. KuaiRand's liked rows, else views), e.g. like or view,like
  --algorithms LIST   comma-separated names of rr.algorithms (popularity, itemknn, ease, ...), or
                      all for every trainable one (default popularity,itemknn)
  --k N               list length for the top-N metrics (default 10)
  --seed N            seed of the shuffled splits (default 42)
  --opt KEY=VALUE     repeatable: ALGO.OPTION=V (itemknn.neighbors=50), blend.NAME=V or
                      weights.NAME=V for every algorithm, ALGO.blend.NAME=V for one
  --calibration W     calibrated re-ranking of every list with weight W in [0, 1] (recommend's
                      calibration; default 0, off)
  --popularity-correction B
                      every score minus B * popularity (recommend's popularityCorrection; default 0)
  --catalog FILE      a MovieLens movies.csv / movies.dat whose genres become tags
  --no-catalog        ignore the genres found beside a MovieLens ratings file
  --skip-bad          skip malformed lines (counted and reported) instead of stopping
  --json              one JSON object per algorithm on stdout
  --markdown          also print one markdown table comparing the algorithms
  --quiet             no progress on stderr
  --help              this text`;

const fail = (message) => {
  throw new UsageError(message);
};

// Every flag of the usage text; parseCli (node:util parseArgs) refuses any other.
const OPTIONS = {
  data: { type: 'string' }, format: { type: 'string' }, split: { type: 'string' }, train: { type: 'string' },
  test: { type: 'string' }, algorithms: { type: 'string', default: 'popularity,itemknn' }, k: { type: 'string', default: '10' },
  seed: { type: 'string', default: '42' }, opt: { type: 'string', multiple: true, default: [] }, catalog: { type: 'string' },
  'no-catalog': { type: 'boolean' }, 'skip-bad': { type: 'boolean' }, json: { type: 'boolean' }, markdown: { type: 'boolean' },
  quiet: { type: 'boolean' }, valid: { type: 'string' }, columns: { type: 'string' }, tune: { type: 'boolean' },
  sequence: { type: 'string' }, calibration: { type: 'string' }, 'popularity-correction': { type: 'string' },
};

function integer(text, name, min, max) {
  const v = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(v) || v < min || v > max) fail(`--${name} must be a whole number from ${min} to ${max} (got '${text}')`);
  return v;
}

// A number flag; its range is checked by rr.evaluate (the core's).
function number(text, name) {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) fail(`--${name} must be a number (got '${text}')`);
  return v;
}

// --opt KEY=VALUE -> per-algorithm { options, blend, weights }. Keys:
// ALGO.OPTION, ALGO.blend.NAME, ALGO.weights.NAME, blend.NAME, weights.NAME.
// `known`: every algorithm name of the core's registry (rr.algorithms), to
// tell `--opt itemknn.neighbors=50` from `--opt blend.content=0`.
function parseOpts(list, algorithms, known) {
  const per = Object.fromEntries(algorithms.map((n) => [n, { options: {}, blend: {}, weights: {} }]));
  for (const entry of list) {
    const eq = entry.indexOf('=');
    if (eq < 1) fail(`--opt '${entry}' is not KEY=VALUE (e.g. itemknn.neighbors=50)`);
    const key = entry.slice(0, eq).split('.');
    const text = entry.slice(eq + 1).trim();
    const value = text === 'true' ? true : text === 'false' ? false : Number(text);
    if (text === '' || (typeof value === 'number' && !Number.isFinite(value))) fail(`--opt ${entry}: the value must be a number, true or false`);
    const forOne = known.includes(key[0]);
    // An option for an algorithm that is not being run is harmless: it is dropped.
    const targets = forOne ? algorithms.filter((n) => n === key[0]) : algorithms;
    const rest = forOne ? key.slice(1) : key;
    let apply;
    if (rest.length === 2 && (rest[0] === 'blend' || rest[0] === 'weights') && rest[1]) {
      apply = (t) => { per[t][rest[0]][rest[1]] = value; };
    } else if (forOne && rest.length === 1 && rest[0]) {
      apply = (t) => { per[t].options[rest[0]] = value; };
    } else if (!forOne && rest.length === 1) {
      fail(`--opt ${entry}: say which algorithm it is for, e.g. itemknn.${rest[0]}=${text}`);
    } else {
      fail(`--opt ${entry}: use ALGO.OPTION=V, ALGO.blend.NAME=V, blend.NAME=V or weights.NAME=V`);
    }
    targets.forEach(apply);
  }
  return per;
}

function progressBar(quiet) {
  if (quiet || !process.stderr.isTTY) return { update() {}, done() {} };
  let last = 0;
  return {
    update(label, p) {
      const now = Date.now();
      if (now - last < 80 && p.done !== p.total) return;
      last = now;
      const share = (p.fold + (p.stage === 'fit' ? 0 : 0.5) + 0.5 * (p.total ? p.done / p.total : 0)) / p.folds;
      const width = 30, filled = Math.round(Math.min(1, share) * width);
      const fold = p.folds > 1 ? ` fold ${p.fold + 1}/${p.folds}` : '';
      process.stderr.write(`\r${label.padEnd(11)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${fold} ${p.stage} ${p.done}/${p.total} ${p.seconds.toFixed(1)} s\x1b[K`);
    },
    done() { process.stderr.write('\r\x1b[K'); },
  };
}

const f4 = (x) => (x == null ? '–' : x.toFixed(4));
const secs = (x) => (x == null ? '–' : `${x.toFixed(3)} s`);
const count = (x) => Math.round(x).toLocaleString('en');

function printTable(r) {
  const k = r.k;
  const rows = [
    [`precision@${k}`, f4(r.precision)], [`recall@${k}`, f4(r.recall)], [`ndcg@${k}`, f4(r.ndcg)], [`map@${k}`, f4(r.map)],
    [`hitrate@${k}`, f4(r.hitrate)], [`mrr@${k}`, f4(r.mrr)], [`coverage@${k}`, f4(r.coverage)],
    ['avg popularity', r.popularity == null ? '–' : r.popularity.toFixed(1)], ['long-tail share', f4(r.longTailShare)],
    ['diversity (ILD)', f4(r.diversity)], ['miscalibration', f4(r.miscalibration)],
    ['rmse', f4(r.rmse)], ['mae', f4(r.mae)],
    ['fit', secs(r.fitSeconds)], ['recommend', secs(r.recommendSeconds)], ['predict', secs(r.predictSeconds)],
  ];
  const folds = r.folds > 1 ? `, mean of ${r.folds} folds` : '';
  const rerank = `${r.calibration ? `, calibration ${r.calibration}` : ''}${r.popularityCorrection ? `, popularity correction ${r.popularityCorrection}` : ''}`;
  console.log(`\n${r.algorithm}  (split ${r.split}, k ${k}, seed ${r.seed}${folds}${rerank}; ${count(r.users)} users; ${count(r.trainRows)} train / ${count(r.testRows)} test rows)`);
  for (const [name, value] of rows) console.log(`  ${name.padEnd(16)} ${value.padStart(10)}`);
  if (r.ratings) {
    const g = r.ratings;
    console.log(`  rating predictions: ${count(g.predicted)} of ${count(g.tested)} by the model (rmse ${f4(g.rmseModelOnly)}, mae ${f4(g.maeModelOnly)}); ` +
      `fallbacks: ${count(g.userMeanFallbacks)} user mean, ${count(g.globalMeanFallbacks)} global mean`);
  }
  if (r.skippedUsers > 0) console.log(`  ${count(r.skippedUsers)} test users had no relevant held-out item and were left out`);
}

function printMarkdown(results) {
  const k = results[0].k;
  console.log(`\n| algorithm | P@${k} | R@${k} | NDCG@${k} | MAP@${k} | HR@${k} | MRR@${k} | coverage | avg pop. | long tail | ILD | miscal. | RMSE | MAE | fit s | rec. s |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(`| ${r.algorithm} | ${[r.precision, r.recall, r.ndcg, r.map, r.hitrate, r.mrr, r.coverage].map(f4).join(' | ')} | ` +
      `${r.popularity == null ? '–' : r.popularity.toFixed(1)} | ${f4(r.longTailShare)} | ${f4(r.diversity)} | ${f4(r.miscalibration)} | ${f4(r.rmse)} | ${f4(r.mae)} | ${r.fitSeconds.toFixed(2)} | ${r.recommendSeconds.toFixed(2)} |`);
  }
}

// Next-item figures (rr.evaluateNextItem).
const opts = (o) => Object.entries(o).map(([key, v]) => `${key}=${v}`).join(' ') || '–';

function printNextItem(r) {
  const k = r.k;
  console.log(`\n${r.algorithm}  (next item, split ${r.split}, k ${k}; sequence ${r.sequence.join(',')}: ${count(r.sequenceEvents)} events, ` +
    `${count(r.people)} people, ${count(r.trainOnlyPeople)} training only)`);
  if (r.tuned) console.log(`  chosen on the validation item: ${opts(r.chosen)} (of ${r.trials.length} combinations)`);
  console.log(`  ${'stage'.padEnd(6)} ${'people'.padStart(7)} ${`HR@${k}`.padStart(8)} ${`NDCG@${k}`.padStart(8)} ${`MRR@${k}`.padStart(8)} ${`Cov@${k}`.padStart(8)} ${'unseen'.padStart(7)} ${'fit s'.padStart(7)} ${'rank s'.padStart(7)}`);
  for (const [name, f] of [['valid', r.valid], ['test', r.test]]) {
    if (!f) continue;
    console.log(`  ${name.padEnd(6)} ${String(f.people).padStart(7)} ${f4(f.hitrate).padStart(8)} ${f4(f.ndcg).padStart(8)} ${f4(f.mrr).padStart(8)} ` +
      `${f4(f.coverage).padStart(8)} ${String(f.unseenTargets).padStart(7)} ${f.fitSeconds.toFixed(2).padStart(7)} ${f.rankSeconds.toFixed(2).padStart(7)}`);
  }
}

function printNextItemMarkdown(results, notRun = []) {
  const k = results[0]?.k ?? 10;
  console.log(`\n| algorithm | chosen | valid NDCG@${k} | HR@${k} | NDCG@${k} | MRR@${k} | Coverage@${k} | fit s |`);
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const t = r.test;
    console.log(`| ${r.algorithm} | ${r.tuned ? opts(r.chosen) : 'defaults'} | ${f4(r.valid?.ndcg)} | ${[t.hitrate, t.ndcg, t.mrr, t.coverage].map(f4).join(' | ')} | ${t.fitSeconds.toFixed(2)} |`);
  }
  for (const n of notRun) console.log(`| ${n.algorithm} | not run: ${n.message.replace(/\|/g, '/')} | | | | | | |`);
}

// Rows of tab-separated `columns` (no header) as the tsv reader's user, item, value, timestamp.
function columnsToTsv(bytes, columns, path) {
  const names = columns.split(',').map((c) => c.trim());
  const at = (name) => names.indexOf(name);
  const unknown = names.find((c) => !['user', 'item', 'timestamp', 'timestamp_ms', 'value'].includes(c) && c !== '');
  if (unknown !== undefined) fail(`--columns: unknown column '${unknown}'; use user, item, timestamp (seconds) or timestamp_ms, value (or an empty name to skip one)`);
  if (at('user') < 0 || at('item') < 0) fail('--columns needs at least user and item, e.g. user,item,timestamp');
  if (at('timestamp') >= 0 && at('timestamp_ms') >= 0) fail('--columns: give timestamp or timestamp_ms, not both');
  // The library's times are seconds (the trending model's half-life is in hours of them).
  const time = (f) => (at('timestamp') >= 0 ? f[at('timestamp')] : at('timestamp_ms') >= 0 ? String(Number(f[at('timestamp_ms')]) / 1000) : 0);
  const out = [];
  const lines = bytes.toString('utf8').split(/\r?\n/);
  for (let n = 0; n < lines.length; ++n) {
    if (lines[n].trim() === '') continue;
    const f = lines[n].split('\t');
    if (f.length !== names.length) fail(`${path} line ${n + 1}: expected ${names.length} tab-separated fields (${columns}), found ${f.length}`);
    out.push(`${f[at('user')]}\t${f[at('item')]}\t${at('value') >= 0 ? f[at('value')] : 1}\t${time(f)}`);
  }
  return out.join('\n');
}

async function main() {
  const { values } = parseCli({ name: 'eval', usage: USAGE, options: OPTIONS });
  const a = { ...values, opts: values.opt, noCatalog: values['no-catalog'], skipBad: values['skip-bad'] };
  const given = a.train !== undefined || a.test !== undefined || a.valid !== undefined;
  if (given && a.data !== undefined) fail('give either --data or --train/--test, not both');
  if (given && (a.train === undefined || a.test === undefined)) fail('--train and --test go together');
  const nextItem = a.valid !== undefined || /^(last|global:|session:)/.test(a.split ?? '');
  if (a.tune && !nextItem) fail('--tune belongs to the next-item protocol: use --split last, --split global:F, --split session:S or --train/--valid/--test');
  if (a.sequence !== undefined && !nextItem) fail('--sequence belongs to the next-item protocol (--split last, global:F or session:S)');
  if (!given && a.data === undefined) fail('--data PATH is required (or --train F --test F); --help lists the options');
  if (given && a.split !== undefined) fail('--split does not apply to --train/--test (the files are the split)');
  const k = integer(a.k, 'k', 1, 10000);
  const seed = integer(a.seed, 'seed', 0, Number.MAX_SAFE_INTEGER);
  const split = a.split ?? 'user:0.25';
  const calibration = number(a.calibration, 'calibration');
  const popularityCorrection = number(a['popularity-correction'], 'popularity-correction');
  if (nextItem && (calibration !== undefined || popularityCorrection !== undefined)) {
    fail('--calibration and --popularity-correction apply to the top-N splits (kfold, user, time, --train/--test)');
  }

  let files;
  let moviesPath = a.catalog;
  let format;
  if (given) {
    format = a.columns !== undefined ? 'tsv' : formatFor(a.train, a.format);
    files = a.valid !== undefined ? { train: a.train, valid: a.valid, test: a.test } : { train: a.train, test: a.test };
    if (a.columns !== undefined) format = 'tsv';
  } else if (existsSync(a.data) && statSync(a.data).isDirectory()) {
    if (a.format !== undefined && a.format !== 'movielens') fail(`${a.data} is a folder; only --format movielens reads folders`);
    const found = movieLensFolder(a.data);
    format = 'movielens';
    files = { data: found.ratings };
    moviesPath ??= found.movies;
  } else {
    if (!existsSync(a.data)) fail(`data file ${a.data} does not exist`);
    format = formatFor(a.data, a.format);
    files = { data: a.data };
    if (format === 'movielens' && moviesPath === undefined) moviesPath = moviesIn(dirname(a.data));
  }
  if (a.noCatalog) moviesPath = undefined;
  if (a.columns !== undefined && !given) fail('--columns applies to --train/--valid/--test files');
  const bytes = Object.fromEntries(Object.entries(files).map(([part, path]) => {
    const raw = readBytes(path, `${part} file`);
    return [part, a.columns !== undefined ? columnsToTsv(raw, a.columns, path) : raw];
  }));
  const catalog = moviesPath ? readMovies(moviesPath) : null;

  const rr = await loadTools();
  // The algorithms come from the core's registry: no list of names here.
  const known = rr.algorithms.map((x) => x.name);
  const trainable = rr.algorithms.filter((x) => x.trainable).map((x) => x.name);
  const algorithms = a.algorithms.trim() === 'all' ? trainable : a.algorithms.split(',').map((s) => s.trim()).filter(Boolean);
  if (algorithms.length === 0) fail('--algorithms needs at least one name');
  for (const name of algorithms) {
    if (!trainable.includes(name)) fail(`unknown algorithm '${name}'; choose from: ${trainable.join(', ')} (or all)`);
  }
  const per = parseOpts(a.opts, algorithms, known);
  const log = (msg) => { if (!a.quiet && !a.json) console.error(msg); };
  const datasets = {};
  try {
    for (const [part, data] of Object.entries(bytes)) {
      try {
        datasets[part] = rr.readDataset(data, { format, skipBad: !!a.skipBad });
      } catch (err) {
        if (err instanceof rr.ReelRankError) fail(`${files[part]}: ${err.message}`);
        throw err;
      }
      const d = datasets[part];
      log(`${files[part]}: ${count(d.lines)} lines, ${count(d.events)} events, ${count(d.users)} users, ${count(d.items)} items` +
        `${d.skipped ? `; ${count(d.skipped)} malformed lines skipped` : ''}`);
      for (const w of d.warnings) log(`  skipped ${w}`);
    }
    if (catalog) log(`catalogue: ${count(catalog.length)} items with genres from ${moviesPath}`);
    const data = given ? { ...datasets } : datasets.data;
    const results = [];
    const notRun = [];
    for (const algorithm of nextItem ? algorithms : []) {
      const bar = progressBar(a.quiet);
      let r;
      try {
        const { options, blend, weights } = per[algorithm];
        r = rr.evaluateNextItem(data, {
          ...options, algorithm, split: given ? undefined : split, k, tune: !!a.tune, sequence: a.sequence, catalog,
          blend: Object.keys(blend).length ? blend : undefined, weights: Object.keys(weights).length ? weights : undefined,
          onProgress: (p) => bar.update(algorithm, { fold: p.trial, folds: p.trials, stage: p.stage, done: p.done, total: p.total, seconds: 0 }),
        });
      } catch (err) {
        bar.done();
        if (!(err instanceof rr.ReelRankError) || err.code === 'E_CANCELLED') throw err;
        // One algorithm that cannot run here (content on a log without tags,
        // say) is reported and the others still run; the exit status says so.
        notRun.push({ algorithm, code: err.code, message: err.message });
        console.error(`eval: ${algorithm}: not run: ${err.message} (${err.code})`);
        if (a.json) console.log(JSON.stringify({ algorithm, error: { code: err.code, message: err.message } }));
        continue;
      }
      bar.done();
      results.push(r);
      if (a.json) console.log(JSON.stringify(r));
      else printNextItem(r);
    }
    if (nextItem) {
      if (a.markdown) printNextItemMarkdown(results, notRun);
      if (notRun.length) process.exitCode = 1;
      return;
    }
    for (const algorithm of algorithms) {
      const bar = progressBar(a.quiet);
      let r;
      try {
        const { options, blend, weights } = per[algorithm];
        r = rr.evaluate(data, {
          ...options, algorithm, split: given ? undefined : split, k, seed, catalog, calibration, popularityCorrection,
          blend: Object.keys(blend).length ? blend : undefined, weights: Object.keys(weights).length ? weights : undefined,
          onProgress: (p) => bar.update(algorithm, p),
        });
      } catch (err) {
        bar.done();
        if (err instanceof rr.ReelRankError) fail(`${algorithm}: ${err.message}`);
        throw err;
      }
      bar.done();
      results.push(r);
      if (a.json) {
        const { algorithm: name, k: kk, users, precision, recall, ndcg, map, hitrate, mrr, coverage, rmse, mae, fitSeconds, recommendSeconds } = r;
        console.log(JSON.stringify({
          algorithm: name, k: kk, users, precision, recall, ndcg, map, hitrate, mrr, coverage, rmse, mae, fitSeconds, recommendSeconds,
          split: r.split, folds: r.folds, seed: r.seed, popularity: r.popularity, diversity: r.diversity, predictSeconds: r.predictSeconds, ratings: r.ratings,
          longTailShare: r.longTailShare, miscalibration: r.miscalibration, calibration: r.calibration, popularityCorrection: r.popularityCorrection,
        }));
      } else {
        printTable(r);
      }
    }
    if (a.markdown) printMarkdown(results);
  } finally {
    for (const d of Object.values(datasets)) d.dispose();
  }
}

main().catch((err) => {
  if (err instanceof UsageError) {
    console.error(`eval: ${err.message}`);
    process.exitCode = 2;
  } else {
    console.error(`eval: unexpected failure: ${err?.stack ?? err}`);
    process.exitCode = 1;
  }
});
