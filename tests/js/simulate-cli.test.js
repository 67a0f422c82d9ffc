// npm run simulate (scripts/simulate.mjs): its usage and exit codes, and a
// small run end to end with --json and --markdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = (args) => spawnSync(process.execPath, [join(root, 'scripts', 'simulate.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

test('simulate --help prints its usage and exits 0; an unknown flag exits 2', () => {
  const help = run(['--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^usage: npm run simulate -- --data PATH/);
  for (const flag of ['--policy', '--sessions', '--people', '--seed', '--set', '--json', '--markdown']) assert.ok(help.stdout.includes(flag), flag);
  const bad = run(['--no-such-flag']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /Unknown option '--no-such-flag'/);
  assert.equal(bad.stdout, '');
});

test('simulate: usage and data errors exit 2 with what to fix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rr-sim-'));
  try {
    const file = join(dir, 'log.csv');
    writeFileSync(file, 'user,item,value\na,x,1\nb,y,1\n');
    const cases = [
      [[], /--data PATH is required/],
      [['--data', join(dir, 'missing.csv')], /does not exist/],
      [['--data', file, '--policy', 'greedy'], /unknown policy 'greedy'; choose from: none, random:VALUE, thompson:VALUE, ucb:VALUE, oracle/],
      [['--data', file, '--sessions', 'many'], /--sessions must be a whole number/],
      [['--data', file, '--sessions', '0'], /sessions must be between 1 and 1000/],
      [['--data', file, '--set', 'patience'], /not NAME=VALUE/],
      [['--data', file, '--set', 'nosuch=1'], /not a simulation setting/],
      [['--data', file, '--algorithm', 'nosuch'], /unknown algorithm 'nosuch'/],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('simulate: a small run, as JSON lines and as a markdown table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rr-sim-'));
  try {
    const rows = [];
    for (let u = 0; u < 10; ++u) for (let j = 0; j < 30; ++j) if ((u + j) % 2 === 0) rows.push(`u${u},m${j},1,${j}`);
    const file = join(dir, 'log.csv');
    writeFileSync(file, `user,item,value,timestamp\n${rows.join('\n')}\n`);
    const args = ['--data', file, '--sessions', '2', '--people', '6', '--algorithm', 'itemknn', '--policy', 'none,random:0.2,oracle',
      '--set', 'worldFactors=4', '--set', 'maxSessionVideos=5', '--set', 'itemknn.neighbors=5'];
    const r = run([...args, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 4);
    assert.equal(lines[0].world.people, 6);
    assert.equal(lines[0].settings.maxSessionVideos, 5);
    assert.deepEqual(lines.slice(1).map((p) => p.policy), ['none', 'random:0.2', 'oracle']);
    assert.equal(lines[3].regretPerSession, 0);
    const md = run([...args, '--markdown', '--quiet']);
    assert.equal(md.status, 0, md.stderr);
    assert.match(md.stdout, /^\| policy \| watch time \/ session \|/m);
    assert.match(md.stdout, /^\| oracle \| .* \| 0\.000 \|/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
