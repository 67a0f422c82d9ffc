#!/usr/bin/env node
// npm run simulate -- --data PATH --sessions 5 --policy none,random:0.1,oracle [--people 200 --seed 1 ...]
//
// The seeded feed simulator (docs/simulator.md), in wasm through the built
// package (dist/), so the figures are those of the code a page runs: a world
// of true tastes is fitted to the dataset, new videos arrive during the run,
// and every simulated person is fed by each policy. Prints a table per
// policy (or, with --json, one JSON object per line; --markdown adds one
// table comparing them); a progress bar goes to stderr when it is a
// terminal. Exit codes: 0 done, 2 a usage or data error (the message says
// what to fix), 1 an unexpected failure.
import { parseCli } from './cli.mjs';
import { FORMATS, UsageError, loadTools, locateData, readBytes, readMovies } from './datasets.mjs';

const USAGE = `usage: npm run simulate -- --data PATH [--format FORMAT] [--policy LIST] [--sessions N] [options]

  --data PATH         a dataset file, or a MovieLens folder (ratings.csv, u.data or ratings.dat;
                      movies.csv / movies.dat / u.item, when present, give genres as tags)
  --format NAME       ${FORMATS.join(' | ')} (default: movielens for a folder,
                      else from the file extension: .csv csv, .tsv tsv)
  --policy LIST       comma-separated policies: none (the recommender, no exploration),
                      random:SHARE (the ranker's exploration share), thompson:BUDGET or
                      ucb:BUDGET (new-video exploration: recommend's newVideoBudget and
                      newVideoMethod), oracle (ranks by the true tastes: the regret baseline);
                      default none,random:0.1,oracle
  --sessions N        sessions per person, one per simulated day (default 5)
  --people N          people simulated, a seeded sample of the log's users; 0 = all (default 200)
  --seed N            seed of the world, the people and their behaviour (default 1)
  --algorithm NAME    the recommender every model policy ranks with (default ials)
  --set NAME=VALUE    repeatable: any other simulation setting (pageSize, maxSessionVideos,
                      retrainEvery, newVideoShare, videosPerCreator, worldFactors, lowFraction,
                      highFraction, highQuantile, defaultDuration, watchNoise, skipBelow, patience,
                      likeRate, shareRate, impressionTarget, newVideoWindow; docs/simulator.md), or ALGO.OPTION=V
                      for the recommender (ials.factors=32)
  --catalog FILE      a MovieLens movies.csv / movies.dat whose genres become tags
  --no-catalog        ignore the genres found beside a MovieLens ratings file
  --skip-bad          skip malformed lines (counted and reported) instead of stopping
  --json              one JSON object per policy on stdout (and one for the world first)
  --markdown          also print one markdown table comparing the policies
  --by-day            also print watch time per session on each day, one column per policy
                      (the first sessions against the long run)
  --quiet             no progress on stderr
  --help              this text`;

const OPTIONS = {
  data: { type: 'string' }, format: { type: 'string' }, policy: { type: 'string', default: 'none,random:0.1,oracle' },
  sessions: { type: 'string' }, people: { type: 'string' }, seed: { type: 'string' }, algorithm: { type: 'string' },
  set: { type: 'string', multiple: true, default: [] }, catalog: { type: 'string' }, 'no-catalog': { type: 'boolean' },
  'skip-bad': { type: 'boolean' }, json: { type: 'boolean' }, markdown: { type: 'boolean' }, quiet: { type: 'boolean' },
  'by-day': { type: 'boolean' },
};

const fail = (message) => {
  throw new UsageError(message);
};

function wholeNumber(text, name) {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) fail(`--${name} must be a whole number (got '${text}')`);
  return Number(text);
}

// --set NAME=VALUE -> simulation settings (names from the core's schema) and recommender options.
function parseSets(list, fieldNames, algorithm) {
  const settings = {};
  const options = {};
  for (const entry of list) {
    const eq = entry.indexOf('=');
    if (eq < 1) fail(`--set '${entry}' is not NAME=VALUE (e.g. patience=5)`);
    const key = entry.slice(0, eq).trim();
    const value = Number(entry.slice(eq + 1).trim());
    if (entry.slice(eq + 1).trim() === '' || !Number.isFinite(value)) fail(`--set ${entry}: the value must be a number`);
    if (fieldNames.includes(key)) {
      settings[key] = value;
    } else if (key.startsWith(`${algorithm}.`) && key.length > algorithm.length + 1) {
      options[key.slice(algorithm.length + 1)] = value;
    } else {
      fail(`--set ${key}: not a simulation setting (${fieldNames.join(', ')}) nor ${algorithm}.OPTION`);
    }
  }
  return { settings, options };
}

