#!/usr/bin/env node
// npm run fuzz -- [--seconds N] [--target NAME]
// Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for N seconds
// (default 60) from the committed seed corpus, printing executions and
// crashes per target. A crash leaves its input in build/fuzz/artifacts/ and
// fails the run: turn it into a regression test.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const seconds = Number(opt('--seconds', '60'));
const only = opt('--target', null);
if (!Number.isFinite(seconds) || seconds <= 0) {
  console.error('fuzz: --seconds needs a positive number');
  process.exit(2);
}
const build = join(root, 'build', 'fuzz');
if (!existsSync(join(build, 'CMakeCache.txt'))) {
  execFileSync('cmake', ['-S', root, '-B', build, '-DCMAKE_BUILD_TYPE=RelWithDebInfo', '-DCMAKE_CXX_COMPILER=clang++',
    '-DREELRANK_FUZZ=ON', '-DREELRANK_BUILD_TESTS=OFF', '-DREELRANK_BUILD_BENCH=OFF'], { stdio: 'inherit' });
}
const targets = readdirSync(join(root, 'tests', 'fuzz')).filter((f) => f.endsWith('.cpp')).map((f) => f.slice(0, -4))
  .filter((t) => !only || t === only);
// Under the shared build lock: never two builds at once on a 2-core machine.
execFileSync('flock', ['/tmp/reelrank-build.lock', 'cmake', '--build', build, '-j2', '--target', ...targets], { stdio: 'inherit' });

const rows = [];
let failed = false;
for (const t of targets) {
  const work = join(build, 'corpus', t);
  const artifacts = join(build, 'artifacts', t);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  mkdirSync(artifacts, { recursive: true });
  const seeds = join(root, 'tests', 'fuzz', 'corpus', t);
  if (existsSync(seeds)) cpSync(seeds, work, { recursive: true });
  console.error(`fuzzing ${t} for ${seconds} s ...`);
  const r = spawnSync(join(build, t), [work, `-max_total_time=${seconds}`, '-print_final_stats=1', '-max_len=65536',
    `-artifact_prefix=${artifacts}/`, '-rss_limit_mb=4096'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = `${r.stdout}${r.stderr}`;
  const execs = Number(/stat::number_of_executed_units:\s*(\d+)/.exec(out)?.[1] ?? NaN);
  const crashes = readdirSync(artifacts).length;
  if (r.status !== 0 || crashes > 0) {
    failed = true;
    console.error(out.split('\n').slice(-40).join('\n'));
  }
  rows.push({ target: t, seconds, executions: execs, crashes, exit: r.status });
}
console.log('| target | seconds | executions | crashes |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.target} | ${r.seconds} | ${r.executions.toLocaleString('en')} | ${r.crashes} |`);
if (failed) {
  console.error('fuzz: a target crashed; its input is in build/fuzz/artifacts/');
  process.exit(1);
}
