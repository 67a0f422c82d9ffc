#!/usr/bin/env node
// npm run fuzz -- [--seconds N] [--target NAME] [--coverage] [--catch2]
// Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for N seconds
// from the committed seed corpus (tests/fuzz/corpus) plus the committed crash
// regressions (tests/fuzz/regressions), printing executions and crashes per
// target. The working corpus grows in build/fuzz/corpus/ across runs. A crash
// leaves its input in build/fuzz/artifacts/ and fails the run: commit it under
// tests/fuzz/regressions/<target>/ and fix it.
//
// --catch2 first builds the native Catch2 suite in the same build and runs it
// under the same sanitizers (npm test does this: one sanitised build of the
// core serves both, where two took a third of a CI run).
//
// --coverage then runs the working corpus through a second build made with
// clang source-based coverage and prints, per reader, the share of its lines
// the corpus reaches (llvm-cov's line count), with the lines it misses in
// build/fuzz/coverage/<target>-missed.txt.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const usage = `usage: npm run fuzz -- [--seconds N] [--target NAME] [--coverage] [--catch2]
  --seconds N    fuzz each target for N seconds (default 60; 0 = run only the corpus)
  --target NAME  only this target (one of the tests/fuzz/*.cpp names)
  --catch2       first build and run the Catch2 suite in the same ASan+UBSan build
  --coverage     afterwards, report the line coverage of each reader reached by the corpus
  --help         this text`;
let values;
try {
  ({ values } = parseArgs({
    options: { seconds: { type: 'string', default: '60' }, target: { type: 'string' }, coverage: { type: 'boolean', default: false },
      catch2: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  }));
} catch (err) {
  console.error(`fuzz: ${err.message}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const seconds = Number(values.seconds);
if (!Number.isFinite(seconds) || seconds < 0) {
  console.error(`fuzz: --seconds needs a number >= 0 (got '${values.seconds}')\n${usage}`);
  process.exit(2);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const allTargets = readdirSync(join(root, 'tests', 'fuzz')).filter((f) => f.endsWith('.cpp')).map((f) => f.slice(0, -4));
if (values.target && !allTargets.includes(values.target)) {
  console.error(`fuzz: unknown target '${values.target}'; targets: ${allTargets.join(', ')}`);
  process.exit(2);
}
const targets = allTargets.filter((t) => !values.target || t === values.target);

// The readers each target exists for. `functions` are fragments of mangled
// names (llvm-cov matches those); `file` takes every function of a file.
const READERS = {
  fuzz_model_load: [
    ['Model::load', 'src/core/models/model.cpp', '5Model4load'],
    ['readPolicy (model header)', 'src/core/models/model.cpp', '10readPolicy'],
    ['readItemEvidence (format 3)', 'src/core/models/item_evidence.cpp', '16readItemEvidence'],
    ['readRecommender', 'src/core/models/recommender.cpp', 'readRecommender'],
    ['Catalog::read', 'src/core/data/catalog.cpp', '7Catalog4read'],
    ['readIdMap', 'src/core/common/id_map.cpp', '9readIdMap'],
    ['openSnapshot (envelope)', 'src/core/common/binary_io.cpp', '12openSnapshot'],
    ['PopularityModel::read', 'src/core/models/popularity.cpp', '15PopularityModel4read'],
    ['ContentModel::read', 'src/core/models/content.cpp', '12ContentModel4read'],
    ['ItemKnnModel::read', 'src/core/models/item_knn.cpp', '12ItemKnnModel4read'],
    ['UserKnnModel::read', 'src/core/models/user_knn.cpp', '12UserKnnModel4read'],
    ['FactorModel::read (mf, ials, factors)', 'src/core/models/factor_model.cpp', '11FactorModel4read'],
    ['EaseModel::read', 'src/core/models/ease.cpp', '9EaseModel4read'],
    ['TransitionsModel::read', 'src/core/models/transitions.cpp', '16TransitionsModel4read'],
    ['SlistModel::read', 'src/core/models/slist.cpp', '10SlistModel4read'],
    ['TrendingModel::read', 'src/core/models/trending.cpp', '13TrendingModel4read'],
    ['SasrecModel::read', 'src/core/models/sasrec/sasrec_model.cpp', '11SasrecModel4read'],
  ],
  fuzz_profile_load: [
    ['Profile::load', 'src/core/profile/profile.cpp', '7Profile4load'],
    ['readAcc (profile accumulators)', 'src/core/profile/profile.cpp', '7readAcc'],
    ['readIdMap', 'src/core/common/id_map.cpp', '9readIdMap'],
    ['openSnapshot (envelope)', 'src/core/common/binary_io.cpp', '12openSnapshot'],
  ],
  fuzz_npy_reader: [['npy_reader.cpp (whole file)', 'src/core/io/npy_reader.cpp', null]],
  fuzz_dataset_reader: [['dataset_reader.cpp (whole file)', 'src/core/io/dataset_reader.cpp', null]],
  fuzz_safetensors: [
    ['safetensors_reader.cpp (whole file)', 'src/core/io/safetensors_reader.cpp', null],
    ['sasrec_import.cpp (whole file)', 'src/core/models/sasrec/sasrec_import.cpp', null],
  ],
};

// Under the shared build lock: never two builds at once on a 2-core machine.
// -O1 -g1 (line tables): the sanitizers' usual level; at -O2 -g the
// sanitised core alone took 13 minutes of a 29-minute CI run (2026-12-01).
function buildTargets(dir, coverage, names) {
  if (!existsSync(join(dir, 'CMakeCache.txt'))) {
    execFileSync('cmake', ['-S', root, '-B', dir, '-DCMAKE_BUILD_TYPE=RelWithDebInfo', '-DCMAKE_CXX_COMPILER=clang++',
      '-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG', '-DREELRANK_FUZZ=ON',
      `-DREELRANK_FUZZ_COVERAGE=${coverage ? 'ON' : 'OFF'}`, '-DREELRANK_BUILD_TESTS=ON', '-DREELRANK_BUILD_BENCH=OFF'],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  execFileSync('flock', ['/tmp/reelrank-build.lock', 'cmake', '--build', dir, '-j2', '--target', ...names], { stdio: 'inherit' });
}

const build = join(root, 'build', 'fuzz');
buildTargets(build, false, values.catch2 ? ['reelrank_tests', ...targets] : targets);
if (values.catch2) {
  console.error('the Catch2 suite under ASan + UBSan ...');
  const r = spawnSync(join(build, 'reelrank_tests'), [], { stdio: 'inherit',
    env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'print_stacktrace=1' } });
  if (r.status !== 0) {
    console.error(`fuzz: the Catch2 suite failed under the sanitizers (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

const rows = [];
let failed = false;
for (const t of targets) {
  const work = join(build, 'corpus', t);
  const artifacts = join(build, 'artifacts', t);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  mkdirSync(artifacts, { recursive: true });
  for (const from of ['corpus', 'regressions']) {
    const seeds = join(root, 'tests', 'fuzz', from, t);
    if (existsSync(seeds)) cpSync(seeds, work, { recursive: true });
  }
  console.error(seconds > 0 ? `fuzzing ${t} for ${seconds} s ...` : `running the corpus of ${t} ...`);
  const limit = seconds > 0 ? `-max_total_time=${seconds}` : '-runs=0';
  const r = spawnSync(join(build, t), [work, limit, '-print_final_stats=1', '-max_len=65536',
    `-artifact_prefix=${artifacts}/`, '-rss_limit_mb=4096'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = `${r.stdout}${r.stderr}`;
  const execs = Number(/stat::number_of_executed_units:\s*(\d+)/.exec(out)?.[1] ?? NaN);
  const crashes = readdirSync(artifacts).length;
  if (r.status !== 0 || crashes > 0) {
    failed = true;
    console.error(out.split('\n').slice(-40).join('\n'));
  }
  rows.push({ target: t, seconds, executions: execs, corpus: readdirSync(work).length, crashes, exit: r.status });
}
console.log('| target | seconds | executions | corpus files | crashes |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.target} | ${r.seconds} | ${r.executions.toLocaleString('en')} | ${r.corpus} | ${r.crashes} |`);
}
if (failed) {
  console.error('fuzz: a target crashed; its input is in build/fuzz/artifacts/');
  process.exit(1);
}

if (values.coverage) {
  const llvm = (tool) => (existsSync(`/usr/bin/${tool}-14`) ? `${tool}-14` : tool);
  const covBuild = join(root, 'build', 'fuzz-coverage');
  buildTargets(covBuild, true, targets);
  const report = join(covBuild, 'report');
  mkdirSync(report, { recursive: true });
  console.log('\n| target | reader | lines | reached | line coverage |');
  console.log('|---|---|---:|---:|---:|');
  for (const t of targets) {
    const profraw = join(report, `${t}.profraw`);
    const profdata = join(report, `${t}.profdata`);
    rmSync(profraw, { force: true });
    const r = spawnSync(join(covBuild, t), [join(build, 'corpus', t), '-runs=0', '-max_len=65536'],
      { encoding: 'utf8', env: { ...process.env, LLVM_PROFILE_FILE: profraw }, maxBuffer: 64 << 20 });
    if (r.status !== 0) {
      console.error(`${r.stdout}${r.stderr}`.split('\n').slice(-20).join('\n'));
      process.exit(1);
    }
    execFileSync(llvm('llvm-profdata'), ['merge', '-sparse', profraw, '-o', profdata]);
    const missed = [];
    for (const [label, file, fn] of READERS[t] ?? []) {
      const args = ['show', join(covBuild, t), `-instr-profile=${profdata}`, '-format=text', '-show-line-counts'];
      if (fn) args.push(`-name-regex=${fn}`);
      args.push(join(root, file));
      const text = execFileSync(llvm('llvm-cov'), args, { encoding: 'utf8', maxBuffer: 64 << 20 });
      // A code line reads "  NNN|  count|source"; lines without a count are not code.
      let lines = 0, reached = 0;
      const seen = new Set();
      for (const line of text.split('\n')) {
        const m = /^\s*(\d+)\|\s*([0-9.]+[kMGTE]?)\|(.*)$/.exec(line);
        if (!m || seen.has(m[1])) continue;
        seen.add(m[1]);
        lines += 1;
        if (m[2] !== '0') reached += 1;
        else missed.push(`${file}:${m[1]}: ${m[3].trim()}`);
      }
      const share = lines ? (100 * reached / lines).toFixed(1) : 'n/a';
      console.log(`| ${t} | ${label} | ${lines} | ${reached} | ${share}% |`);
    }
    writeFileSync(join(report, `${t}-missed.txt`), `${missed.join('\n')}\n`);
  }
  console.log(`\nlines not reached: ${join('build', 'fuzz-coverage', 'report')}/<target>-missed.txt`);
}