function progressBar(quiet) {
  if (quiet || !process.stderr.isTTY) return { update() {}, done() {} };
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 80 && p.done !== p.total) return;
      last = now;
      const width = 30;
      const share = p.stage === 'world' ? (p.total ? p.done / p.total : 0)
        : (p.policy + (p.round + (p.total ? p.done / p.total : 0)) / p.rounds) / p.policies;
      const filled = Math.round(Math.min(1, share) * width);
      const where = p.stage === 'world' ? `fitting the world ${p.done}/${p.total}`
        : `policy ${p.policy + 1}/${p.policies} day ${p.round + 1}/${p.rounds} ${p.stage} ${p.done}/${p.total}`;
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${where} ${p.seconds.toFixed(1)} s\x1b[K`);
    },
    done() { process.stderr.write('\r\x1b[K'); },
  };
}

const f = (x, d = 3) => (x == null ? '–' : x.toFixed(d));
const pct = (x) => (x == null ? '–' : `${(100 * x).toFixed(1)}%`);

// The long run: the mean of the last quarter of the days (at least the last
// day), when what exploration found has had time to pay and the first
// sessions' cost is behind (docs/simulator.md, "The long run").
function lastQuarter(byDay) {
  const tail = byDay.slice(byDay.length - Math.max(1, Math.ceil(byDay.length / 4)));
  return tail.some((x) => x == null) ? null : tail.reduce((a, b) => a + b, 0) / tail.length;
}

const ROWS = [
  ['watch time / session', (r) => `${f(r.watchTimePerSession, 1)} s`],
  ['watch time, first day', (r) => `${f(r.watchTimeByDay[0], 1)} s`],
  ['watch time, last quarter', (r) => `${f(lastQuarter(r.watchTimeByDay), 1)} s`],
  ['likes / session', (r) => f(r.likesPerSession, 2)],
  ['shares / session', (r) => f(r.sharesPerSession, 2)],
  ['skips / session', (r) => f(r.skipsPerSession, 2)],
  ['session length', (r) => `${f(r.sessionLength, 1)} videos`],
  ['mean watch fraction', (r) => f(r.meanWatchFraction)],
  ['regret / session', (r) => `${f(r.regretPerSession, 1)} s`],
  ['slot regret / session', (r) => f(r.slotRegretPerSession)],
  ['new videos at target', (r) => pct(r.newVideosReached)],
  ['impressions / new video', (r) => f(r.newVideoMeanImpressions, 1)],
  ['new videos\' share of impressions', (r) => pct(r.newVideoImpressionShare)],
  ['Gini, videos', (r) => f(r.giniVideos)],
  ['Gini, creators', (r) => f(r.giniCreators)],
  ['miscalibration', (r) => f(r.miscalibration)],
  ['retrains', (r) => String(r.retrains)],
  ['run time', (r) => `${f(r.seconds, 1)} s`],
];

// Watch time per session on each day, one column per policy (markdown or aligned text).
function printByDay(policies, markdown) {
  const days = policies[0].watchTimeByDay.length;
  const cells = (d) => policies.map((p) => f(p.watchTimeByDay[d], 1));
  console.log('\nwatch time per session (s) by day');
  if (markdown) {
    console.log(`| day | ${policies.map((p) => p.policy).join(' | ')} |`);
    console.log(`|---:|${policies.map(() => '---:').join('|')}|`);
    for (let d = 0; d < days; ++d) console.log(`| ${d + 1} | ${cells(d).join(' | ')} |`);
    return;
  }
  const width = Math.max(10, ...policies.map((p) => p.policy.length));
  console.log(`${'day'.padEnd(6)}${policies.map((p) => p.policy.padStart(width + 2)).join('')}`);
  for (let d = 0; d < days; ++d) console.log(`${String(d + 1).padEnd(6)}${cells(d).map((c) => c.padStart(width + 2)).join('')}`);
}

function describeWorld(r) {
  const w = r.world, s = r.settings;
  return `world: ${w.people} people, ${w.videos} videos (${w.newVideos} new, arriving over ${s.sessions} days; ${w.taggedVideos} tagged), ` +
    `${w.creators} creators (${w.newCreators} new); true tastes: iALS ${w.factors} factors, fitted in ${w.fitSeconds.toFixed(1)} s; ` +
    `recommender ${r.algorithm}, retrained every ${s.retrainEvery || '–'} day(s); seed ${s.seed}`;
}

async function main() {
  const { values: a } = parseCli({ name: 'simulate', usage: USAGE, options: OPTIONS });
  if (a.data === undefined) fail('--data PATH is required; --help lists the options');
  const { path, format, moviesPath } = locateData(a.data, a.format, a.catalog, a['no-catalog']);
  const bytes = readBytes(path, 'data file');
  const catalog = moviesPath ? readMovies(moviesPath) : null;

  const rr = await loadTools();
  const schema = rr.simulateFeed.schema;
  const algorithm = a.algorithm ?? schema.defaultAlgorithm;
  const trainable = rr.algorithms.filter((x) => x.trainable).map((x) => x.name);
  if (!trainable.includes(algorithm)) fail(`unknown algorithm '${algorithm}'; choose from: ${trainable.join(', ')}`);
  const { settings, options } = parseSets(a.set, schema.fields.map((x) => x.name), algorithm);
  for (const name of ['sessions', 'people', 'seed']) if (a[name] !== undefined) settings[name] = wholeNumber(a[name], name);
  const log = (msg) => { if (!a.quiet && !a.json) console.error(msg); };

  let data;
  try {
    data = rr.readDataset(bytes, { format, skipBad: !!a['skip-bad'] });
  } catch (err) {
    if (err instanceof rr.ReelRankError) fail(`${path}: ${err.message}`);
    throw err;
  }
  try {
    log(`${path}: ${data.lines.toLocaleString('en')} lines, ${data.events.toLocaleString('en')} events, ${data.users} users, ${data.items} items` +
      `${data.skipped ? `; ${data.skipped} malformed lines skipped` : ''}`);
    if (catalog) log(`catalogue: ${catalog.length.toLocaleString('en')} items with genres from ${moviesPath}`);
    const bar = progressBar(a.quiet);
    const started = Date.now();
    let r;
    try {
      r = rr.simulateFeed(data, { ...options, ...settings, algorithm, policies: a.policy, catalog, onProgress: (p) => bar.update(p) });
    } catch (err) {
      bar.done();
      if (err instanceof rr.ReelRankError && err.code !== 'E_CANCELLED') fail(err.message);
      throw err;
    }
    bar.done();
    const total = (Date.now() - started) / 1000;
    if (a.json) {
      console.log(JSON.stringify({ world: r.world, algorithm: r.algorithm, settings: r.settings, seconds: total }));
      for (const p of r.policies) console.log(JSON.stringify(p));
    } else {
      console.log(describeWorld(r));
      const width = Math.max(10, ...r.policies.map((p) => p.policy.length));
      console.log(`\n${''.padEnd(22)}${r.policies.map((p) => p.policy.padStart(width + 2)).join('')}`);
      for (const [name, cell] of ROWS) console.log(`${name.padEnd(22)}${r.policies.map((p) => cell(p).padStart(width + 2)).join('')}`);
      console.log(`\n${r.policies.reduce((n, p) => n + p.sessions, 0).toLocaleString('en')} sessions in ${total.toFixed(1)} s`);
    }
    if (a.markdown) {
      console.log(`\n| policy | ${ROWS.map(([name]) => name).join(' | ')} |`);
      console.log(`|---|${ROWS.map(() => '---:').join('|')}|`);
      for (const p of r.policies) console.log(`| ${p.policy} | ${ROWS.map(([, cell]) => cell(p)).join(' | ')} |`);
    }
    if (a['by-day'] && !a.json) printByDay(r.policies, !!a.markdown);
  } finally {
    data.dispose();
  }
}

main().catch((err) => {
  if (err instanceof UsageError) {
    console.error(`simulate: ${err.message}`);
    process.exitCode = 2;
  } else {
    console.error(`simulate: unexpected failure: ${err?.stack ?? err}`);
    process.exitCode = 1;
  }
});
